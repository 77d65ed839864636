/**
 * What the dashboard knows about each metric: its label, how its value is written, and which way
 * is better (for colouring a change). Definitions are docs/metrics.md; the hints here are the
 * one-line version shown as a tooltip.
 */
import type { ValueKind } from './format';

export interface MetricInfo {
  label: string;
  kind: ValueKind;
  /** up: higher is better; down: lower is better; null: neither (a policy choice, e.g. automation). */
  better: 'up' | 'down' | null;
  hint: string;
}

export const METRICS = {
  conversations: { label: 'Conversations', kind: 'count', better: 'up', hint: 'Conversations started in the period' },
  messagesIn: { label: 'Messages in', kind: 'count', better: 'up', hint: 'Messages received from customers' },
  messagesOut: { label: 'Messages out', kind: 'count', better: null, hint: 'Messages sent by agents, bots and campaigns' },
  activeContacts: { label: 'Active contacts', kind: 'count', better: 'up', hint: 'Distinct contacts who sent a message' },
  newContacts: { label: 'New contacts', kind: 'count', better: 'up', hint: 'Active contacts whose first message ever is in the period' },
  returningContacts: { label: 'Returning contacts', kind: 'count', better: 'up', hint: 'Active contacts who had written before the period' },
  returningRate: { label: 'Returning rate', kind: 'percent', better: 'up', hint: 'Returning contacts ÷ active contacts' },
  repeatContactRate: { label: 'Repeat contact rate', kind: 'percent', better: null, hint: 'Active contacts with two or more conversations in the period' },
  responseRate: { label: 'Response rate', kind: 'percent', better: 'up', hint: 'Conversations that got a first response' },
  responded: { label: 'Responded', kind: 'count', better: 'up', hint: 'Conversations with a first response' },
  firstResponseMedian: { label: 'First response (median)', kind: 'duration', better: 'down', hint: 'Median time to the first response' },
  firstResponseP90: { label: 'First response (p90)', kind: 'duration', better: 'down', hint: '90% of first responses came within this time' },
  firstResponseMean: { label: 'First response (mean)', kind: 'duration', better: 'down', hint: 'Average time to the first response' },
  replyMedian: { label: 'Reply time (median)', kind: 'duration', better: 'down', hint: 'Median wait for any reply in a conversation' },
  replyP90: { label: 'Reply time (p90)', kind: 'duration', better: 'down', hint: '90% of replies came within this time' },
  resolutions: { label: 'Resolutions', kind: 'count', better: 'up', hint: 'Conversations resolved in the period' },
  resolutionMedian: { label: 'Resolution time (median)', kind: 'duration', better: 'down', hint: 'Median time from start to resolution' },
  assignedConversations: { label: 'Assigned', kind: 'count', better: null, hint: 'Conversations first assigned in the period' },
  assignmentResponseMedian: { label: 'Assignment response (median)', kind: 'duration', better: 'down', hint: 'Median time from the first assignment to the first agent reply after it' },
  assignmentResponseP90: { label: 'Assignment response (p90)', kind: 'duration', better: 'down', hint: '90% of assigned conversations had an agent reply within this time' },
  withinSla: { label: 'Within SLA', kind: 'percent', better: 'up', hint: 'Conversations with a first response within the SLA' },
  automationRate: { label: 'Automation rate', kind: 'percent', better: null, hint: 'Answered conversations handled by bots only' },
  messagesPerConversation: { label: 'Messages per conversation', kind: 'decimal', better: null, hint: 'Average messages in a conversation' },
  csatAverage: { label: 'CSAT', kind: 'score', better: 'up', hint: 'Average satisfaction rating (1–5)' },
  csatSatisfiedRate: { label: 'Satisfied', kind: 'percent', better: 'up', hint: 'Ratings of 4 or 5' },
  csatResponses: { label: 'Ratings', kind: 'count', better: 'up', hint: 'Satisfaction ratings received' },
  conversionRate: { label: 'Conversion rate', kind: 'percent', better: 'up', hint: 'Conversations that led to a conversion' },
  revenue: { label: 'Revenue', kind: 'count', better: 'up', hint: 'Conversion value, per currency' },
} satisfies Record<string, MetricInfo>;

export type MetricKey = keyof typeof METRICS;

export const metricInfo = (key: MetricKey): MetricInfo => METRICS[key];
