import 'reflect-metadata';
import { EXPORTS, REPORT_NAMES, REPORT_PARAMS } from '@parley/shared';
import { AdminController } from '../admin/admin.controller.js';
import { AuthController } from '../auth/auth.controller.js';
import { ConnectionsController } from '../connectors/connections.controller.js';
import { WebhooksController } from '../connectors/webhooks.controller.js';
import { EventsController } from '../events/events.controller.js';
import { ExportsController } from '../exports/exports.controller.js';
import { HealthController } from '../health/health.controller.js';
import { MetricsController } from '../metrics/metrics.controller.js';
import { ViewsController } from '../views/views.controller.js';
import { BusinessHoursController } from '../business-hours/business-hours.controller.js';
import { WorkspaceController } from '../workspaces/workspace.controller.js';
import { DimensionsController } from '../workspaces/dimensions.controller.js';
import { ConversationsController } from '../conversations/conversations.controller.js';
import { LiveController } from '../live/live.controller.js';
import { buildOpenApi, routeAccess } from './openapi.js';

const CONTROLLERS = [EventsController, MetricsController, ExportsController, AuthController, AdminController, HealthController, ConnectionsController, WebhooksController, ViewsController, WorkspaceController, BusinessHoursController, DimensionsController, ConversationsController, LiveController];
type Op = {
  summary?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; schema: { enum?: string[]; default?: unknown } }[];
  responses: Record<string, { description: string; content?: Record<string, { schema: { $ref?: string } }> }>;
};
const doc = buildOpenApi('test', CONTROLLERS) as { paths: Record<string, Record<string, Op>> };

describe('the OpenAPI document', () => {
  it('describes exactly the routes of the controllers', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual([...routeAccess(CONTROLLERS).keys()].sort());
  });

  it("takes each operation's security, 401 and 403 from its @Authenticated", () => {
    const ingest = doc.paths['/events'].post;
    expect(ingest.security).toEqual([{ apiKey: [] }]);
    expect(ingest.responses['403'].description).toBe('The key lacks the ingest scope');
    const report = doc.paths['/metrics/overview'].get;
    expect(report.security).toEqual([{ apiKey: [] }, { session: [] }]);
    expect(report.responses['403'].description).toBe('The key lacks the read scope');
    const addUser = doc.paths['/admin/users'].post;
    expect(addUser.security).toEqual([{ session: [] }]);
    expect(addUser.responses['401'].description).toMatch(/Not signed in/);
    expect(addUser.responses['403'].description).toBe('Not an admin of the workspace; Missing or wrong X-CSRF-Token');
    expect(Object.keys(addUser.responses)).toEqual(['201', '400', '401', '403', '409']);
    const connect = doc.paths['/connections'].post;
    expect(connect.security).toEqual([{ session: [] }]);
    expect(connect.responses['403'].description).toBe('Not an admin of the workspace; Missing or wrong X-CSRF-Token');
    // One's own password: any signed-in user, never an API key.
    const password = doc.paths['/auth/password'].post;
    expect(password.security).toEqual([{ session: [] }]);
    expect(password.responses['403'].description).toBe("Called with an API key: this is a signed-in user's own; Missing or wrong X-CSRF-Token");
    expect(doc.paths['/workspace'].patch.security).toEqual([{ session: [] }]);
  });

  it('offers saved views to signed-in users only', () => {
    const save = doc.paths['/views'].post;
    expect(save.security).toEqual([{ session: [] }]);
    expect(save.responses['403'].description).toBe("Called with an API key: this is a signed-in user's own; Missing or wrong X-CSRF-Token");
    expect(doc.paths['/views/{id}'].delete.security).toEqual([{ session: [] }]);
  });

  it('lets readers read the business-hours schedule and only signed-in admins change it', () => {
    expect(doc.paths['/settings/business-hours'].get.security).toEqual([{ apiKey: [] }, { session: [] }]);
    expect(doc.paths['/settings/business-hours'].put.security).toEqual([{ session: [] }]);
    expect(doc.paths['/settings/business-hours'].delete.security).toEqual([{ session: [] }]);
  });

  it("lets readers (keys and sessions) read the workspace's teams and tags", () => {
    const dimensions = doc.paths['/workspace/dimensions'].get;
    expect(dimensions.security).toEqual([{ apiKey: [] }, { session: [] }]);
    expect(dimensions.responses['200'].content!['application/json'].schema.$ref).toBe('#/components/schemas/WorkspaceDimensions');
  });

  it('lets readers (keys and sessions) list the conversations behind a figure, with every list parameter', () => {
    const list = doc.paths['/conversations'].get;
    expect(list.security).toEqual([{ apiKey: [] }, { session: [] }]);
    expect(list.responses['200'].content!['application/json'].schema.$ref).toBe('#/components/schemas/ConversationList');
    expect(list.parameters!.map((p: { name: string }) => p.name)).toEqual([
      'from', 'to', 'tz', 'channel', 'team', 'tag', 'responder', 'hours', 'sla', 'by', 'status', 'agent', 'sort', 'order', 'limit', 'cursor',
    ]);
  });

  it('lets readers (keys and sessions) see what is happening now', () => {
    const live = doc.paths['/live'].get;
    expect(live.security).toEqual([{ apiKey: [] }, { session: [] }]);
    expect(live.responses['200'].content!['application/json'].schema.$ref).toBe('#/components/schemas/LiveResponse');
    expect(live.parameters!.map((p: { name: string }) => p.name)).toEqual(['tz', 'channel', 'team', 'tag', 'responder']);
  });

  it('lets readers (keys and sessions) open one conversation', () => {
    const detail = doc.paths['/conversations/{conversationId}'].get;
    expect(detail.security).toEqual([{ apiKey: [] }, { session: [] }]);
    expect(detail.responses['200'].content!['application/json'].schema.$ref).toBe('#/components/schemas/ConversationDetail');
    expect(detail.responses['404'].description).toMatch(/no such conversation/);
  });

  it('leaves the public routes without security', () => {
    for (const op of [doc.paths['/health'].get, doc.paths['/auth/login'].post, doc.paths['/connectors/{kind}/{connectionId}'].post]) {
      expect(op.security).toBeUndefined();
      expect(op.responses['403']).toBeUndefined();
    }
    // The webhook handshake is public too; its 403 is a wrong verify token.
    expect(doc.paths['/connectors/{kind}/{connectionId}'].get.security).toBeUndefined();
  });
});

describe('the reports of the registry', () => {
  it('each has its path, with its parameters and its answer schema', () => {
    for (const name of REPORT_NAMES) {
      const op = doc.paths[`/metrics/${name}`]?.get;
      expect(op).toBeDefined();
      expect(op.summary).toBeTruthy();
      expect(op.parameters!.map((p) => p.name)).toEqual([...REPORT_PARAMS[name].params]);
      const grain = op.parameters!.find((p) => p.name === 'grain')!.schema;
      expect(grain).toMatchObject({ enum: [...REPORT_PARAMS[name].grains], default: REPORT_PARAMS[name].defaultGrain });
      expect(op.responses['200'].content!['application/json'].schema.$ref).toMatch(/^#\/components\/schemas\/\w+Response$/);
      expect(op.security).toEqual([{ apiKey: [] }, { session: [] }]);
    }
    expect(doc.paths['/metrics/response-times'].get.parameters!.find((p) => p.name === 'groupBy')!.schema.enum).toEqual(['channel', 'agent', 'team', 'tag']);
  });

  it('the exports have theirs', () => {
    for (const name of Object.keys(EXPORTS)) expect(doc.paths[`/exports/${name}`].get.parameters!.map((p) => p.name)).toEqual([...EXPORTS[name as keyof typeof EXPORTS].params.params]);
  });

  it('GET /metrics/{report} stands for each report: no other metrics path is documented', () => {
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/metrics/')).sort()).toEqual(REPORT_NAMES.map((n) => `/metrics/${n}`).sort());
    expect([...routeAccess([MetricsController]).keys()].sort()).toEqual(REPORT_NAMES.map((n) => `GET /metrics/${n}`).sort());
  });
});

