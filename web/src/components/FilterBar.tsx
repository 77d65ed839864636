/** The filters every page shares; each change is a new URL (a history entry). */
import { useEffect, useId, useMemo, useState } from 'react';
import type { Grain } from '@parley/shared';
import { useChannels, useReportsLoading } from '../api/hooks';
import { parseDate } from '../lib/dates';
import { formatDayRange, formatNumber } from '../lib/format';
import { MAX_PERIOD_DAYS, type PeriodPreset, checkCustomRange, pageUses } from '../lib/url-state';
import { navigate, useDashboard } from '../state';
import { NamePicker } from './NamePicker';
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

  // Live is now: a period would mean nothing there.
  const hasPeriod = state.page !== 'live';
  return (
    <div className="filter-bar" role="group" aria-label="Filters">
      <div className="filter-row">
        {hasPeriod && <label className="field">
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
        </label>}
        {hasPeriod && state.period === 'custom' && <CustomRange />}
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
        {pageUses(state.page, 'team') && (
          <div className="field">
            <span className="field-label">Teams</span>
            <NamePicker kind="team" selected={state.teams} onChange={(teams) => update({ teams })} />
          </div>
        )}
        {pageUses(state.page, 'tag') && (
          <div className="field">
            <span className="field-label">Tags</span>
            <NamePicker kind="tag" selected={state.tags} onChange={(tags) => update({ tags })} />
          </div>
        )}
        {pageUses(state.page, 'hours') && <HoursSwitch />}
        {pageUses(state.page, 'compare') && (
          <label className="field checkbox-field">
            <input type="checkbox" checked={state.compare} onChange={(e) => update({ compare: e.target.checked })} />
            <span>Compare to previous period</span>
          </label>
        )}
      </div>
      <p className="period-summary" data-testid="period-summary">
        {hasPeriod ? formatDayRange(period.from, period.last) : 'Now'} · {period.tz.replace(/_/g, ' ')}
      </p>
      <IgnoredFilters />
    </div>
  );
}

/**
 * Calendar or business hours for durations. Without a schedule the switch is there but disabled,
 * with the way to one; while figures are recomputed after a schedule change, it says how far.
 */
function HoursSwitch() {
  const { state, me, update, hrefFor } = useDashboard();
  const hintId = useId();
  const { set, recompute } = me.workspace.businessHours;
  const settings = hrefFor('settings');
  return (
    <div className="field hours-field">
      <span className="field-label" id={`${hintId}-label`}>
        Hours
      </span>
      <div className="segmented" role="group" aria-labelledby={`${hintId}-label`} aria-describedby={set && !recompute ? undefined : hintId}>
        <button type="button" aria-pressed={state.hours === 'calendar'} onClick={() => update({ hours: 'calendar' })}>
          Calendar
        </button>
        <button type="button" aria-pressed={state.hours === 'business'} disabled={!set} onClick={() => update({ hours: 'business' })}>
          Business hours
        </button>
      </div>
      {!set && (
        <p className="hint hours-hint" id={hintId} data-testid="hours-hint">
          Business hours need the workspace&rsquo;s schedule.{' '}
          <a
            href={settings}
            onClick={(e) => {
              if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
              e.preventDefault();
              navigate(settings);
            }}
          >
            {me.user?.role === 'admin' ? 'Set it in Settings' : 'See Settings'}
          </a>
        </p>
      )}
      {set && recompute && (
        <p className="hint hours-hint" id={hintId} data-testid="hours-recompute">
          Recomputing business-time figures: {formatNumber(recompute.done)} of {formatNumber(recompute.total)} conversations.
        </p>
      )}
    </div>
  );
}

/**
 * Filters chosen on another page that this page's reports do not take: they stay set for the
 * pages that do (carryIgnoredFilters), and this says so, rather than seem to apply.
 */
function IgnoredFilters() {
  const { state } = useDashboard();
  const notes: string[] = [];
  const teamTag = [!pageUses(state.page, 'team') && state.teams.length > 0 && 'team', !pageUses(state.page, 'tag') && state.tags.length > 0 && 'tag'].filter(Boolean);
  if (teamTag.length > 0) {
    const names = teamTag.length > 1 ? 'The team and tag filters do' : `The ${teamTag[0]} filter does`;
    // Loyalty's reports answer 400 to team and tag (metrics.md): say why.
    const why = state.page === 'loyalty' ? ': loyalty is about contacts, not conversations' : '';
    notes.push(`${names} not apply to this page${why}. ${teamTag.length > 1 ? 'They stay' : 'It stays'} set for the other pages.`);
  }
  if (!pageUses(state.page, 'hours') && state.hours === 'business') notes.push('This page measures no durations, so business hours change nothing here; they stay set for the pages that do.');
  if (notes.length === 0) return null;
  return (
    <p className="hint ignored-filters" data-testid="ignored-filters">
      {notes.join(' ')}
    </p>
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
  // Not narrowed by team or tag either, and no business hours: only the names are read.
  const channels = useChannels({ ...base, channel: [], team: [], tag: [], hours: undefined }, !useReportsLoading('channels'));
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
