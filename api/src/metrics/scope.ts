/**
 * A metric scope and the rows its reads answer (the *-metrics.repository.ts files), shared by the
 * repositories, the service and the pure math.
 */
import type { Hours, Responder } from '@parley/shared';
import type { Cut } from '../rollups/cut-rows.js';

/**
 * The hourly rollup rows that answer a scope's team and tag cut (table-decider.ts rollupCut):
 * `cut` (rollups/cut-rows.ts) and the values kept ('' for none; null: all, as when grouped).
 */
export interface RollupCut {
  cut: Cut;
  values: string[] | null;
}

/** What a metric read asks for; the table that answers it is table-decider.ts's choice. */
export interface Scope {
  workspaceId: number;
  /** ISO instants: the period [from, to). */
  from: string;
  to: string;
  /** Bucket starts (ISO instants), ascending; the first is ≤ from. */
  bounds: string[];
  /** Only conversations of these channels; null = all. */
  channels: string[] | null;
  /** Only conversations of these teams / with one of these tags (`none`: without); null = all. */
  teams: string[] | null;
  tags: string[] | null;
  /** Split by the conversation's channel, first responder, team or each of its tags; none = one group. */
  group: 'none' | 'channel' | 'agent' | 'team' | 'tag';
  responder: Responder;
  /** Durations as stored (calendar) or their business-time columns (biz_*). */
  hours: Hours;
  /** The rollup rows of the cut (table-decider.ts); null when the rollups cannot answer it. */
  rollupCut: RollupCut | null;
  /**
   * Reads one request's scopes share (the same rows, whatever their buckets and group), by a key
   * of what selects the rows; absent: nothing shared.
   */
  shared?: Map<string, Promise<unknown>>;
}

/** Whether the scope keeps or splits conversations by team or tag: facts columns the rollups do not have. */
export const cutsByTeamOrTag = (s: Pick<Scope, 'teams' | 'tags' | 'group'>) => s.teams !== null || s.tags !== null || s.group === 'team' || s.group === 'tag';

/** One row per (bucket, group): `b` is the 1-based bucket index, `g` the group (null: none). */
export interface Row {
  b: number;
  g: string | null;
}

export interface ConversationRow extends Row {
  conversations: number;
  responded: number;
  frt_median: number | null;
  frt_p90: number | null;
  /** Sum of the first response times in whole µs: exact, so the same in any row order (numeric text). */
  frt_sum_us: string | null;
  within_sla: number;
  with_response: number;
  automated: number;
}
/** Conversations by firstCustomerAt with a response, and the automated ones among them. */
export interface AutomationRow extends Row {
  with_response: number;
  automated: number;
}
/** Conversations by firstCustomerAt, with a response, automated (hourly_conversations). */
export interface FirstCustomerRow extends AutomationRow {
  conversations: number;
}
/** Conversations by firstAssignedAt (hourly_conversations). */
export interface AssignedRow extends Row {
  assigned: number;
}
/** Conversations by firstAssignedAt and their assignment response statistics. */
export interface AssignmentRow extends Row {
  assigned: number;
  assign_median: number | null;
  assign_p90: number | null;
}
export interface ReplyRow extends Row {
  reply_median: number | null;
  reply_p90: number | null;
}
export interface ResolutionRow extends Row {
  resolutions: number;
  resolution_median: number | null;
}
export interface StartedRow extends Row {
  conversations: number;
  messages: number;
  converted: number;
}
export interface MessageRow extends Row {
  messages_in: number;
  messages_out: number;
  active_contacts: number;
}
export interface RevenueRow extends Row {
  currency: string;
  amount: string;
}
export interface ContactRow extends Row {
  active: number;
  new: number;
  repeat: number;
}
export interface RatingRow extends Row {
  ratings: number;
  rating_sum: number;
  satisfied: number;
}
export interface CohortCell {
  c: number;
  b: number;
  contacts: number;
}
