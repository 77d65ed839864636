/**
 * The schema is ready for Citus as docs/scaling.md lays it out (issue "Performance II"): every
 * table of the migrated schema is in that document's distribution SQL, as a reference table or
 * distributed by workspace_id, and
 * - each distributed table's primary key and every unique key lead with workspace_id (Citus keeps
 *   uniqueness only within a distribution value);
 * - each foreign key of a distributed table points at a reference table, or at a distributed
 *   table through workspace_id = workspace_id (never from one workspace to another);
 * - no reference table has a foreign key into a distributed one (Citus refuses it).
 * The catalog is read from a freshly migrated database (support/migrated.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onMigratedSchema } from '../support/migrated';
import { ROOT, realPostgres } from '../support/server';

jest.setTimeout(180_000);

const BODY = `
const col = (rel, num) => \`(SELECT attname::text FROM pg_attribute WHERE attrelid = \${rel} AND attnum = \${num})\`;
const tables = await ds.query(\`SELECT c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'migrations' ORDER BY 1\`);
// Primary keys and unique indexes (constraints or not), with their columns in order (an expression: null).
const keys = await ds.query(\`SELECT c.relname AS t, i.relname::text AS name, x.indisprimary AS primary,
    ARRAY(SELECT CASE WHEN k = 0 THEN NULL ELSE \${col('x.indrelid', 'k')} END FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS u(k, o) ORDER BY o) AS columns
  FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND (x.indisunique OR x.indisprimary) AND c.relname <> 'migrations' ORDER BY 1, 2\`);
const foreign = await ds.query(\`SELECT k.conname AS name, c.relname AS t, f.relname AS ref,
    ARRAY(SELECT \${col('k.conrelid', 'a')} FROM unnest(k.conkey) WITH ORDINALITY AS u(a, o) ORDER BY o) AS columns,
    ARRAY(SELECT \${col('k.confrelid', 'a')} FROM unnest(k.confkey) WITH ORDINALITY AS u(a, o) ORDER BY o) AS ref_columns
  FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class f ON f.oid = k.confrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND k.contype = 'f' ORDER BY 1\`);
return { tables: tables.map((r) => r.t), keys, foreign };
`;

interface Catalog {
  tables: string[];
  keys: { t: string; name: string; primary: boolean; columns: (string | null)[] }[];
  foreign: { name: string; t: string; ref: string; columns: string[]; ref_columns: string[] }[];
}

function catalog(url: string): Catalog {
  return onMigratedSchema(url, BODY);
}

/** The tables docs/scaling.md's SQL makes reference and distributed tables. */
export function documentedLayout(markdown: string): { reference: string[]; distributed: string[] } {
  const names = (fn: string) => [...markdown.matchAll(new RegExp(`${fn}\\('([a-z_]+)'`, 'g'))].map((m) => m[1]).sort();
  return { reference: names('create_reference_table'), distributed: names('create_distributed_table') };
}

/** What Citus needs of the schema, as a list of problems (empty when it can be distributed as documented). */
export function layoutProblems(c: Catalog, layout: { reference: string[]; distributed: string[] }): string[] {
  const problems: string[] = [];
  const distributed = new Set(layout.distributed);
  const reference = new Set(layout.reference);
  for (const t of c.tables) {
    if (distributed.has(t) === reference.has(t)) problems.push(`${t}: ${distributed.has(t) ? 'both distributed and reference' : 'not in docs/scaling.md'}`);
  }
  for (const t of [...distributed, ...reference]) if (!c.tables.includes(t)) problems.push(`${t}: in docs/scaling.md, not in the schema`);
  for (const t of distributed) {
    if (!c.keys.some((k) => k.t === t && k.primary)) problems.push(`${t}: no primary key`);
  }
  for (const k of c.keys) {
    if (distributed.has(k.t) && k.columns[0] !== 'workspace_id') problems.push(`${k.t}.${k.name}: ${k.primary ? 'primary' : 'unique'} key (${k.columns.map((x) => x ?? 'an expression').join(', ')}) does not lead with workspace_id`);
  }
  for (const f of c.foreign) {
    if (reference.has(f.t) && distributed.has(f.ref)) problems.push(`${f.name}: reference table ${f.t} points at distributed ${f.ref}`);
    if (distributed.has(f.t) && distributed.has(f.ref)) {
      const i = f.columns.indexOf('workspace_id');
      if (i < 0 || f.ref_columns[i] !== 'workspace_id') problems.push(`${f.name}: ${f.t} → ${f.ref} not through workspace_id = workspace_id`);
    }
  }
  return problems;
}

const layout = documentedLayout(readFileSync(join(ROOT, 'docs/scaling.md'), 'utf8'));

describe('Citus layout (docs/scaling.md)', () => {
  it('documents the reference tables and distributes the rest by workspace_id', () => {
    expect(layout.reference).toEqual(['login_attempts', 'user_emails', 'workspaces']);
    expect(layout.distributed).toContain('events');
    expect(layout.distributed.length).toBeGreaterThanOrEqual(20);
  });

  it('finds what distribution would break', () => {
    const c: Catalog = {
      tables: ['a', 'b', 'r', 'x'],
      keys: [
        { t: 'a', name: 'pk_a', primary: true, columns: ['workspace_id', 'id'] },
        { t: 'a', name: 'uq_a', primary: false, columns: ['token'] },
        { t: 'b', name: 'uq_b', primary: false, columns: ['workspace_id', null] },
        { t: 'r', name: 'pk_r', primary: true, columns: ['email'] },
      ],
      foreign: [
        { name: 'fk_b_a', t: 'b', ref: 'a', columns: ['user_id', 'workspace_id'], ref_columns: ['workspace_id', 'id'] },
        { name: 'fk_r_a', t: 'r', ref: 'a', columns: ['workspace_id', 'id'], ref_columns: ['workspace_id', 'id'] },
        { name: 'fk_a_r', t: 'a', ref: 'r', columns: ['email'], ref_columns: ['email'] },
      ],
    };
    expect(layoutProblems(c, { reference: ['r'], distributed: ['a', 'b', 'gone'] })).toEqual([
      'x: not in docs/scaling.md',
      'gone: in docs/scaling.md, not in the schema',
      'b: no primary key',
      'gone: no primary key',
      'a.uq_a: unique key (token) does not lead with workspace_id',
      'fk_b_a: b → a not through workspace_id = workspace_id',
      'fk_r_a: reference table r points at distributed a',
    ]);
  });

  (realPostgres ? it : it.skip)('on Postgres, the migrated schema can be distributed as documented', () => {
    expect(layoutProblems(catalog(process.env.DATABASE_URL!), layout)).toEqual([]);
  });

  it('on embedded PGlite, the migrated schema can be distributed as documented', () => {
    expect(layoutProblems(catalog(''), layout)).toEqual([]);
  });
});
