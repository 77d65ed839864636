/**
 * EXPLAIN (ANALYZE, BUFFERS) of every statement of a 7-, 30- and 90-day request per metric
 * endpoint (the benchmark's request mix), against any Parley database:
 *   npm run build && npx tsx bench/explain.ts --database-url URL --workspace NAME [--end ISO] [--out FILE]
 *     [--endpoint E] [--with 'team=support&groupBy=tag']
 * (--endpoint: that endpoint alone; --with: query parameters added to every request, e.g. a cut.)
 * `npm run bench` records the same for its own run next to its results.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { type Explained, explainMarkdown, explainRequest } from './lib/explain';
import { ENDPOINTS, requestMix } from './lib/requests';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string', default: process.env.DATABASE_URL },
    workspace: { type: 'string' },
    end: { type: 'string' },
    out: { type: 'string', default: 'explain.md' },
    endpoint: { type: 'string' },
    with: { type: 'string', default: '' },
  },
});

async function main() {
  if (!values['database-url'] || !values.workspace) throw new Error('usage: npx tsx bench/explain.ts --database-url URL --workspace NAME [--end ISO] [--out FILE]');
  const pg = new Client({ connectionString: values['database-url'] });
  await pg.connect();
  try {
    const ws = await pg.query(`SELECT workspace_id, time_zone FROM workspaces WHERE name = $1`, [values.workspace]);
    if (!ws.rows.length) throw new Error(`no workspace '${values.workspace}'`);
    const { workspace_id: id, time_zone: tz } = ws.rows[0];
    const endMs = values.end ? Date.parse(values.end) : Date.now();
    const explained: Explained[] = [];
    const extra = [...new URLSearchParams(values.with)];
    for (const endpoint of ENDPOINTS.filter((e) => !values.endpoint || e === values.endpoint))
      for (const r of requestMix(endpoint, 3, endMs)) {
        const e = await explainRequest(pg, id, r, tz ?? 'UTC', extra);
        explained.push(e);
        console.log(`${e.request}: ${e.statements.map((s) => `${s.ms.toFixed(1)} ms`).join(', ')}`);
      }
    writeFileSync(values.out!, explainMarkdown(`EXPLAIN (ANALYZE, BUFFERS) of the metric queries of workspace '${values.workspace}'`, explained));
    console.log(`wrote ${values.out}`);
  } finally {
    await pg.end();
  }
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
