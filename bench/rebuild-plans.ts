/**
 * What planning `facts rebuild`'s whole-workspace statements with hash joins only costs when the
 * statistics are right (issue "Performance II"), on a database a benchmark kept:
 *
 *   npx tsx bench/rebuild-plans.ts --database-url postgres://…/parley_bench_… [--rounds 2]
 *
 * For the workspace with the most conversations, runs the statements rebuild runs after writing
 * the facts (hourly_events, hourly_revenue, contact_first, keys and contact sets,
 * hourly_conversations, message_status), each variant in its own transaction that is rolled
 * back: as the planner chooses, and with planHashJoins (no nested loop, no merge join),
 * alternating, `rounds` times each. Prints each statement group's time per variant.
 */
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import { MessageStatusRepository } from '../api/src/campaigns/message-status.repository';
import { DerivedRepository } from '../api/src/derived/derived.repository';
import { ContactFirstRepository } from '../api/src/rollups/contact-first.repository';
import { ContactSetsRepository } from '../api/src/rollups/contact-sets.repository';
import { HourlyConversationsRepository } from '../api/src/rollups/hourly-conversations.repository';
import { HourlyEventsRepository } from '../api/src/rollups/hourly-events.repository';
import { HourlyRevenueRepository } from '../api/src/rollups/hourly-revenue.repository';

const { values } = parseArgs({ options: { 'database-url': { type: 'string' }, rounds: { type: 'string', default: '2' } } });
if (!values['database-url']) throw new Error('give --database-url of a kept bench database');

async function main(): Promise<void> {
  const pg = new Client({ connectionString: values['database-url'] });
  await pg.connect();
  const tx = { query: async (sql: string, params?: unknown[]) => (await pg.query(sql, params)).rows } as unknown as EntityManager;
  const { rows } = await pg.query(`SELECT workspace_id, count(*)::int AS n FROM conversation_facts GROUP BY 1 ORDER BY 2 DESC LIMIT 1`);
  const ws: number = rows[0].workspace_id;
  console.log(`workspace ${ws}: ${rows[0].n.toLocaleString('en-US')} conversations`);
  const steps: [string, () => Promise<void>][] = [
    ['hourly_events', () => new HourlyEventsRepository().rebuild(tx, ws)],
    ['hourly_revenue', () => new HourlyRevenueRepository().rebuild(tx, ws)],
    ['contact_first', () => new ContactFirstRepository().rebuild(tx, ws)],
    ['keys and contact sets', () => new ContactSetsRepository().rebuild(tx, ws)],
    ['hourly_conversations', () => new HourlyConversationsRepository().rebuild(tx, ws)],
    ['message_status', () => new MessageStatusRepository().rebuild(tx, ws)],
  ];
  const times = new Map<string, number[]>();
  for (let round = 0; round < Number(values.rounds); round++)
    for (const variant of ['as planned', 'hash joins only']) {
      await pg.query(`BEGIN`);
      await pg.query(`SELECT set_config('work_mem', '128MB', true)`); // as rebuild sets it
      if (variant === 'hash joins only') await new DerivedRepository().planHashJoins(tx);
      let total = 0;
      for (const [name, run] of steps) {
        const t = performance.now();
        await run();
        const ms = performance.now() - t;
        total += ms;
        const key = `${variant}\t${name}`;
        times.set(key, [...(times.get(key) ?? []), ms]);
      }
      await pg.query(`ROLLBACK`);
      times.set(`${variant}\tall`, [...(times.get(`${variant}\tall`) ?? []), total]);
      console.log(`round ${round + 1}, ${variant}: ${(total / 1000).toFixed(1)} s`);
    }
  for (const [key, ms] of times) console.log(`${key.padEnd(45)} ${ms.map((x) => (x / 1000).toFixed(1)).join(' / ')} s`);
  await pg.end();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
