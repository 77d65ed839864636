import express, { type Express } from 'express';
import { getAbsoluteFSPath } from 'swagger-ui-dist';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Parley API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;
const INIT = `window.ui = SwaggerUIBundle({ url: '/api/docs/openapi.json', dom_id: '#ui' });`;

/** Serves the OpenAPI document and a Swagger UI page at /api/docs. */
export function mountDocs(app: Express, document: Record<string, unknown>): void {
  app.get('/api/docs/openapi.json', (_req, res) => void res.json(document));
  app.get('/api/docs/init.js', (_req, res) => void res.type('application/javascript').send(INIT));
  app.use('/api/docs/assets', express.static(getAbsoluteFSPath(), { index: false }));
  app.get(['/api/docs', '/api/docs/'], (_req, res) => void res.type('html').send(PAGE));
}
