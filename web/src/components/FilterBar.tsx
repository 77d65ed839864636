/** The filters every page shares; each change is a new URL (a history entry). */
import { useMemo } from 'react';
import type { Grain } from '@parley/shared';
import { useChannels, useReportsLoading } from '../api/hooks';
import { daysBetween, parseDate } from '../lib/dates';
import { formatDayRange } from '../lib/format';
import { MAX_PERIOD_DAYS, type PeriodPreset } from '../lib/url-state';
import { useDashboard } from '../state';
import { Popover } from './Popover';
import { TimeZonePicker } from './TimeZonePicker';

const PERIOD_LABELS: Record<PeriodPreset, string> = {
  today: 'Today',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  month: 'This month',
  lastmonth: 'Last month',
  custom: 'Custom range',
};
const GRAIN_LABELS: Record<Grain, string> = { hour: 'Hourly', day: 'Daily', week: 'Weekly', month: 'Monthly' };

export function FilterBar() {
  const { state, period, me, update } = useDashboard();

  const setCustom = (from: string | null, to: string | null) => {
    const f = parseDate(from);
    const t = parseDate(to);
    // Half-typed or reversed ranges are not applied; the inputs keep what was typed.
    if (!f || !t || f > t || daysBetween(f, t) + 1 > MAX_PERIOD_DAYS) return;
    update({ period: 'custom', from: f, to: t });
  };

  return (
    <div className="filter-bar" role="group" aria-label="Filters">
      <div className="filter-row">
        <label className="field">
          <span className="field-label">Period</span>
          <select
            className="control"
            aria-label="Period"
            value={state.period}
            onChange={(e) => {
              const p = e.target.value as PeriodPreset;
              // Custom starts from the range on screen, so switching to it changes nothing yet.
              if (p === 'custom') update({ period: 'custom', from: period.from, to: period.last });
              else update({ period: p });
            }}
          >
            {(Object.keys(PERIOD_LABELS) as PeriodPreset[]).map((p) => (
              <option key={p} value={p}>
                {PERIOD_LABELS[p]}
              </option>
            ))}
          </select>
        </label>
        {state.period === 'custom' && (
          <>
            <label className="field">
              <span className="field-label">From</span>
              <input
                className="control"
                type="date"
                aria-label="First day"
                // Keyed by the applied value, so back/forward refill the input.
                key={`from-${period.from}`}
                defaultValue={period.from}
                max={period.last}
                onChange={(e) => setCustom(e.target.value, period.last)}
              />
            </label>
            <label className="field">
              <span className="field-label">To</span>
              <input
                className="control"
                type="date"
                aria-label="Last day"
                key={`to-${period.last}`}
                defaultValue={period.last}
                min={period.from}
                onChange={(e) => setCustom(period.from, e.target.value)}
              />
            </label>
          </>
        )}
        <label className="field">
          <span className="field-label">Grain</span>
          <select className="control" aria-label="Grain" value={period.grain} onChange={(e) => update({ grain: e.target.value as Grain })}>
            {period.validGrains.map((g) => (
              <option key={g} value={g}>
                {GRAIN_LABELS[g]}
              </option>
            ))}
          </select>
        </label>
        <div className="field">
          <span className="field-label">Time zone</span>
          <TimeZonePicker value={period.tz} workspaceTz={me.workspace.timeZone} onChange={(tz) => update({ tz })} />
        </div>
        <div className="field">
          <span className="field-label">Channels</span>
          <ChannelPicker />
        </div>
        <label className="field checkbox-field">
          <input type="checkbox" checked={state.compare} onChange={(e) => update({ compare: e.target.checked })} />
          <span>Compare to previous period</span>
        </label>
      </div>
      <p className="period-summary" data-testid="period-summary">
        {formatDayRange(period.from, period.last)} · {period.tz.replace(/_/g, ' ')}
      </p>
    </div>
  );
}

function ChannelPicker() {
  const { state, base, update } = useDashboard();
  // The channels with data in this period, whatever is selected (so a filter can be widened again).
  // Asked for once the page's own figures are in (see useReportsLoading).
  const channels = useChannels({ ...base, channel: [] }, !useReportsLoading('channels'));
  const options = useMemo(() => {
    const names = new Set(channels.data?.channels.map((c) => c.channel) ?? []);
    for (const c of state.channels) names.add(c);
    return [...names].sort();
  }, [channels.data, state.channels]);
  const selected = new Set(state.channels);
  const text = state.channels.length === 0 ? 'All channels' : state.channels.length <= 2 ? state.channels.join(', ') : `${state.channels.length} channels`;

  const toggle = (c: string) => {
    const next = new Set(selected);
    if (next.has(c)) next.delete(c);
    else next.add(c);
    update({ channels: [...next].sort() });
  };

  return (
    <Popover label={`Channels: ${text}`} buttonText={text} className="channel-picker">
      {() => (
        <fieldset className="channel-list">
          <legend className="visually-hidden">Show only these channels</legend>
          {channels.isPending && <p className="hint">Loading channels…</p>}
          {channels.isError && <p className="hint">Could not load the channels.</p>}
          {!channels.isPending && options.length === 0 && <p className="hint">No channel has data in this period.</p>}
          {options.map((c) => (
            <label key={c} className="checkbox-field">
              <input type="checkbox" checked={selected.has(c)} onChange={() => toggle(c)} />
              <span>{c}</span>
            </label>
          ))}
          <button type="button" className="link-button" disabled={state.channels.length === 0} onClick={() => update({ channels: [] })}>
            All channels
          </button>
        </fieldset>
      )}
    </Popover>
  );
}
