/**
 * Drill-down (api.md "Drill-down"): the Conversations page's view of the conversations a figure
 * counted. Each metric counts conversations by one of their instants (metrics.md), so a figure
 * opens the list by that instant and, where the figure is a share, with the status that makes
 * it ("within SLA" opens the breached ones, as those are what a manager asks about), in the
 * bucket's days and the group's filter. Pure, so every mapping is tested.
 */
import type { Grain } from '@parley/shared';
import type { ConversationBy, ConversationSort, ConversationStatus } from '@parley/shared/report-params';
import { addDays, monthStart } from './dates';
import type { MetricKey } from './metrics';
import { type DashboardState, NO_GROUP, serializeState, updateState } from './url-state';

export interface DrillTarget {
  by: ConversationBy;
  status: ConversationStatus | null;
  sortBy: ConversationSort;
  order: 'asc' | 'desc';
}

const started = (status: ConversationStatus | null = null, sortBy: ConversationSort = 'startedAt'): DrillTarget => ({ by: 'startedAt', status, sortBy, order: 'desc' });
const firstCustomer = (status: ConversationStatus | null, sortBy: ConversationSort = 'startedAt'): DrillTarget => ({ by: 'firstCustomerAt', status, sortBy, order: 'desc' });

/** A response split's row: every conversation it counts (by first customer message), whatever its status. */
export const ALL_BY_FIRST_CUSTOMER: DrillTarget = { by: 'firstCustomerAt', status: null, sortBy: 'startedAt', order: 'desc' };
/** An engagement split's row: the conversations started in the period. */
export const ALL_STARTED: DrillTarget = { by: 'startedAt', status: null, sortBy: 'startedAt', order: 'desc' };

/** Which conversations a metric counts, and how to list them. */
export function drillTarget(metric: MetricKey): DrillTarget {
  switch (metric) {
    // Counted by firstCustomerAt: the response figures. A share opens what makes it.
    case 'responseRate':
    case 'responded':
      return firstCustomer('answered', 'firstResponseTime');
    case 'firstResponseMedian':
    case 'firstResponseP90':
    case 'firstResponseMean':
      return firstCustomer('answered', 'firstResponseTime');
    case 'withinSla':
      return firstCustomer('breached', 'firstResponseTime');
    case 'automationRate':
      return firstCustomer('automated');
    // Reply waits belong to the conversations answered in the period.
    case 'replyMedian':
    case 'replyP90':
      return firstCustomer('answered');
    case 'resolutions':
    case 'resolutionMedian':
      return { by: 'resolvedAt', status: 'resolved', sortBy: 'resolutionTime', order: 'desc' };
    case 'assignedConversations':
    case 'assignmentResponseMedian':
      return { by: 'firstAssignedAt', status: null, sortBy: 'startedAt', order: 'desc' };
    case 'csatAverage':
    case 'csatSatisfiedRate':
    case 'csatResponses':
      return started(null, 'rating');
    case 'conversionRate':
    case 'revenue':
      return started('converted');
    default:
      // Volume, messages and contacts: the conversations started in the period.
      return started();
  }
}

/** The days of a bucket (label: its local start with offset) within the period: first and last, inclusive. */
export function bucketDays(bucket: string, grain: Grain, period: { from: string; last: string }): { from: string; to: string } {
  const start = bucket.slice(0, 10);
  // An hour opens its day: the list's period is in days.
  const end = grain === 'week' ? addDays(start, 6) : grain === 'month' ? addDays(monthStart(start, 1), -1) : start;
  return { from: start < period.from ? period.from : start, to: end > period.last ? period.last : end };
}

/** A group of a split, as the list filters it (null: the group without one). */
export interface DrillGroup {
  by: 'channel' | 'agent' | 'team' | 'tag';
  group: string | null;
}

/**
 * The state of the Conversations page for a figure: the metric's target, the dashboard's filters,
 * a bucket's days (else the whole period, as it is), and a group as its filter (added to those set).
 * Several groups of one split (a chart's lines) filter to any of them.
 */
export function drillState(state: DashboardState, what: MetricKey | DrillTarget, options: { days?: { from: string; to: string }; group?: DrillGroup | DrillGroup[] } = {}): DashboardState {
  const t = typeof what === 'string' ? drillTarget(what) : what;
  const patch: Partial<DashboardState> = { page: 'conversations', by: t.by, status: t.status, sortBy: t.sortBy, order: t.order, agent: null };
  if (options.days) Object.assign(patch, { period: 'custom', from: options.days.from, to: options.days.to });
  const groups = options.group === undefined ? [] : [options.group].flat();
  const values = groups.map((g) => g.group ?? 'none');
  switch (groups[0]?.by) {
    case 'channel':
      // Every conversation has a channel: the null group is none of them, so it adds no filter.
      if (groups.every((g) => g.group !== null)) patch.channels = values;
      break;
    case 'agent':
      patch.agent = values[0];
      break;
    case 'team':
      patch.teams = values;
      break;
    case 'tag':
      patch.tags = values;
      break;
  }
  return updateState(state, patch);
}

/** Whether a list can select these groups together: one agent at most (the list's agent is a single value). */
export const canDrillGroups = (groups: DrillGroup[]) => groups.length > 0 && (groups[0].by !== 'agent' || groups.length === 1);

/** The Conversations page's URL for a figure (see drillState). */
export const drillHref = (state: DashboardState, what: MetricKey | DrillTarget, options?: Parameters<typeof drillState>[2]) =>
  serializeState(drillState(state, what, options), 'conversations');

/** A split's row key (NO_GROUP for the null group) as a group. */
export const groupOfKey = (by: DrillGroup['by'], key: string): DrillGroup => ({ by, group: key === NO_GROUP ? null : key });
