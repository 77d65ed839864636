import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import helmet from 'helmet';
import { AppModule } from './app.module.js';
import { AllExceptionsFilter } from './common/exception.filter.js';
import { answerJsonOutsideNest } from './common/client-errors.js';
import { PinoNestLogger, createLogger, httpLogger } from './common/logger.js';
import { requestTimeout } from './common/request-timeout.js';
import { loadConfig } from './config.js';
import { connectDatabase } from './database/connect.js';
import { mountDocs } from './docs/docs.js';
import { buildOpenApi, controllersOf } from './docs/openapi.js';
import { DemoService } from './demo/demo.service.js';
import { BusinessTimeService } from './derived/business-time.service.js';
import { VERSION } from './version.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = await connectDatabase(config);
  logger.info({ database: db.describe }, 'database');

  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ config, databaseUrl: db.url, embedded: db.embedded, version: VERSION, logger }),
    { bodyParser: false, logger: new PinoNestLogger(logger) },
  );
  app.disable('x-powered-by');
  // Behind a TLS-terminating proxy, trust its X-Forwarded-Proto so session cookies get Secure.
  if (config.trustProxy) app.set('trust proxy', 1);
  // Security headers; the CSP allows inline styles only (charts set style attributes).
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { 'style-src': ["'self'", "'unsafe-inline'"], 'upgrade-insecure-requests': null } },
      hsts: false, // served over plain http locally; put TLS (and HSTS) in front in production
    }),
  );
  app.use(httpLogger(logger));
  app.use(requestTimeout(config.limits.requestTimeoutMs));
  // Answers of the API are a workspace's private, changing data: no cache (browser, proxy) keeps them.
  app.use('/api/v1', (_req: express.Request, res: express.Response, next: express.NextFunction) => (res.setHeader('Cache-Control', 'no-store'), next()));
  // CORS is off (same-origin dashboard) unless origins are configured for other browser apps.
  if (config.corsOrigins.length) app.enableCors({ origin: config.corsOrigins, credentials: true });
  app.setGlobalPrefix('api/v1');
  app.useGlobalFilters(new AllExceptionsFilter(logger));
  const http = app.getHttpAdapter().getInstance() as express.Express;
  mountDocs(http, buildOpenApi(VERSION, controllersOf(app)));
  serveDashboard(http, config.webDist);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    await app.close();
    await db.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  // A first start (no workspace yet) gets the demo workspace, filled through the ingest path.
  let demo: Awaited<ReturnType<DemoService['seedIfEmpty']>> = null;
  if (config.demo) {
    await app.init();
    demo = await app.get(DemoService).seedIfEmpty(() => process.stderr.write('.'));
    if (demo) process.stderr.write('\n');
  }

  await app.listen(config.port, config.host);
  // Business-time recomputations a previous process left unfinished (the CLI does not resume them).
  void app.get(BusinessTimeService).resumeDue().catch((err: unknown) => logger.error({ err }, 'business-time resume failed'));
  // Slow clients may not hold a request open for ever (the body of a 10 MiB batch included).
  const httpServer = app.getHttpServer() as import('node:http').Server;
  answerJsonOutsideNest(httpServer, http);
  httpServer.requestTimeout = 120_000;
  httpServer.headersTimeout = 30_000;
  const port = (app.getHttpServer().address() as { port: number }).port;
  const url = `http://localhost:${port}`;
  logger.info({ url }, 'listening');
  // The one human-readable block: what a new user needs next. On stderr: stdout is the JSON log
  // stream (collected and shipped), and the demo's password and key must not end up there.
  process.stderr.write(
    `\nParley is running at ${url}\n` +
      `  dashboard:  ${url}/\n  API docs:   ${url}/api/docs\n  health:     ${url}/api/v1/health\n` +
      `  database:   ${db.describe}\n` +
      (demo
        ? `Seeded the '${demo.workspace}' workspace with 90 days of demo data (${demo.summary.accepted} events).\n` +
          `Sign in at ${url}/ as ${demo.email} with password ${demo.password}\n` +
          `Its API key (ingest, read) is shown only now:\n  ${demo.key}\n`
        : '') +
      `More: npm run parley -- workspace create <name> --tz Europe/Berlin\n` +
      `      npm run parley -- keys create --workspace <name> --scopes ingest,read\n\n`,
  );
}

/** The built dashboard on the same port; any non-API path gets index.html (client-side routes). */
function serveDashboard(http: express.Express, dist: string): void {
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return;
  http.use(express.static(dist, { index: false, maxAge: '1h' }));
  http.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(index));
}

main().catch((err) => {
  console.error('Parley failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
