import { REPORT_PARAMS } from '@parley/shared/report-params';
import { type MetricEndpoint, csvHref, exportHref } from '../api/hooks';
import { nameSummary } from '../components/NamePicker';
import { formatDayRange } from '../lib/format';
import { useDashboard } from '../state';

const REPORTS: { endpoint: MetricEndpoint; label: string; grain: boolean }[] = [
  { endpoint: 'overview', label: 'Overview (this and the previous period)', grain: false },
  { endpoint: 'response-times', label: 'Response times', grain: true },
  { endpoint: 'engagement', label: 'Engagement', grain: true },
  { endpoint: 'heatmap', label: 'Weekday × hour heatmap', grain: false },
  { endpoint: 'loyalty', label: 'Loyalty', grain: true },
  { endpoint: 'cohorts', label: 'Cohort retention', grain: false },
  { endpoint: 'channels', label: 'Channels side by side', grain: false },
];

export default function Exports() {
  const { state, period, base, series } = useDashboard();
  const filters = [
    formatDayRange(period.from, period.last),
    period.tz.replace(/_/g, ' '),
    state.channels.length ? state.channels.join(', ') : 'all channels',
    ...(state.teams.length ? [`teams: ${nameSummary('team', state.teams)}`] : []),
    ...(state.tags.length ? [`tags: ${nameSummary('tag', state.tags)}`] : []),
  ].join(', ');
  // A report that does not take a chosen team or tag filter (loyalty, cohorts) is exported without it: its link says so.
  const unfiltered = (r: MetricEndpoint) => {
    const takes = (p: string) => (REPORT_PARAMS[r].params as readonly string[]).includes(p);
    return [
      ...(state.teams.length && !takes('team') ? ['team'] : []),
      ...(state.tags.length && !takes('tag') ? ['tag'] : []),
    ];
  };
  return (
    <div className="page">
      <section className="card" aria-labelledby="raw-exports">
        <header className="card-header">
          <div>
            <h2 id="raw-exports">Raw data</h2>
            <p className="card-description">For the current filters: {filters}. Large exports stream, so they start at once.</p>
          </div>
        </header>
        <div className="export-list">
          <div className="export-item">
            <div>
              <h3>Conversations</h3>
              <p className="muted">One row per conversation started in the period, with every fact: first response, resolution, rating, conversion…</p>
            </div>
            <a className="button primary" href={exportHref('conversations', base)} download data-testid="export-conversations">
              Download conversations.csv
            </a>
          </div>
          <div className="export-item">
            <div>
              <h3>Events</h3>
              <p className="muted">Every event received in the period, as sent (instants in UTC).</p>
            </div>
            <a className="button primary" href={exportHref('events', base)} download data-testid="export-events">
              Download events.csv
            </a>
          </div>
        </div>
      </section>
      <section className="card" aria-labelledby="report-exports">
        <header className="card-header">
          <div>
            <h2 id="report-exports">Reports</h2>
            <p className="card-description">
              The numbers behind each chart, {period.grain === 'hour' ? 'hourly' : `per ${period.grain}`} where they are a series
              {state.hours === 'business' ? '; durations in business hours' : ''}.
            </p>
          </div>
        </header>
        <ul className="report-links">
          {REPORTS.map((r) => (
            <li key={r.endpoint}>
              <a href={r.endpoint === 'cohorts' ? csvHref('cohorts', { ...base, grain: period.cohortGrain }) : csvHref(r.endpoint, r.grain ? series : base)} download>
                {r.label}
              </a>
              {unfiltered(r.endpoint).length > 0 && <span className="muted"> (without the {unfiltered(r.endpoint).join(' and ')} filter)</span>}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
