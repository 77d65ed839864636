/**
 * When the planner's statistics of a table lag behind its writes (statistics.service.ts). Pure.
 *
 * Ingest picks a batch's rows with `workspace_id = $1 AND conversation_id = ANY(…)`. Planned on
 * statistics taken when a table was small (a new database, a new workspace's first batches, a
 * server with autovacuum off — as this project's CI runs it), Postgres reads the whole workspace
 * and filters it instead of looking the ids up: ingest into one workspace fell from 6,400 to
 * 1,300 events/s over its first million events (bench/results/*-ingest-growth-*). Autovacuum's
 * rule, kept by Parley itself: a table is due once the rows changed since its last ANALYZE exceed
 * a base plus a fraction of the rows it then had.
 */

export interface TableActivity {
  table: string;
  /** Rows at the last ANALYZE or VACUUM (pg_class.reltuples; negative: never, taken as 0). */
  rows: number;
  /** Rows inserted, updated or deleted since the last ANALYZE (pg_stat_user_tables.n_mod_since_analyze). */
  changed: number;
}

/** Autovacuum's defaults (autovacuum_analyze_threshold 50, autovacuum_analyze_scale_factor 0.1), with a larger base: a table of a few rows plans well enough. */
export const ANALYZE_BASE = 1000;
export const ANALYZE_FRACTION = 0.1;

/** The tables due for ANALYZE, most changed first. */
export function tablesToAnalyze(tables: TableActivity[], base = ANALYZE_BASE, fraction = ANALYZE_FRACTION): string[] {
  return tables
    .filter((t) => t.changed > base + fraction * Math.max(0, t.rows))
    .sort((a, b) => b.changed - a.changed || a.table.localeCompare(b.table))
    .map((t) => t.table);
}
