/**
 * The metric endpoints' query parameters: parsed and checked (a 400 naming the parameter for
 * anything wrong), defaults applied. Pure, so every rule has a unit test.
 */
import { CHANNEL_PATTERN, DEFAULT_SLA_SECONDS, GRAINS, type Grain, MAX_HOUR_BUCKETS, MAX_PERIOD_DAYS, RESPONDERS, type Responder } from '@parley/shared';
import { canonicalZone, isIanaZone } from '../common/time-zones.js';
import { EARLIEST_BOUND, LATEST_BOUND, boundInRange, parseBound } from './period.calculations.js';

export type Endpoint = 'overview' | 'response-times' | 'engagement' | 'heatmap' | 'loyalty' | 'cohorts' | 'channels' | 'conversations.csv' | 'events.csv';

export interface MetricsQuery {
  fromMs: number;
  toMs: number;
  tz: string;
  grain: Grain;
  channels: string[] | null;
  groupBy: 'channel' | 'agent' | null;
  responder: Responder;
  sla: number;
  format: 'json' | 'csv';
}

const BASE = ['from', 'to', 'tz', 'grain', 'channel', 'format'];
const ALLOWED: Record<Endpoint, string[]> = {
  overview: [...BASE, 'responder'],
  'response-times': [...BASE, 'groupBy', 'responder', 'sla'],
  engagement: [...BASE, 'groupBy'],
  heatmap: BASE,
  loyalty: [...BASE, 'groupBy'],
  cohorts: BASE,
  channels: [...BASE, 'responder'],
  'conversations.csv': BASE,
  'events.csv': BASE,
};
const GROUPS: Partial<Record<Endpoint, string[]>> = { 'response-times': ['channel', 'agent'], engagement: ['channel'], loyalty: ['channel'] };

const HOUR_MS = 3_600_000;
const MAX_SLA_SECONDS = 366 * 86_400;
const DAY_MS = 24 * HOUR_MS;

export class QueryError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join('; '));
  }
}

/**
 * `raw` is Express's parsed query (values are strings or arrays of strings). `accept` is the
 * Accept header (text/csv asks for CSV like format=csv).
 */
export function parseMetricsQuery(
  endpoint: Endpoint,
  raw: Record<string, unknown>,
  context: { workspaceTz: string; nowMs: number; accept?: string },
): MetricsQuery {
  const errors: string[] = [];
  const allowed = ALLOWED[endpoint];
  for (const key of Object.keys(raw))
    if (!allowed.includes(key)) errors.push(`${key}: unknown parameter (this endpoint takes ${allowed.join(', ')})`);

  // Every parameter but channel is given at most once.
  const single = (name: string): string | undefined => {
    const v = raw[name];
    // A parameter this endpoint does not take is reported once above, not checked again.
    if (v === undefined || !allowed.includes(name)) return undefined;
    if (typeof v !== 'string') {
      errors.push(`${name}: give it once, as a plain value`);
      return undefined;
    }
    return v;
  };

  const tzText = single('tz');
  let tz = context.workspaceTz;
  if (tzText !== undefined) {
    if (isIanaZone(tzText)) tz = canonicalZone(tzText);
    else errors.push(`tz: unknown time zone '${tzText}'`);
  }

  const grainText = single('grain');
  const cohorts = endpoint === 'cohorts';
  let grain: Grain = cohorts ? 'week' : 'day';
  if (grainText !== undefined) {
    const ok = cohorts ? ['week', 'month'] : (GRAINS as readonly string[]);
    if (ok.includes(grainText)) grain = grainText as Grain;
    else errors.push(`grain: must be one of ${ok.join(', ')}, got '${grainText}'`);
  }

  let badBound = false;
  const bound = (name: 'from' | 'to'): number | undefined => {
    const text = single(name);
    if (text === undefined) return undefined;
    const ms = parseBound(text, tz);
    if (ms === null) errors.push(`${name}: must be a date (2026-11-01) or a date-time (2026-11-01T08:00:00+01:00), got '${text}'`);
    else if (!boundInRange(ms, tz)) errors.push(`${name}: must be from ${EARLIEST_BOUND} to ${LATEST_BOUND} (in ${tz}), got '${text}'`);
    else return ms;
    badBound = true;
    return undefined;
  };
  const fromGiven = bound('from');
  const toGiven = bound('to');
  const toMs = toGiven ?? context.nowMs;
  const fromMs = fromGiven ?? toMs - 30 * DAY_MS;
  // After a bad bound, its stand-in (now, or 30 days back) would only add confusing errors.
  if (!badBound && (fromGiven !== undefined || toGiven !== undefined)) {
    if (fromMs >= toMs) errors.push('from: must be before to');
    else if (toMs - fromMs > MAX_PERIOD_DAYS * DAY_MS) errors.push(`to: the period must be at most ${MAX_PERIOD_DAYS} days`);
  }
  if (!badBound && grain === 'hour' && toMs - fromMs > MAX_HOUR_BUCKETS * HOUR_MS)
    errors.push(`grain: hour allows a period of at most ${MAX_HOUR_BUCKETS} hours (31 days); use day`);

  let channels: string[] | null = null;
  const channelRaw = raw.channel;
  if (channelRaw !== undefined) {
    const values = (Array.isArray(channelRaw) ? channelRaw : [channelRaw]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [null]));
    const bad = values.filter((v) => v === null || !CHANNEL_PATTERN.test(v.trim()));
    if (bad.length || values.length === 0) errors.push(`channel: must be channel names like whatsapp,sms; got '${bad.map(String).join(',')}'`);
    else channels = [...new Set(values.map((v) => v!.trim()))].sort();
  }

  const groupText = single('groupBy');
  let groupBy: MetricsQuery['groupBy'] = null;
  if (groupText !== undefined) {
    const ok = GROUPS[endpoint] ?? [];
    if (ok.includes(groupText)) groupBy = groupText as 'channel' | 'agent';
    else errors.push(`groupBy: must be ${ok.join(' or ')}, got '${groupText}'`);
  }

  const responderText = single('responder');
  let responder: Responder = 'any';
  if (responderText !== undefined) {
    if ((RESPONDERS as readonly string[]).includes(responderText)) responder = responderText as Responder;
    else errors.push(`responder: must be any or agent, got '${responderText}'`);
  }

  const slaText = single('sla');
  let sla = DEFAULT_SLA_SECONDS;
  if (slaText !== undefined) {
    const n = /^\d+(\.\d+)?$/.test(slaText.trim()) ? Number(slaText) : NaN;
    if (Number.isFinite(n) && n <= MAX_SLA_SECONDS) sla = n;
    else errors.push(`sla: must be a number of seconds from 0 to ${MAX_SLA_SECONDS} (366 days), got '${slaText}'`);
  }

  const formatText = single('format');
  let format: 'json' | 'csv' = /\btext\/csv\b/i.test(context.accept ?? '') ? 'csv' : 'json';
  if (formatText !== undefined) {
    if (formatText === 'csv' || formatText === 'json') format = formatText;
    else errors.push(`format: must be json or csv, got '${formatText}'`);
  }

  if (errors.length) throw new QueryError(errors);
  return { fromMs, toMs, tz, grain, channels, groupBy, responder, sla, format };
}
