import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Scope } from './scope.js';

/**
 * What the metric repositories share. Every scope query takes the bucket boundaries as an array
 * of instants (computed in TypeScript, DST-correct) and assigns each item with `width_bucket`: no
 * calendar arithmetic in SQL, identical on Postgres and PGlite. Totals are the same queries with
 * one bucket [from, to). Percentiles are exact (`percentile_cont`).
 */

const INT_COLUMNS = new Set([
  'b', 'conversations', 'responded', 'within_sla', 'resolutions', 'messages', 'converted', 'with_response', 'automated',
  'messages_in', 'messages_out', 'active_contacts', 'active', 'new', 'repeat', 'ratings', 'rating_sum', 'satisfied', 'c', 'contacts', 'cell', 'n',
]);

/** pg answers bigint counts as strings; turn the known count columns into numbers. */
function numeric<T>(rows: Record<string, unknown>[]): T[] {
  for (const row of rows) for (const k of Object.keys(row)) if (INT_COLUMNS.has(k) && row[k] !== null) row[k] = Number(row[k]);
  return rows as T[];
}

/** The base of the three metric repositories (by table): runs their scope queries. */
@Injectable()
export abstract class ScopeRepository {
  constructor(protected readonly dataSource: DataSource) {}

  /**
   * Runs a scope query. The leading CTE only declares the scope parameters' types, so a query
   * may leave some of them unused.
   */
  protected async run<T>(sql: string, params: unknown[]): Promise<T[]> {
    const typed = `WITH scope_params AS (SELECT $1::int, $2::timestamptz, $3::timestamptz, $4::timestamptz[], $5::text[])\n`;
    return numeric<T>(await this.dataSource.query(typed + sql.replace(/^\s*WITH /, ', '), params));
  }

  /** $1 … $5 of every scope query. */
  protected params(s: Scope): unknown[] {
    return [s.workspaceId, s.from, s.to, s.bounds, s.channels];
  }
}
