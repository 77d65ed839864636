import { type INestApplicationContext, RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { z } from 'zod';
// Importing @parley/shared registers its schemas (those with an id) in zod's global registry.
import { CONNECTOR_KINDS, CONVERSATION_LIST, EXPORTS, LIVE, MAX_BATCH_EVENTS, MAX_CONVERSATION_EVENTS, MAX_DIMENSION_VALUES, REPORTS, REPORT_NAMES } from '@parley/shared';
import { type Access, accessOf } from '../auth/authenticated.decorator.js';
import { SESSION_SCOPES } from '../auth/caller.js';

/** Path parameters whose values the registry lists: such a route is documented as one path per value. */
const PATH_VALUES: Record<string, readonly string[]> = { report: REPORT_NAMES };

type Operation = { security?: unknown; responses: Record<string, unknown> };

/** The controllers an app serves. */
export function controllersOf(app: INestApplicationContext): Type[] {
  return [...app.get(ModulesContainer).values()].flatMap((m) => [...m.controllers.values()].map((c) => c.metatype as Type));
}

/**
 * The access each route of the controllers asks for, by `METHOD /path/{param}`; null: public.
 * `GET /metrics/{report}` stands for each report of the registry (PATH_VALUES).
 */
export function routeAccess(controllers: Type[]): Map<string, Access | null> {
  const routes = new Map<string, Access | null>();
  for (const controller of controllers) {
    const base = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]].flat()[0] ?? '';
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = controller.prototype[name] as () => unknown;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (name === 'constructor' || method === undefined) continue;
      const path = `/${base}/${[Reflect.getMetadata(PATH_METADATA, handler) as string | string[]].flat()[0] ?? ''}`
        .replace(/\/+/g, '/')
        .replace(/(.)\/$/, '$1')
        .replace(/:(\w+)/g, '{$1}');
      const param = /\{(\w+)\}/.exec(path)?.[1];
      const paths = param && PATH_VALUES[param] ? PATH_VALUES[param].map((v) => path.replace(`{${param}}`, v)) : [path];
      for (const p of paths) routes.set(`${RequestMethod[method]} ${p}`, accessOf(controller, handler) ?? null);
    }
  }
  return routes;
}

/**
 * Who may call an operation and what it answers when they may not (security, 401, 403), from
 * the route's @Authenticated: written once, in the decorator, not per operation.
 */
function annotate(method: string, op: Operation, access: Access): void {
  const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
  const byKey = !access.admin && !access.user;
  const bySession = SESSION_SCOPES.includes(access.scope);
  op.security = [...(byKey ? [{ apiKey: [] }] : []), ...(bySession ? [{ session: [] }] : [])];
  op.responses['401'] = error(
    byKey && bySession
      ? 'No API key nor session, or an unknown or revoked key, or an ended session'
      : byKey
        ? 'No API key, or an unknown or revoked one'
        : 'Not signed in, or the session has ended',
  );
  const refusals = [
    byKey && `The key lacks the ${access.scope} scope`,
    access.admin && 'Not an admin of the workspace',
    access.user && 'Called with an API key: this is a signed-in user\'s own',
    bySession && !['get', 'head'].includes(method) && 'Missing or wrong X-CSRF-Token',
  ].filter(Boolean);
  op.responses['403'] = error(refusals.join('; '));
}

/**
 * The OpenAPI 3.1 document, built from the same zod schemas that validate requests; who may call
 * each operation from the @Authenticated of the controllers' routes.
 */
export function buildOpenApi(version: string, controllers: Type[]): Record<string, unknown> {
  // Every schema of @parley/shared with an id (meta({ id })) is in zod's global registry.
  const { schemas } = z.toJSONSchema(z.globalRegistry, { uri: (id) => `#/components/schemas/${id}`, unrepresentable: 'any', io: 'input' });
  for (const s of Object.values(schemas)) {
    delete (s as Record<string, unknown>).$schema;
    delete (s as Record<string, unknown>).$id;
  }

  /** The query parameters of a registry entry, from its zod schema. */
  const parameters = (query: z.ZodType) => {
    const { properties } = z.toJSONSchema(query, { unrepresentable: 'any', io: 'input' }) as { properties: Record<string, { description?: string }> };
    return Object.entries(properties).map(([name, { description, ...schema }]) => ({
      name,
      in: 'query',
      required: false,
      description,
      schema,
      ...(name === 'channel' && { style: 'form', explode: true }),
    }));
  };
  const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
  const error = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });
  const document = {
    openapi: '3.1.0',
    info: {
      title: 'Parley API',
      version,
      description: 'Messaging analytics: ingest conversation events, read response-time, engagement and loyalty metrics.',
    },
    servers: [{ url: '/api/v1' }],
    components: {
      schemas,
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (prly_…) created with `npm run parley -- keys create` or by an admin' },
        session: { type: 'apiKey', in: 'cookie', name: 'parley_session', description: 'The session cookie set by /auth/login' },
      },
    },
    paths: {
      '/events': {
        post: {
          summary: 'Ingest events',
          description:
            `One event object or a JSON array of up to ${MAX_BATCH_EVENTS} events. Each event is validated on its own: ` +
            'valid events are stored even when others in the batch are rejected. Idempotent by event id (first write wins). ' +
            'The answer is sent only after the accepted events are committed. Needs the `ingest` scope.',
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
            '413': error('The body is larger than 10 MiB'),
            '415': error('The Content-Type is not application/json'),
            '503': error('The database is unavailable'),
          },
        },
      },
      ...Object.fromEntries(
        Object.values(REPORTS).map((report) => [
          `/metrics/${report.name}`,
          {
            get: {
              summary: report.description,
              parameters: parameters(report.query),
              responses: {
                '200': {
                  description: 'The report (JSON), or CSV with format=csv or Accept: text/csv',
                  content: { 'application/json': { schema: ref(z.globalRegistry.get(report.answer)!.id!) }, 'text/csv': { schema: { type: 'string' } } },
                },
                '400': error('A parameter is wrong; the message names it'),
              },
            },
          },
        ]),
      ),
      ...Object.fromEntries(
        Object.values(EXPORTS).map((entry) => [
          `/exports/${entry.name}`,
          {
            get: {
              summary: entry.description,
              description: 'Streams: memory does not grow with the number of rows. Instants are UTC ISO 8601.',
              parameters: parameters(entry.query),
              responses: {
                '200': { description: 'CSV (RFC 4180, UTF-8)', content: { 'text/csv': { schema: { type: 'string' } } } },
                '400': error('A parameter is wrong; the message names it'),
              },
            },
          },
        ]),
      ),
      '/auth/login': {
        post: {
          summary: 'Sign in with email and password',
          description:
            'Sets the httpOnly session cookie (parley_session) and the CSRF cookie (parley_csrf) whose value cookie-authenticated POST/PATCH/DELETE requests echo in X-CSRF-Token, and a device cookie (parley_device, sent only to this path) with which this browser keeps signing in while the account is locked for other clients. Failed sign-ins: 5 per account (clients without its device cookie), 20 per IP address and 5 per device cookie per 15 minutes.',
          requestBody: { required: true, content: { 'application/json': { schema: ref('LoginRequest') } } },
          responses: {
            '200': { description: 'Signed in', content: { 'application/json': { schema: ref('Me') } } },
            '400': error('The body is not {email, password}'),
            '401': error('Email or password is wrong'),
            '429': error('Too many failed sign-ins (see Retry-After)'),
          },
        },
      },
      '/auth/logout': { post: { summary: 'Sign out (ends the session)', responses: { '204': { description: 'Signed out' } } } },
      '/auth/me': {
        get: {
          summary: 'Who is calling: the user (null for an API key) and the workspace',
          responses: { '200': { description: 'The caller', content: { 'application/json': { schema: ref('Me') } } } },
        },
      },
      '/auth/password': {
        post: {
          summary: 'Change your own password (signed-in users)',
          description:
            'Checks the current password (a wrong one counts like a failed sign-in: 5 per session per 15 minutes), sets the new one and ends every other session of the user; this session stays signed in.',
          requestBody: { required: true, content: { 'application/json': { schema: ref('ChangePasswordRequest') } } },
          responses: {
            '204': { description: 'Changed' },
            '400': error('currentPassword is wrong, or newPassword is too short or the same; the message names the field'),
            '429': error('Too many wrong current passwords (see Retry-After)'),
          },
        },
      },
      '/workspace': {
        patch: {
          summary: "Rename the workspace or change its time zone (the dashboard's default zone)",
          description: 'Reports use the new zone from the next request on. Names are unique across the server (as `workspace create` requires).',
          requestBody: { required: true, content: { 'application/json': { schema: ref('UpdateWorkspaceRequest') } } },
          responses: {
            '200': { description: 'Changed', content: { 'application/json': { schema: ref('WorkspaceSettings') } } },
            '400': error('The name is empty or too long, or the time zone is unknown; the message names the field'),
            '409': error('Another workspace has this name'),
          },
        },
      },
      '/workspace/dimensions': {
        get: {
          summary: "The workspace's teams and tags with their conversations (all time), for pickers of the team and tag filters",
          description: `Most conversations first, then by name; at most ${MAX_DIMENSION_VALUES} of each (truncated says when there are more). withoutTeam and withoutTags count what the filter value none selects.`,
          responses: { '200': { description: 'Teams and tags', content: { 'application/json': { schema: ref('WorkspaceDimensions') } } } },
        },
      },
      '/conversations': {
        get: {
          summary: 'The conversations behind a figure (drill-down), with their facts, a page at a time',
          description:
            'Takes the metric period and filters, by (which instant lies in the period), status, agent, sort and order (ties by conversationId ascending, nulls last) and limit; pass nextCursor as cursor for the next page. A conversation whose facts do not change while the pages are walked is listed exactly once.',
          parameters: parameters(CONVERSATION_LIST.query),
          responses: {
            '200': { description: 'One page', content: { 'application/json': { schema: ref('ConversationList') } } },
            '400': error('A parameter or the cursor is wrong; the message names it'),
          },
        },
      },
      '/live': {
        get: {
          summary: 'What is happening now: open and waiting conversations, the longest waits, today so far against the same hours a week ago',
          description:
            'open: not resolved, with an event in the 7 days before asOf; waiting: those of them whose last customer message is unanswered (for responder); only events at or before asOf count.',
          parameters: parameters(LIVE.query),
          responses: {
            '200': { description: 'Now', content: { 'application/json': { schema: ref('LiveResponse') } } },
            '400': error('A parameter is wrong; the message names it'),
          },
        },
      },
      '/conversations/{conversationId}': {
        get: {
          summary: 'One conversation: its facts (calendar time, responder any) and its events in the order of events.md',
          description: `Percent-encode the id (ids may hold /, # or %). At most ${MAX_CONVERSATION_EVENTS} events are listed; moreEvents says when there are more.`,
          parameters: [{ name: 'conversationId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'The conversation', content: { 'application/json': { schema: ref('ConversationDetail') } } },
            '404': error('The workspace has no such conversation'),
          },
        },
      },
      '/admin/keys': {
        get: { summary: "The workspace's API keys (prefixes only)", responses: { '200': { description: 'Keys', content: { 'application/json': { schema: { type: 'array', items: ref('ApiKeyInfo') } } } } } },
        post: {
          summary: 'Create an API key (the whole key is in this answer only)',
          requestBody: { required: true, content: { 'application/json': { schema: ref('CreateKeyRequest') } } },
          responses: { '201': { description: 'Created', content: { 'application/json': { schema: ref('CreatedKey') } } }, '400': error('Bad body') },
        },
      },
      '/admin/keys/{prefix}': {
        delete: {
          summary: 'Revoke a key (it stops working at once)',
          parameters: [{ name: 'prefix', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '204': { description: 'Revoked' }, '404': error('No such live key') },
        },
      },
      '/admin/users': {
        get: { summary: "The workspace's users", responses: { '200': { description: 'Users', content: { 'application/json': { schema: { type: 'array', items: ref('UserInfo') } } } } } },
        post: {
          summary: 'Add a user',
          requestBody: { required: true, content: { 'application/json': { schema: ref('CreateUserRequest') } } },
          responses: { '201': { description: 'Added', content: { 'application/json': { schema: ref('UserInfo') } } }, '400': error('Bad body'), '409': error('Email taken') },
        },
      },
      '/admin/users/{email}': {
        patch: {
          summary: "Change a user's role",
          parameters: [{ name: 'email', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, content: { 'application/json': { schema: ref('UpdateUserRequest') } } },
          responses: { '204': { description: 'Changed' }, '404': error('No such user'), '409': error('The last admin') },
        },
        delete: {
          summary: 'Remove a user (ends their sessions)',
          parameters: [{ name: 'email', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '204': { description: 'Removed' }, '404': error('No such user'), '409': error('The last admin') },
        },
      },
      '/connections': {
        get: {
          summary: "The workspace's connections (platform webhooks in) with their counters; never their secrets",
          responses: { '200': { description: 'Connections', content: { 'application/json': { schema: { type: 'array', items: ref('ConnectionInfo') } } } } },
        },
        post: {
          summary: 'Connect a platform account: the answer has the webhook URL to paste (and, for whatsapp, the verify token, shown only here)',
          description: 'Secrets are stored encrypted (AES-256-GCM) and never shown again. See docs/connectors.md.',
          requestBody: { required: true, content: { 'application/json': { schema: ref('CreateConnectionRequest') } } },
          responses: { '201': { description: 'Created', content: { 'application/json': { schema: ref('CreatedConnection') } } }, '400': error('A field is wrong; the message names it') },
        },
      },
      '/connections/{id}': {
        delete: {
          summary: 'Delete a connection: its webhook URL answers 404 from then on (its events stay)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '204': { description: 'Deleted' }, '404': error('No such connection in this workspace') },
        },
      },
      '/views': {
        get: {
          summary: "The signed-in user's saved views (private to them), by name",
          responses: { '200': { description: 'Views', content: { 'application/json': { schema: { type: 'array', items: ref('SavedView') } } } } },
        },
        post: {
          summary: "Save a view: a dashboard page and its URL query under a name",
          requestBody: { required: true, content: { 'application/json': { schema: ref('CreateViewRequest') } } },
          responses: {
            '201': { description: 'Saved', content: { 'application/json': { schema: ref('SavedView') } } },
            '400': error('A field is wrong; the message names it'),
            '409': error('A view of this name exists (VIEW_EXISTS), or the user has 100 views (VIEW_LIMIT)'),
          },
        },
      },
      '/views/{id}': {
        patch: {
          summary: 'Rename a view, or change its page or query',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          requestBody: { required: true, content: { 'application/json': { schema: ref('UpdateViewRequest') } } },
          responses: {
            '200': { description: 'Changed', content: { 'application/json': { schema: ref('SavedView') } } },
            '400': error('A field is wrong; the message names it'),
            '404': error("No such view of the caller's"),
            '409': error('A view of this name exists'),
          },
        },
        delete: {
          summary: 'Delete a view',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: { '204': { description: 'Deleted' }, '400': error('id is not a UUID'), '404': error("No such view of the caller's") },
        },
      },
      '/settings/business-hours': {
        get: {
          summary: "The workspace's business-hours schedule (metrics.md, \"Business hours\"), normalised: every weekday, intervals and holidays sorted",
          responses: {
            '200': { description: 'The schedule', content: { 'application/json': { schema: ref('BusinessHours') } } },
            '404': error('No schedule is set (BUSINESS_HOURS_NOT_FOUND)'),
          },
        },
        put: {
          summary: "Set the workspace's schedule (replaces any earlier one); answers it normalised",
          description: 'A missing day is closed; times HH:MM, 24:00 only as an end; intervals of a day in any order, touching allowed, overlapping not; duplicate holidays are collapsed.',
          requestBody: { required: true, content: { 'application/json': { schema: ref('BusinessHoursRequest') } } },
          responses: {
            '200': { description: 'Saved', content: { 'application/json': { schema: ref('BusinessHours') } } },
            '400': error('A bad schedule or an unknown key; the message names the key (timeZone, mon … sun, holidays)'),
          },
        },
        delete: {
          summary: "Remove the workspace's schedule",
          responses: { '204': { description: 'Deleted' }, '404': error('No schedule is set (BUSINESS_HOURS_NOT_FOUND)') },
        },
      },
      '/connectors/{kind}/{connectionId}': {
        get: {
          summary: "The platform's verify handshake (whatsapp, meta: hub.mode=subscribe, hub.verify_token, hub.challenge)",
          parameters: [
            { name: 'kind', in: 'path', required: true, schema: { type: 'string', enum: [...CONNECTOR_KINDS] } },
            { name: 'connectionId', in: 'path', required: true, schema: { type: 'string' } },
            ...['hub.mode', 'hub.verify_token', 'hub.challenge'].map((name) => ({ name, in: 'query', required: true, schema: { type: 'string' } })),
          ],
          responses: {
            '200': { description: 'hub.challenge, as text/plain', content: { 'text/plain': { schema: { type: 'string' } } } },
            '403': error("The verify token is not the connection's"),
            '404': error('No such connection of this kind'),
          },
        },
        post: {
          summary: 'A platform delivery (webhook)',
          description:
            'No API key: the platform signature is the credential, checked over the raw body before anything is parsed (whatsapp, meta: X-Hub-Signature-256, HMAC-SHA256 with the app secret; ' +
            'telegram: X-Telegram-Bot-Api-Secret-Token equal to the secret token; twilio: X-Twilio-Signature over the public URL and the sorted form parameters; ' +
            'chatwoot: X-Chatwoot-Signature, HMAC-SHA256 of "<X-Chatwoot-Timestamp>.<body>" with the webhook secret, the timestamp within 5 minutes). ' +
            'Mapped events go through the ingest path (idempotent: a redelivery counts as duplicates); what is not mapped is acknowledged and counted as ignored. See docs/connectors.md.',
          parameters: [
            { name: 'kind', in: 'path', required: true, schema: { type: 'string', enum: [...CONNECTOR_KINDS] } },
            { name: 'connectionId', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'X-Hub-Signature-256', in: 'header', required: false, schema: { type: 'string', example: 'sha256=…' }, description: 'whatsapp, meta' },
            { name: 'X-Chatwoot-Signature', in: 'header', required: false, schema: { type: 'string', example: 'sha256=…' }, description: 'chatwoot' },
            { name: 'X-Chatwoot-Timestamp', in: 'header', required: false, schema: { type: 'string', example: '1772460312' }, description: 'chatwoot: Unix seconds, signed' },
            { name: 'X-Chatwoot-Delivery', in: 'header', required: false, schema: { type: 'string' }, description: 'chatwoot: the same for the retries of one delivery' },
            { name: 'X-Telegram-Bot-Api-Secret-Token', in: 'header', required: false, schema: { type: 'string' }, description: 'telegram' },
            { name: 'X-Twilio-Signature', in: 'header', required: false, schema: { type: 'string' }, description: 'twilio' },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } }, 'application/x-www-form-urlencoded': { schema: { type: 'object' } } } },
          responses: {
            '200': {
              description: 'Acknowledged, its events committed (twilio: an empty TwiML Response, as text/xml)',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { accepted: { type: 'integer' }, duplicates: { type: 'integer' }, ignored: { type: 'integer' }, rejected: { type: 'integer' } } },
                },
                'text/xml': { schema: { type: 'string', example: '<?xml version="1.0" encoding="UTF-8"?><Response/>' } },
              },
            },
            '401': error('Missing or wrong signature: nothing stored'),
            '404': error('No such connection of this kind (deleted, or a wrong URL)'),
            '413': error('The body is larger than 10 MiB'),
            '429': error('Too many deliveries, or the workspace is busy (see Retry-After)'),
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
  const routes = routeAccess(controllers);
  for (const [path, item] of Object.entries(document.paths))
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      const access = routes.get(`${method.toUpperCase()} ${path}`);
      if (access) annotate(method, op, access);
    }
  return document;
}
