import { z } from 'zod';
import { ErrorSchema, EventSchema, HealthSchema, IngestResultSchema, MAX_BATCH_EVENTS } from '@parley/shared';

/** The OpenAPI 3.1 document, built from the same zod schemas that validate requests. */
export function buildOpenApi(version: string): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries({ Event: EventSchema, IngestResult: IngestResultSchema, Error: ErrorSchema, Health: HealthSchema }))
    registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, unrepresentable: 'any', io: 'input' });
  for (const s of Object.values(schemas)) {
    delete (s as Record<string, unknown>).$schema;
    delete (s as Record<string, unknown>).$id;
  }

  const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
  const error = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Parley API',
      version,
      description: 'Messaging analytics: ingest conversation events, read response-time, engagement and loyalty metrics.',
    },
    servers: [{ url: '/api/v1' }],
    components: {
      schemas,
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (prly_…) created with `npm run parley -- keys create`' } },
    },
    paths: {
      '/events': {
        post: {
          summary: 'Ingest events',
          description:
            `One event object or a JSON array of up to ${MAX_BATCH_EVENTS} events. Each event is validated on its own: ` +
            'valid events are stored even when others in the batch are rejected. Idempotent by event id (first write wins). ' +
            'The answer is sent only after the accepted events are committed. Needs the `ingest` scope.',
          security: [{ apiKey: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { oneOf: [ref('Event'), { type: 'array', maxItems: MAX_BATCH_EVENTS, items: ref('Event') }] },
              },
            },
          },
          responses: {
            '200': { description: 'The batch was processed', content: { 'application/json': { schema: ref('IngestResult') } } },
            '400': error('The body is not JSON, not an object or array, or has more than 10,000 events'),
            '401': error('No API key, or an unknown or revoked one'),
            '403': error('The key lacks the ingest scope'),
            '413': error('The body is larger than 10 MiB'),
            '415': error('The Content-Type is not application/json'),
            '503': error('The database is unavailable'),
          },
        },
      },
      '/health': {
        get: {
          summary: 'Liveness and database readiness',
          responses: {
            '200': { description: 'Up, database reachable', content: { 'application/json': { schema: ref('Health') } } },
            '503': { description: 'Up, database unreachable', content: { 'application/json': { schema: ref('Health') } } },
          },
        },
      },
    },
  };
}
