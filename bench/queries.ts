/**
 * Times the harness's metric request mix against running API servers, alternating between them
 * request by request, so two builds on one database are compared side by side in one run.
 *
 *   npx tsx bench/queries.ts --key <read key> --url http://127.0.0.1:3001 --url http://127.0.0.1:3002 \
 *     [--requests 15] [--end <ISO instant the data ends at>] [--endpoint overview ...] [--each]
 *
 * Prints p50/p95 per endpoint and server, and whether the servers' answers are identical;
 * `--each` also prints every request's time (which shapes are slow).
 */
import { parseArgs } from 'node:util';
import { ENDPOINTS, type Endpoint, describe, queryString, requestMix } from './lib/requests';
import { summary } from './lib/stats';

const { values } = parseArgs({
  options: {
    url: { type: 'string', multiple: true },
    key: { type: 'string' },
    requests: { type: 'string', default: '15' },
    end: { type: 'string' },
    endpoint: { type: 'string', multiple: true },
    each: { type: 'boolean', default: false },
  },
});
const urls = values.url ?? [];
if (urls.length === 0 || !values.key) throw new Error('give --key and one or more --url');
const endMs = values.end ? Date.parse(values.end) : Date.now();
const endpoints = (values.endpoint as Endpoint[] | undefined) ?? [...ENDPOINTS];

async function get(url: string, path: string): Promise<{ ms: number; text: string }> {
  const t = performance.now();
  const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${values.key}` } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text}`);
  return { ms: performance.now() - t, text };
}

async function main(): Promise<void> {
  for (const endpoint of endpoints) {
    const mix = requestMix(endpoint, Number(values.requests), endMs);
    const times = urls.map(() => [] as number[]);
    let differ = 0;
    for (const u of urls) await get(u, `/api/v1/metrics/${endpoint}?${queryString(mix[0])}`); // warm-up
    for (const r of mix) {
      const path = `/api/v1/metrics/${endpoint}?${queryString(r)}`;
      const answers: string[] = [];
      for (let i = 0; i < urls.length; i++) {
        const { ms, text } = await get(urls[i], path);
        times[i].push(ms);
        answers.push(text);
      }
      if (answers.some((a) => a !== answers[0])) differ++;
      if (values.each) console.log(`  ${times.map((t) => `${t[t.length - 1].toFixed(1).padStart(8)} ms`).join(' |')}  ${describe(r)}`);
    }
    const cells = times.map((t) => summary(t)).map((s) => `p50 ${s.p50} p95 ${s.p95} max ${s.max} ms`);
    console.log(`${endpoint.padEnd(15)} ${cells.join(' | ')}${urls.length > 1 ? ` | answers differ in ${differ} of ${mix.length}` : ''}`);
  }
}

void main();
