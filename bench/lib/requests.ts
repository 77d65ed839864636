/**
 * The metric requests of the query benchmark: a deterministic mix of periods (7/30/90 days),
 * time zones, grains, channel filters, groupBy, responder and (campaigns) the attribution window
 * per endpoint.
 */
import { rng } from '@parley/shared/generate';
import { DEFAULT_WINDOW_HOURS } from '@parley/shared/report-params';

// New endpoints go last: each endpoint's mix is seeded by its index.
export const ENDPOINTS = ['overview', 'response-times', 'engagement', 'heatmap', 'loyalty', 'cohorts', 'channels', 'campaigns'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export interface MetricRequest {
  endpoint: Endpoint;
  /** ISO instants (UTC, `Z`): the period [from, to). */
  from: string;
  to: string;
  days: number;
  tz: string;
  grain?: 'hour' | 'day' | 'week' | 'month';
  channels?: string[];
  groupBy?: 'channel' | 'agent';
  responder?: 'agent';
  sla?: number;
  /** campaigns: the attribution window in hours. */
  window?: number;
}

const TZS = ['UTC', 'Europe/Berlin', 'America/New_York'];
const PERIODS = [7, 30, 90];
const FILTERS = [['whatsapp'], ['email', 'sms'], ['webchat']];
/** Attribution windows (hours): a day, the default, the longest. */
const WINDOWS = [24, 120, 720];
const DAY_MS = 86_400_000;

/**
 * `count` requests for one endpoint. Periods end at `endMs` (rounded down to the hour) or up to
 * four days before it, so consecutive requests differ.
 */
export function requestMix(endpoint: Endpoint, count: number, endMs: number, seed = 7): MetricRequest[] {
  const random = rng(seed + ENDPOINTS.indexOf(endpoint) * 1000);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const endHour = Math.floor(endMs / 3_600_000) * 3_600_000;
  const out: MetricRequest[] = [];
  for (let i = 0; i < count; i++) {
    const days = PERIODS[i % 3];
    const toMs = endHour - (Math.floor(i / 9) % 5) * DAY_MS;
    const r: MetricRequest = { endpoint, days, from: new Date(toMs - days * DAY_MS).toISOString(), to: new Date(toMs).toISOString(), tz: TZS[Math.floor(i / 3) % 3] };
    if (endpoint === 'response-times' || endpoint === 'engagement' || endpoint === 'loyalty' || endpoint === 'campaigns')
      r.grain = pick(days === 7 ? (['hour', 'day'] as const) : days === 30 ? (['day', 'week'] as const) : (['day', 'week', 'month'] as const));
    if (endpoint === 'cohorts') r.grain = pick(['week', 'month'] as const);
    if (random() < 0.25) r.channels = pick(FILTERS);
    if (endpoint === 'response-times') {
      const g = pick(['none', 'channel', 'agent'] as const);
      if (g !== 'none') r.groupBy = g;
      if (random() < 0.2) r.sla = 600;
    }
    if (endpoint === 'engagement' || endpoint === 'loyalty') {
      if (random() < 0.5) r.groupBy = 'channel';
    }
    if ((endpoint === 'overview' || endpoint === 'response-times' || endpoint === 'channels') && random() < 0.2) r.responder = 'agent';
    // Each window with each period length in turn (i / 3 walks the time zones); the default (120) is left out half the time.
    if (endpoint === 'campaigns') {
      const window = WINDOWS[Math.floor(i / 9) % 3];
      if (window !== DEFAULT_WINDOW_HOURS || i % 2 === 1) r.window = window;
    }
    out.push(r);
  }
  return out;
}

/** The query string of a request, as the dashboard would send it. */
export function queryString(r: MetricRequest): string {
  const p = new URLSearchParams({ from: r.from, to: r.to, tz: r.tz });
  if (r.grain) p.set('grain', r.grain);
  if (r.channels) p.set('channel', r.channels.join(','));
  if (r.groupBy) p.set('groupBy', r.groupBy);
  if (r.responder) p.set('responder', r.responder);
  if (r.sla !== undefined) p.set('sla', String(r.sla));
  if (r.window !== undefined) p.set('window', String(r.window));
  return p.toString();
}

export function describe(r: MetricRequest): string {
  return `${r.endpoint} ${r.days}d ${r.tz}${r.grain ? ` ${r.grain}` : ''}${r.channels ? ` channel=${r.channels.join(',')}` : ''}${r.groupBy ? ` groupBy=${r.groupBy}` : ''}${r.responder ? ' responder=agent' : ''}${r.sla !== undefined ? ` sla=${r.sla}` : ''}${r.window !== undefined ? ` window=${r.window}` : ''} to=${r.to}`;
}
