/**
 * The entities describe the schema the migrations make (the migrations stay its only source;
 * synchronize is off): after migrating, TypeORM's schema builder has nothing to change, and every
 * table has an entity. Checked on Postgres (DATABASE_URL) and on embedded PGlite.
 * The check runs in a child process on the built `api/dist` (support/migrated.ts).
 */
import { onMigratedSchema } from '../support/migrated';
import { realPostgres } from '../support/server';

jest.setTimeout(180_000);

const BODY = `
const log = await ds.driver.createSchemaBuilder().log();
const tables = await ds.query("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY 1");
return {
  upQueries: log.upQueries.map((q) => q.query),
  tables: tables.map((r) => r.t),
  entityTables: ds.entityMetadatas.map((m) => m.tableName).sort(),
};
`;

function check(url: string): { upQueries: string[]; tables: string[]; entityTables: string[] } {
  return onMigratedSchema(url, BODY);
}

function expectMatch(result: ReturnType<typeof check>) {
  expect(result.upQueries).toEqual([]);
  expect(result.tables.length).toBeGreaterThanOrEqual(17);
  expect(result.entityTables).toEqual(result.tables);
}

(realPostgres ? it : it.skip)('on Postgres, the migrated schema is what the entities say', () => {
  expectMatch(check(process.env.DATABASE_URL!));
});

it('on embedded PGlite, the migrated schema is what the entities say', () => {
  expectMatch(check(''));
});
