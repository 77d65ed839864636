/**
 * A measured prototype of exact percentiles from precomputed structures (issue "Performance II",
 * docs/scaling.md "Percentiles"), on a database a benchmark kept (`npm run bench -- --keep`):
 *
 *   npx tsx bench/percentile-prototype.ts --database-url postgres://…/parley_bench_… [--bins 256] [--requests 5]
 *
 * Reply times (reply_waits, any responder, all channels) of the workspace with the most, per
 * bucket and over the period, for a few request shapes. Answered twice, side by side:
 * - exact, as the API answers today: percentile_cont per bucket and over the period (sorts);
 * - two phases, exact too: (1) dense per-UTC-hour counts of coarse log-spaced bins (one bytea of
 *   `bins` int4 per hour, built here) summed in Node per bucket locate each rank's bin and its
 *   rank inside it; (2) the values of that one bin in the bucket, read by an index on
 *   (workspace_id, agent, bin, opened_at) INCLUDE (seconds) and sorted, give the exact values
 *   of the two ranks percentile_cont interpolates between (interpolated as Postgres does).
 * Every answer is compared bit for bit. Only whole-hour buckets (UTC and whole-hour zones) are
 * tried: a half-hour zone's buckets would add the partial hours' values read by index.
 * Creates proto_* objects in that database and drops them at the end.
 */
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { bucketsOf } from '../api/src/metrics/period.calculations';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    bins: { type: 'string', default: '256' },
    requests: { type: 'string', default: '5' },
  },
});
if (!values['database-url']) throw new Error('give --database-url of a kept bench database');
const BINS = Number(values.bins);
const REPEAT = Number(values.requests);
const HOUR = 3_600_000;
// Bin 0: under 1 s; bins 1 … BINS−1 log-spaced up to 90 days (the last takes everything above).
const RATIO = Math.exp(Math.log(90 * 86400) / (BINS - 2));

const pg = new Client({ connectionString: values['database-url'] });
const ms = (t: number) => Math.round((performance.now() - t) * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Shape {
  name: string;
  days: number;
  tz: string;
  grain: 'hour' | 'day' | 'week' | 'month';
}
const SHAPES: Shape[] = [
  { name: '90d New York, day', days: 90, tz: 'America/New_York', grain: 'day' },
  { name: '90d UTC, week', days: 90, tz: 'UTC', grain: 'week' },
  { name: '30d Berlin, day', days: 30, tz: 'Europe/Berlin', grain: 'day' },
  { name: '7d UTC, hour', days: 7, tz: 'UTC', grain: 'hour' },
];
const PS = [0.5, 0.9];

/** percentile_cont's interpolation (float8_lerp in Postgres): a + (b − a) · f. */
const lerp = (a: number, b: number, f: number) => a + (b - a) * f;

async function main(): Promise<void> {
  await pg.connect();
  await pg.query(`SET work_mem = '32MB'; SET jit = off`);
  const { rows: top } = await pg.query(`SELECT workspace_id, count(*)::int AS n FROM reply_waits WHERE NOT agent GROUP BY 1 ORDER BY 2 DESC LIMIT 1`);
  const ws: number = top[0].workspace_id;
  const { rows: last } = await pg.query(`SELECT max(opened_at) AS t FROM reply_waits WHERE workspace_id = $1`, [ws]);
  const endMs = Math.floor(new Date(last[0].t).getTime() / HOUR) * HOUR;
  console.log(`workspace ${ws}: ${top[0].n.toLocaleString('en-US')} reply waits (any responder); periods end ${new Date(endMs).toISOString()}; ${BINS} bins, ratio ${RATIO.toFixed(4)}`);

  await pg.query(`DROP TABLE IF EXISTS proto_reply_hours; DROP INDEX IF EXISTS proto_ix_reply_bin; DROP FUNCTION IF EXISTS proto_bin(float8)`);
  await pg.query(`CREATE FUNCTION proto_bin(s float8) RETURNS int IMMUTABLE PARALLEL SAFE LANGUAGE sql
                  AS $$ SELECT CASE WHEN s < 1 THEN 0 ELSE least(${BINS - 1}, 1 + floor(ln(s) / ${Math.log(RATIO)})::int) END $$`);
  let t = performance.now();
  await pg.query(`CREATE INDEX proto_ix_reply_bin ON reply_waits (workspace_id, agent, proto_bin(seconds), opened_at) INCLUDE (seconds)`);
  console.log(`index on (workspace_id, agent, bin, opened_at) INCLUDE (seconds), every workspace: ${ms(t)} ms`);
  t = performance.now();
  await pg.query(`CREATE TABLE proto_reply_hours (workspace_id int, agent boolean, hour timestamptz, counts bytea, PRIMARY KEY (workspace_id, agent, hour))`);
  await pg.query(
    `INSERT INTO proto_reply_hours
     SELECT workspace_id, agent, hour, string_agg(int4send(coalesce(n, 0)), ''::bytea ORDER BY k)
       FROM (SELECT DISTINCT workspace_id, agent, date_bin('1 hour', opened_at, 'epoch') AS hour FROM reply_waits WHERE workspace_id = $1) h
      CROSS JOIN generate_series(0, ${BINS - 1}) k
       LEFT JOIN (SELECT agent, date_bin('1 hour', opened_at, 'epoch') AS hour, proto_bin(seconds) AS k, count(*)::int AS n
                    FROM reply_waits WHERE workspace_id = $1 GROUP BY 1, 2, 3) c USING (agent, hour, k)
      GROUP BY 1, 2, 3`,
    [ws],
  );
  const { rows: size } = await pg.query(`SELECT count(*)::int AS n, pg_total_relation_size('proto_reply_hours') AS bytes FROM proto_reply_hours`);
  console.log(`hour counts of that workspace: ${size[0].n} rows, ${Math.round(size[0].bytes / 1024)} kB, built in ${ms(t)} ms`);
  await pg.query(`ANALYZE reply_waits; ANALYZE proto_reply_hours`);

  for (const shape of SHAPES) {
    const fromMs = endMs - shape.days * 86_400_000;
    const starts = bucketsOf(fromMs, endMs, shape.grain, shape.tz).map((b) => b.startMs);
    const lo = starts.map((s) => Math.max(s, fromMs));
    const hi = starts.map((_, i) => Math.min(i + 1 < starts.length ? starts[i + 1] : endMs, endMs));
    if (lo.some((x) => x % HOUR !== 0) || hi.some((x) => x % HOUR !== 0)) throw new Error(`${shape.name}: not whole hours`);
    // The buckets, then the period as one more.
    const los = [...lo, fromMs].map((x) => new Date(x).toISOString());
    const his = [...hi, endMs].map((x) => new Date(x).toISOString());

    const exactTimes: number[] = [];
    const protoTimes: number[] = [];
    let phase1 = 0;
    let phase2 = 0;
    let read = 0;
    let differ = 0;
    let exact: { b: number; p50: number | null; p90: number | null }[] = [];
    for (let rep = 0; rep < REPEAT; rep++) {
      // Exact, the API's way: one aggregate per bucket (index range scan), and the period.
      t = performance.now();
      const r1 = await pg.query(
        `SELECT bk.b, x.p50, x.p90 FROM unnest($2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS bk(lo, hi, b)
           CROSS JOIN LATERAL (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY seconds) AS p90
                                 FROM reply_waits WHERE workspace_id = $1 AND NOT agent AND opened_at >= bk.lo AND opened_at < bk.hi) x ORDER BY bk.b`,
        [ws, los, his],
      );
      exactTimes.push(ms(t));
      exact = r1.rows.map((r) => ({ b: Number(r.b), p50: r.p50, p90: r.p90 }));

      // Two phases.
      t = performance.now();
      const t1 = performance.now();
      const { rows: hours } = await pg.query(
        `SELECT (extract(epoch FROM hour) * 1000)::int8 AS ms, counts FROM proto_reply_hours WHERE workspace_id = $1 AND NOT agent AND hour >= $2 AND hour < $3`,
        [ws, new Date(fromMs).toISOString(), new Date(endMs).toISOString()],
      );
      const sums = los.map(() => new Int32Array(BINS));
      for (const h of hours) {
        const at = Number(h.ms);
        const buf: Buffer = h.counts;
        const add = (s: Int32Array) => {
          for (let k = 0; k < BINS; k++) s[k] += buf.readInt32BE(k * 4);
        };
        // Its bucket (starts ascending) and the period.
        let b = starts.length - 1;
        while (b > 0 && starts[b] > at) b--;
        add(sums[b]);
        add(sums[sums.length - 1]);
      }
      // Each percentile's two ranks: their bins and ranks within them.
      interface Lookup {
        i: number;
        bin: number;
        k: number;
      }
      const lookups: Lookup[] = [];
      const want: { i: number; p: number; n: number; h: number; r0: number; r1: number }[] = [];
      const locate = (s: Int32Array, r: number) => {
        let k = 0;
        for (; k < BINS; k++) {
          if (r < s[k]) return { bin: k, k: r };
          r -= s[k];
        }
        throw new Error('rank past the counts');
      };
      sums.forEach((s, i) => {
        const n = s.reduce((a, c) => a + c, 0);
        if (n === 0) return;
        for (const p of PS) {
          const h = p * (n - 1);
          const r0 = Math.floor(h);
          const r1 = Math.ceil(h);
          want.push({ i, p, n, h, r0, r1 });
          for (const r of r1 === r0 ? [r0] : [r0, r1]) lookups.push({ i, ...locate(s, r) });
        }
      });
      phase1 += ms(t1);
      const t2 = performance.now();
      // One statement: each (bucket, bin, rank in bin) → the value, the bin's values sorted.
      const { rows: found } = await pg.query(
        `SELECT l.n, x.seconds FROM unnest($2::timestamptz[], $3::timestamptz[], $4::int[], $5::int[]) WITH ORDINALITY AS l(lo, hi, bin, k, n)
           CROSS JOIN LATERAL (SELECT seconds FROM reply_waits
                                WHERE workspace_id = $1 AND NOT agent AND proto_bin(seconds) = l.bin AND opened_at >= l.lo AND opened_at < l.hi
                                ORDER BY seconds OFFSET l.k LIMIT 1) x`,
        [ws, lookups.map((l) => los[l.i]), lookups.map((l) => his[l.i]), lookups.map((l) => l.bin), lookups.map((l) => l.k)],
      );
      phase2 += ms(t2);
      protoTimes.push(ms(t));
      for (const l of lookups) read += sums[l.i][l.bin];
      const valueOf = new Map<string, number>();
      found.forEach((r) => {
        const l = lookups[Number(r.n) - 1];
        valueOf.set(`${l.i} ${l.bin} ${l.k}`, r.seconds);
      });
      const value = (i: number, r: number) => {
        const at = locate(sums[i], r);
        return valueOf.get(`${i} ${at.bin} ${at.k}`)!;
      };
      const answer = new Map<string, number>();
      for (const w of want) answer.set(`${w.i} ${w.p}`, lerp(value(w.i, w.r0), value(w.i, w.r1), w.h - w.r0));
      for (let i = 0; i < los.length; i++) {
        const e = exact[i];
        for (const [p, v] of [
          [0.5, e.p50],
          [0.9, e.p90],
        ] as const) {
          const got = answer.get(`${i} ${p}`) ?? null;
          if (got !== v) differ++;
        }
      }
    }
    console.log(
      `${shape.name.padEnd(20)} ${String(starts.length).padStart(3)} buckets + period: exact p50 ${median(exactTimes)} ms | two phases p50 ${median(protoTimes)} ms ` +
        `(counts ${Math.round((phase1 / REPEAT) * 10) / 10}, values ${Math.round((phase2 / REPEAT) * 10) / 10}; ${Math.round(read / REPEAT).toLocaleString('en-US')} index entries per request) | ` +
        `${differ} of ${los.length * 2 * REPEAT} answers differ`,
    );
  }
  await pg.query(`DROP TABLE proto_reply_hours; DROP INDEX proto_ix_reply_bin; DROP FUNCTION proto_bin(float8)`);
  await pg.end();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
