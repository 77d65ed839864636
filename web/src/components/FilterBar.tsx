/** The filters every page shares; each change is a new URL (a history entry). */
import { useEffect, useId, useMemo, useState } from 'react';
import type { Grain } from '@parley/shared';
import { useChannels, useReportsLoading } from '../api/hooks';
import { parseDate } from '../lib/dates';
import { formatDayRange, formatNumber } from '../lib/format';
import { MAX_PERIOD_DAYS, type PeriodPreset, checkCustomRange, pageUses } from '../lib/url-state';
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
        {state.period === 'custom' && <CustomRange />}
        {pageUses(state.page, 'grain') && (
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
        )}
        <div className="field">
          <span className="field-label">Time zone</span>
          <TimeZonePicker value={period.tz} workspaceTz={me.workspace.timeZone} onChange={(tz) => update({ tz })} />
        </div>
        <div className="field">
          <span className="field-label">Channels</span>
          <ChannelPicker />
        </div>
        {pageUses(state.page, 'compare') && (
          <label className="field checkbox-field">
            <input type="checkbox" checked={state.compare} onChange={(e) => update({ compare: e.target.checked })} />
            <span>Compare to previous period</span>
          </label>
        )}
      </div>
      <p className="period-summary" data-testid="period-summary">
        {formatDayRange(period.from, period.last)} · {period.tz.replace(/_/g, ' ')}
      </p>
    </div>
  );
}

/**
 * The custom range's first and last day. What is typed stays in the inputs; only a whole range in
 * order and within the limit is applied. Anything else says why next to the inputs and names the
 * range the data still shows, so screen and data never disagree silently.
 */
function CustomRange() {
  const { period, update } = useDashboard();
  const [draft, setDraft] = useState({ from: period.from, to: period.last });
  const errorId = useId();
  // Back/forward (or any other change of the applied range) refills the inputs.
  useEffect(() => setDraft({ from: period.from, to: period.last }), [period.from, period.last]);
  const error = customRangeError(draft.from, draft.to);
  const change = (next: { from: string; to: string }) => {
    setDraft(next);
    const f = parseDate(next.from);
    const t = parseDate(next.to);
    if (f && t && !checkCustomRange(f, t) && (f !== period.from || t !== period.last)) update({ period: 'custom', from: f, to: t });
  };
  return (
    <>
      <DayInput label="From" ariaLabel="First day" value={draft.from} errorId={error ? errorId : null} onChange={(from) => change({ ...draft, from })} />
      <DayInput label="To" ariaLabel="Last day" value={draft.to} errorId={error ? errorId : null} onChange={(to) => change({ ...draft, to })} />
      {error && (
        <p className="range-error" id={errorId} role="alert" data-testid="range-error">
          {error} Still showing {formatDayRange(period.from, period.last)}.
        </p>
      )}
    </>
  );
}

/** One day of the custom range; `errorId` names the error that makes it invalid. */
function DayInput({ label, ariaLabel, value, errorId, onChange }: { label: string; ariaLabel: string; value: string; errorId: string | null; onChange: (value: string) => void }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        className="control"
        type="date"
        aria-label={ariaLabel}
        value={value}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={errorId ?? undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

/** Why a typed range is not applied (null: it can be); a half-typed date is not an error yet. */
function customRangeError(from: string, to: string): string | null {
  const f = parseDate(from);
  const t = parseDate(to);
  const check = f && t ? checkCustomRange(f, t) : null;
  if (check?.kind === 'reversed') return 'The last day is before the first.';
  if (check?.kind === 'too-long') return `A range can be at most ${MAX_PERIOD_DAYS} days; this one has ${formatNumber(check.days)}.`;
  return null;
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
