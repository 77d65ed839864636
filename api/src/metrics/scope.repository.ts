import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NONE_VALUE } from '@parley/shared';
import type { Scope } from './scope.js';

/**
 * What the metric repositories share. Every scope query takes the bucket boundaries as an array
 * of instants (computed in TypeScript, DST-correct) and assigns each item with `width_bucket`: no
 * calendar arithmetic in SQL, identical on Postgres and PGlite. Totals are the same queries with
 * one bucket [from, to). Percentiles are exact (`percentile_cont`).
 */

const INT_COLUMNS = new Set([
  'b', 'conversations', 'responded', 'within_sla', 'resolutions', 'messages', 'converted', 'with_response', 'automated',
  'messages_in', 'messages_out', 'active_contacts', 'active', 'new', 'repeat', 'ratings', 'rating_sum', 'satisfied', 'c', 'contacts', 'cell', 'n', 'assigned',
]);

/** The types of the scope parameters $1 … $7. */
export const SCOPE_PARAM_TYPES = '$1::int, $2::timestamptz, $3::timestamptz, $4::timestamptz[], $5::text[], $6::text[], $7::text[]';

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
    const typed = `WITH scope_params AS (SELECT ${this.paramTypes})\n`;
    return numeric<T>(await this.dataSource.query(typed + sql.replace(/^\s*WITH /, ', '), params));
  }

  /** The types of params(): declared in every query, which may leave some unused. */
  protected readonly paramTypes: string = SCOPE_PARAM_TYPES;

  /** $1 … $7 of every scope query; a query's own parameters start at $8. */
  protected params(s: Scope): unknown[] {
    const named = (values: string[] | null) => values && values.filter((v) => v !== NONE_VALUE);
    return [s.workspaceId, s.from, s.to, s.bounds, s.channels, named(s.teams), named(s.tags)];
  }
}


/**
 * The team and tag filters (metrics.md "Teams and tags") on conversation_facts columns, `a` the
 * alias prefix ('' or 'f.'): values of one parameter OR, parameters AND; `none` means without
 * (null team, no tags). Written only when given, so the unfiltered plans stay as they were.
 */
export function teamTagFilter(s: Pick<Scope, 'teams' | 'tags'>, a = ''): string {
  const one = (values: string[] | null, named: string, none: string) => {
    if (values === null) return '';
    const withNone = values.includes(NONE_VALUE);
    const anyNamed = values.some((v) => v !== NONE_VALUE);
    return ` AND (${[anyNamed && named, withNone && none].filter(Boolean).join(' OR ')})`;
  };
  // `IS NOT NULL` and `<> '{}'` follow from the named values, but stated they let the planner use
  // the partial indexes of a team's or the tagged rows (migration CutFirsts).
  return (
    one(s.teams, `(${a}team IS NOT NULL AND ${a}team = ANY($6::text[]))`, `${a}team IS NULL`) +
    one(s.tags, `(${a}tags <> '{}'::text[] AND ${a}tags && $7::text[])`, `${a}tags = '{}'::text[]`)
  );
}

/**
 * With groupBy=tag, a conversation is under each of its tags (null: none): this lateral join gives
 * its rows once per tag as `gt.tag`. Tag groups may so add up to more than the totals.
 */
export const tagRows = (a = '') => `CROSS JOIN LATERAL unnest(CASE WHEN cardinality(${a}tags) = 0 THEN ARRAY[NULL]::text[] ELSE ${a}tags END) AS gt(tag)`;

/**
 * The group of a row by its conversation's channel, team or (with tagRows) each tag, `a` the alias
 * prefix of the table carrying them; NULL without such a group (agent groups are the caller's).
 */
export const conversationGroup = (s: Pick<Scope, 'group'>, a = '') =>
  s.group === 'channel' ? `${a}channel` : s.group === 'team' ? `${a}team` : s.group === 'tag' ? 'gt.tag' : 'NULL::text';

/** A duration column in the scope's hours: business time lives in the biz_ twin of each column. */
export const duration = (s: Pick<Scope, 'hours'>, column: string) => (s.hours === 'business' ? `biz_${column}` : column);
