import { Injectable } from '@nestjs/common';
import { escapeLiteral, type PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { NONE_VALUE } from '@parley/shared';
import { type ConversationBy, type ConversationStatus } from '@parley/shared';
import { BY, type FactChoice, agentFilter, statusFilter } from '../conversations/conversation-selection.js';
import { teamTagFilter } from '../metrics/scope.repository.js';
import { copyBinaryText } from './copy.calculations.js';

export interface ExportScope {
  workspaceId: number;
  from: string;
  to: string;
  channels: string[] | null;
  /** team / tag filters as given (`none` = without a team / without tags); null = all. */
  teams: string[] | null;
  tags: string[] | null;
  /**
   * Conversations only: the drill-down's selection (conversation-selection.ts): the instant in the
   * period (rows in its order), status and first responder in this responder and hours.
   */
  selection?: FactChoice & { by: ConversationBy; status: ConversationStatus | null; agent: string | null; sla: number };
}

export type ExportKind = 'conversations' | 'events';

/** A row's sort key (UTC instant with microseconds, id): pages start after one. */
export type ExportKey = [string, string];

/**
 * CSV cells written by the database, exactly as csvCell (csv.calculations.ts) writes them; the
 * e2e suite checks both agree value by value. Formatting in SQL is what makes exports fast: Node
 * only copies finished lines (no per-column strings or objects).
 */
export const csvSql = {
  /** Text: a formula start (= + - @ tab CR) gets a `'`; then RFC 4180 quoting; null is empty. */
  text(x: string): string {
    const guarded = `CASE WHEN ascii(${x}) IN (9, 13, 43, 45, 61, 64) THEN '''' || ${x} ELSE ${x} END`;
    return `CASE WHEN ${x} IS NULL THEN ''
      WHEN strpos(${x}, '"') = 0 AND strpos(${x}, ',') = 0 AND strpos(${x}, E'\\n') = 0 AND strpos(${x}, E'\\r') = 0 THEN ${guarded}
      ELSE '"' || replace(${guarded}, '"', '""') || '"' END`;
  },
  /**
   * JSON text (tags, attributes, sender, revenue): it starts with `{` or `[` and escapes control
   * characters, so only the quoting test is left.
   */
  json: (x: string) =>
    `CASE WHEN ${x} IS NULL THEN '' WHEN strpos(${x}, '"') = 0 AND strpos(${x}, ',') = 0 THEN ${x} ELSE '"' || replace(${x}, '"', '""') || '"' END`,
  /** Text whose validation rules out every character CSV or a spreadsheet cares about (type, channel, currency). */
  plain: (x: string) => `coalesce(${x}, '')`,
  /** Integers and decimals (never text, so never formula-guarded). */
  number: (x: string) => `coalesce(${x}::text, '')`,
  /**
   * double precision as JavaScript prints it: both give the shortest text that reads back to the
   * same double, but Postgres switches to an exponent below 1e-4 (1.2e-05) where JavaScript writes
   * 0.000012 — numeric prints those in full.
   */
  double: (x: string) =>
    `coalesce(CASE WHEN ${x} <> 0 AND (abs(${x}) < 1e-4 OR abs(${x}) >= 1e15) THEN ${x}::numeric::text ELSE ${x}::text END, '')`,
  boolean: (x: string) => `CASE WHEN ${x} THEN 'true' WHEN NOT ${x} THEN 'false' ELSE '' END`,
  /** Instants as UTC ISO 8601 with microseconds. */
  instant: (x: string) => `coalesce(${instant(x)}, '')`,
};

/** An instant as UTC ISO 8601 with microseconds (as stored); null stays null. The API's JSON of stored rows writes them so too. */
export const instant = (x: string) => `to_char(${x} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const line = (cells: string[]) => `${cells.join(` || ',' || `)} || E'\\r\\n'`;

/** The columns of the conversations export, named as the facts in events.md. */
export const CONVERSATION_COLUMNS = [
  'conversationId', 'channel', 'contactId', 'startedAt', 'firstCustomerAt', 'firstResponseAt', 'firstResponseTime',
  'firstResponder', 'agentFirstResponseAt', 'agentFirstResponseTime', 'agentFirstResponder', 'replies', 'agentReplies',
  'resolved', 'resolvedAt', 'resolutionTime', 'automated', 'rating', 'ratedAt', 'converted', 'conversions', 'revenue',
  'team', 'assignee', 'tags', 'firstAssignedAt', 'assignmentResponseTime', 'messagesIn', 'messagesOut', 'events', 'lastEventAt',
] as const;

export const EVENT_COLUMNS = [
  'id', 'type', 'occurredAt', 'conversationId', 'contactId', 'channel', 'sender', 'campaignId', 'messageId', 'agentId',
  'team', 'rating', 'value', 'currency', 'tags', 'attributes', 'receivedAt',
] as const;

interface Source {
  /** FROM clause; `t` is the table whose rows are exported. */
  from(s: ExportScope): string;
  /** The period and channel filter, values as SQL literals. */
  where(s: ExportScope): string;
  /** Sort key columns: an instant and a text id (byte order). */
  key(s: ExportScope): [string, string];
  line: string;
}

const { text, json, plain, number, double, boolean } = csvSql;
const at = csvSql.instant;

/** SQL literals of the scope (COPY takes no bind parameters, so every statement here uses them). */
const lit = {
  workspace: (s: ExportScope) => String(Math.trunc(s.workspaceId)),
  instant: (iso: string) => `${escapeLiteral(iso)}::timestamptz`,
  channels: (s: ExportScope) => `ARRAY[${(s.channels ?? []).map(escapeLiteral).join(', ')}]::text[]`,
  /** Named values of a team/tag filter (without `none`), as teamTagFilter expects them. */
  named: (values: string[] | null) => `ARRAY[${(values ?? []).filter((v) => v !== NONE_VALUE).map(escapeLiteral).join(', ')}]::text[]`,
};

/** Whether the scope filters by the conversation's facts (channel, team, tag). */
const byFacts = (s: ExportScope) => s.channels !== null || s.teams !== null || s.tags !== null;

/**
 * The channel, team and tag filters on the facts alias `a` ('t.' or 'f.'). The team/tag rules are
 * the metrics' own teamTagFilter; its $6 (teams) and $7 (tags) become literals in one pass, so a
 * value that happens to spell "$7::text[]" is never substituted again.
 */
function factsFilter(s: ExportScope, a: string): string {
  const values: Record<string, string> = { $6: lit.named(s.teams), $7: lit.named(s.tags) };
  return (
    (s.channels === null ? '' : ` AND ${a}channel = ANY(${lit.channels(s)})`) +
    teamTagFilter(s, a).replace(/(\$[67])::text\[\]/g, (_, p: string) => values[p])
  );
}

/** The conversations' `by` instant (startedAt without a selection), on the alias `t`. */
const byColumn = (s: ExportScope) => BY[s.selection?.by ?? 'startedAt'].replace(/^f\./, 't.');

/** The drill-down's status and first-responder filters on the alias `t`, values as literals. */
function selectionFilter(s: ExportScope): string {
  const sel = s.selection;
  if (!sel) return '';
  const sla = `${Number(sel.sla)}::float8`;
  const agent = sel.agent === null ? 'NULL' : `${escapeLiteral(sel.agent)}::text`;
  return (statusFilter(sel, sla) + agentFilter(sel, agent)).replace(/\bf\./g, 't.');
}

const SOURCES: Record<ExportKind, Source> = {
  conversations: {
    from: () => 'conversation_facts t',
    where: (s) =>
      `t.workspace_id = ${lit.workspace(s)} AND ${byColumn(s)} >= ${lit.instant(s.from)} AND ${byColumn(s)} < ${lit.instant(s.to)}` +
      factsFilter(s, 't.') +
      selectionFilter(s),
    // In the order of the instant asked for: its index reads the period's range.
    key: (s) => [byColumn(s), 't.conversation_id'],
    line: line([
      text('t.conversation_id'), plain('t.channel'), text('t.contact_id'), at('t.started_at'), at('t.first_customer_at'),
      at('t.first_response_at'), double('t.first_response_time'), text('t.first_responder'), at('t.agent_first_response_at'),
      double('t.agent_first_response_time'), text('t.agent_first_responder'), number('cardinality(t.reply_times)'),
      number('cardinality(t.agent_reply_times)'), boolean('t.resolved_at IS NOT NULL'), at('t.resolved_at'),
      double('t.resolution_time'), boolean('t.automated'), number('t.rating'), at('t.rated_at'), boolean('t.converted'),
      number('t.conversions'), json(`CASE WHEN t.revenue = '{}'::jsonb THEN NULL ELSE t.revenue::text END`),
      text('t.team'), text('t.assignee'), json('to_json(t.tags)::text'), at('t.first_assigned_at'), double('t.assignment_response_time'),
      number('t.messages_in'), number('t.messages_out'), number('t.events'), at('t.last_event_at'),
    ]),
  },
  events: {
    // The channel, team and tag filters are the conversation's (its facts), as everywhere else.
    from: (s) =>
      byFacts(s) ? 'events t JOIN conversation_facts f ON f.workspace_id = t.workspace_id AND f.conversation_id = t.conversation_id' : 'events t',
    where: (s) =>
      `t.workspace_id = ${lit.workspace(s)} AND t.occurred_at >= ${lit.instant(s.from)} AND t.occurred_at < ${lit.instant(s.to)}` +
      factsFilter(s, 'f.'),
    key: () => ['t.occurred_at', 't.event_id'],
    line: line([
      text('t.event_id'), plain('t.type'), at('t.occurred_at'), text('t.conversation_id'), text('t.contact_id'), plain('t.channel'),
      // Compact JSON built by hand: json_build_object costs several times more per row.
      json(`'{"type":"' || t.sender_type || '"' || coalesce(',"id":' || to_json(t.sender_id)::text, '') || '}'`),
      text('t.campaign_id'), text('t.message_id'), text('t.agent_id'), text('t.team'), number('t.rating'), number('t.value'),
      plain('t.currency::text'), json('to_json(t.tags)::text'), json('t.attributes::text'), at('t.received_at'),
    ]),
  },
};

/** Rows of a source after `after` and up to `upto` (either may be open). */
function range(src: Source, s: ExportScope, after: ExportKey | null, upto: ExportKey | null): string {
  const [k1, k2] = src.key(s);
  const key = (k: ExportKey) => `(${lit.instant(k[0])}, ${escapeLiteral(k[1])}::text)`;
  return `FROM ${src.from(s)} WHERE ${src.where(s)}` + (after ? ` AND (${k1}, ${k2}) > ${key(after)}` : '') + (upto ? ` AND (${k1}, ${k2}) <= ${key(upto)}` : '');
}

/**
 * Exports read in pages of consecutive rows in sort-key order: `bound` finds where a page ends (a
 * cheap index-only probe), `page` returns the page's finished CSV lines. Pages are independent
 * statements, so several can run at once and no connection stays open while a client downloads.
 */
@Injectable()
export class ExportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The key of the `n`-th row after `after` (null when fewer rows are left). */
  async bound(kind: ExportKind, s: ExportScope, after: ExportKey | null, n: number): Promise<ExportKey | null> {
    const src = SOURCES[kind];
    const [k1, k2] = src.key(s);
    const rows: { k1: string; k2: string }[] = await this.dataSource.query(
      `SELECT ${instant(k1)} AS k1, ${k2} AS k2 ${range(src, s, after, null)} ORDER BY ${k1}, ${k2} OFFSET ${Math.trunc(n) - 1} LIMIT 1`,
    );
    return rows.length ? [rows[0].k1, rows[0].k2] : null;
  }

  /** CSV lines (CRLF-terminated) of the rows after `after` up to and including `upto` (null: to the end). */
  async page(kind: ExportKind, s: ExportScope, after: ExportKey | null, upto: ExportKey | null): Promise<Buffer> {
    const src = SOURCES[kind];
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      await runner.startTransaction();
      // A page is a narrow key range read in index order. The planner misjudges how narrow (row
      // comparisons) and, the line being costly, picks a parallel scan plus sort: forbid both.
      // extra_float_digits = 1 (the default) gives the shortest exact text of a double.
      await runner.query(`SET LOCAL enable_sort = off; SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL extra_float_digits = 1`);
      const chunks: Buffer[] = [];
      const sql = `COPY (SELECT ${src.line} ${range(src, s, after, upto)} ORDER BY ${src.key(s).join(', ')}) TO STDOUT (FORMAT binary)`;
      for await (const chunk of client.query(copyTo(sql))) chunks.push(chunk as Buffer);
      await runner.commitTransaction();
      return copyBinaryText(Buffer.concat(chunks));
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => {});
      throw err;
    } finally {
      await runner.release();
    }
  }
}
