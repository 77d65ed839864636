/**
 * `EXPLAIN (ANALYZE, BUFFERS)` of every SQL statement a metric request runs: the API's own
 * MetricsService and its repositories, given a stand-in DataSource that explains each statement
 * (with its real parameters) before running it. Queries run one at a time here, so each plan's
 * timing is that statement alone.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Client } from 'pg';
import { ROOT } from '../../test/support/server';
import { type MetricRequest, describe, queryString } from './requests';

/** The built API's modules (the benchmark runs the build, like the server it measures). */
const built = (path: string) => import(pathToFileURL(join(ROOT, 'api/dist', path)).href);

export interface Explained {
  request: string;
  statements: { sql: string; params: string; plan: string; ms: number }[];
}

/** `extra`: query parameters added to (or replacing) the request's own, e.g. the cuts of bench/cuts.ts. */
export async function explainRequest(pg: Client, workspaceId: number, r: MetricRequest, tz: string, extra: [string, string][] = []): Promise<Explained> {
  // The API's session settings, so the plans are the ones it gets.
  const { SESSION_SETTINGS } = await built('database/connect.js');
  for (const [k, v] of Object.entries(SESSION_SETTINGS as Record<string, string>)) await pg.query(`SELECT set_config($1, $2, false)`, [k, v]);
  const statements: Explained['statements'] = [];
  let queue = Promise.resolve();
  // Serialised: Promise.all in the service would otherwise interleave the EXPLAINs.
  const query = (sql: string, params: unknown[] = []) => {
    // SET TRANSACTION cannot be explained (and means nothing outside one): run as it is.
    if (/^\s*SET\b/i.test(sql)) return pg.query(sql, params).then((r) => r.rows);
    const run = queue.then(async () => {
      const t = performance.now();
      const plan = await pg.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      statements.push({
        sql: sql.replace(/\s+/g, ' ').trim(),
        params: JSON.stringify(params).slice(0, 300),
        plan: plan.rows.map((row) => row['QUERY PLAN']).join('\n'),
        ms: performance.now() - t,
      });
      return (await pg.query(sql, params)).rows;
    });
    queue = run.then(() => undefined, () => undefined);
    return run;
  };
  // A transaction's statements run on the one connection, outside a transaction.
  const dataSource = {
    query,
    transaction: (a: unknown, b?: unknown) => ((typeof a === 'function' ? a : b) as (m: unknown) => Promise<unknown>)({ query }),
  };
  const logger = { child: () => ({ warn: () => {} }) };
  const [
    { MetricsService },
    { FactsMetricsRepository },
    { EventMetricsRepository },
    { RollupMetricsRepository },
    { ConversationHoursMetricsRepository },
    { CampaignsService },
    { CampaignsRepository },
    { parseMetricsQuery },
    { BinnedPercentilesService },
    { BinnedPercentilesRepository },
    { DeltaFolder },
    { DurationBinsRepository },
  ] = await Promise.all([
      built('metrics/metrics.service.js'),
      built('metrics/facts-metrics.repository.js'),
      built('metrics/event-metrics.repository.js'),
      built('metrics/rollup-metrics.repository.js'),
      built('metrics/conversation-hours-metrics.repository.js'),
      built('campaigns/campaigns.service.js'),
      built('campaigns/campaigns.repository.js'),
      built('metrics/query.calculations.js'),
      built('metrics/binned-percentiles.service.js'),
      built('metrics/binned-percentiles.repository.js'),
      built('rollups/delta-folder.service.js'),
      built('rollups/duration-bins.repository.js'),
    ]);
  const service = new MetricsService(
    new FactsMetricsRepository(dataSource),
    new EventMetricsRepository(dataSource),
    new RollupMetricsRepository(dataSource),
    new ConversationHoursMetricsRepository(dataSource),
    new CampaignsService(new CampaignsRepository(dataSource)),
    new BinnedPercentilesService(new BinnedPercentilesRepository(dataSource), new RollupMetricsRepository(dataSource), new DeltaFolder(dataSource, new DurationBinsRepository(), logger)),
  );
  const search = new URLSearchParams(queryString(r));
  for (const [k] of extra) search.delete(k);
  for (const [k, v] of extra) search.append(k, v);
  // Repeatable parameters (team, tag) stay arrays, as the controller hands them over.
  const raw: Record<string, string | string[]> = {};
  for (const k of new Set(search.keys())) {
    const all = search.getAll(k);
    raw[k] = all.length > 1 ? all : all[0];
  }
  const q = parseMetricsQuery(r.endpoint, raw, { workspaceTz: tz, nowMs: Date.now(), accept: undefined });
  const method: (workspaceId: number, q: unknown) => Promise<unknown> = {
    overview: service.overview,
    'response-times': service.responseTimes,
    engagement: service.engagement,
    heatmap: service.heatmap,
    loyalty: service.loyalty,
    cohorts: service.cohorts,
    channels: service.channels,
    campaigns: service.campaigns,
  }[r.endpoint];
  await method.call(service, workspaceId, q);
  return { request: `${describe(r)}${extra.map(([k, v]) => ` ${k}=${v}`).join('')}`, statements };
}

/** The markdown record: per request, each statement's execution time and plan. */
export function explainMarkdown(title: string, explained: Explained[]): string {
  const out = [`# ${title}`, ''];
  for (const e of explained) {
    out.push(`## ${e.request}`, '');
    for (const [i, s] of e.statements.entries()) {
      const time = /Execution Time: ([\d.]+) ms/.exec(s.plan)?.[1];
      out.push(`### statement ${i + 1}: ${time ?? '?'} ms`, '', '```sql', s.sql, '```', '', `parameters: \`${s.params}\``, '', '```', s.plan, '```', '');
    }
  }
  return out.join('\n');
}
