import type { QueryRunner } from 'typeorm';
import { MIGRATIONS } from './schema.js';

describe('MIGRATIONS', () => {
  it('each lifts the per-statement bound before its first statement (a backfill over a big workspace takes minutes)', async () => {
    for (const Migration of MIGRATIONS) {
      const sql: string[] = [];
      // Every statement answers no rows: no workspace to backfill.
      const q = { query: async (text: string) => (sql.push(text), []), manager: {} } as unknown as QueryRunner;
      await new Migration().up(q);
      expect([new Migration().name, sql[0]]).toEqual([expect.stringMatching(/\d{13}$/), 'SET LOCAL statement_timeout = 0']);
      expect(sql.length).toBeGreaterThan(1);
    }
  });
});
