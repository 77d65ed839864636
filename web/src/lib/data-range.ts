/**
 * Where a workspace's data lies, against the period on screen: a period outside it is empty for
 * sure, and the dashboard can offer the data's own range instead (an import of 2019–2020 data
 * would otherwise open on an empty "last 30 days" with no hint).
 */
import { addDays, todayIn, zonedMidnightMs } from './dates';
import { MAX_PERIOD_DAYS } from './url-state';

export interface DataRangeHint {
  /** The local days (in the period's zone) of the earliest and the latest event. */
  first: string;
  last: string;
  /** The custom period to offer: the data's last days, at most MAX_PERIOD_DAYS of them. */
  jump: { from: string; to: string };
}

/**
 * The hint when the period [from, to) in tz (dates, `to` exclusive) has no event because all the
 * workspace's events (firstEventAt … lastEventAt, instants) lie outside it; null when the period
 * overlaps the data, or there is no data, or the instants cannot be read.
 */
export function dataRangeHint(firstEventAt: string | null | undefined, lastEventAt: string | null | undefined, period: { from: string; to: string; tz: string }): DataRangeHint | null {
  if (!firstEventAt || !lastEventAt) return null;
  const firstMs = Date.parse(firstEventAt);
  const lastMs = Date.parse(lastEventAt);
  if (Number.isNaN(firstMs) || Number.isNaN(lastMs)) return null;
  if (firstMs < zonedMidnightMs(period.to, period.tz) && lastMs >= zonedMidnightMs(period.from, period.tz)) return null;
  const first = todayIn(period.tz, firstMs);
  const last = todayIn(period.tz, lastMs);
  const earliest = addDays(last, -(MAX_PERIOD_DAYS - 1));
  return { first, last, jump: { from: first > earliest ? first : earliest, to: last } };
}
