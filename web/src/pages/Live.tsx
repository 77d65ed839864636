/**
 * What is happening now (api.md "Live"): open and waiting conversations, the longest waits, and
 * today so far against the same hours a week ago. Asked again every 15 s; the figures on screen
 * stay until the next answer replaces them (no blank, no flicker).
 */
import { useLive } from '../api/hooks';
import { KpiCard } from '../components/KpiCard';
import { ErrorPanel, Skeleton } from '../components/status';
import { overviewKpis } from '../lib/chart-data';
import { formatDuration, formatInstant, formatNumber } from '../lib/format';
import { conversationPath } from '../lib/url-state';
import { useDashboard } from '../state';
import { PageLink } from '../components/PageLink';

export default function Live() {
  const { state, period, hrefFor } = useDashboard();
  const live = useLive({ tz: period.tz, channel: state.channels, team: state.teams, tag: state.tags, responder: state.responder });
  if (live.data === undefined) {
    if (live.isError) return <ErrorPanel error={live.error} onRetry={() => void live.refetch()} />;
    return <Skeleton height={320} label="Loading what is happening now" />;
  }
  const data = live.data;
  const waitingHref = `${hrefFor('conversations').split('?')[0]}?${new URLSearchParams({ period: '7d', status: 'waiting', sortBy: 'waitingSince', order: 'asc', ...(state.responder === 'agent' && { responder: 'agent' }) })}`;
  return (
    <div className="page" aria-busy={live.isFetching}>
      <p className="live-status" data-testid="live-as-of">
        As of {formatInstant(data.asOf, undefined, period.tz)} ({new Intl.DateTimeFormat(undefined, { timeZone: period.tz, hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(data.asOf))}) · refreshes every 15 seconds
        {live.isError && ' · the last refresh failed; retrying'}
      </p>
      <section className="kpi-grid" aria-label="Now">
        <div className="kpi live-card">
          <span className="kpi-label">Open conversations</span>
          <span className="kpi-value" data-testid="live-open">
            {formatNumber(data.open)}
          </span>
          <span className="hint">not resolved, with an event in the last 7 days</span>
        </div>
        <div className="kpi live-card">
          <span className="kpi-label">Waiting for a reply</span>
          <span className="kpi-value" data-testid="live-waiting">
            {formatNumber(data.waiting)}
          </span>
          <PageLink href={waitingHref}>list the waiting ones started in the last 7 days</PageLink>
        </div>
      </section>

      <section className="card" aria-labelledby="longest-title" data-testid="live-longest">
        <header className="card-header">
          <div>
            <h2 id="longest-title">Who has waited longest</h2>
            <p className="card-description">The {data.longestWaits.length} longest open waits for a reply, longest first.</p>
          </div>
        </header>
        {data.longestWaits.length === 0 ? (
          <p className="empty-note">Nobody is waiting for a reply.</p>
        ) : (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Longest waits">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Conversation</th>
                  {/* The wait first: on a phone it is the column in view. */}
                  <th scope="col" className="num">
                    Waited
                  </th>
                  <th scope="col">Channel</th>
                  <th scope="col">Contact</th>
                  <th scope="col">Team</th>
                  <th scope="col">Waiting since</th>
                </tr>
              </thead>
              <tbody>
                {data.longestWaits.map((w) => {
                  const href = conversationPath(w.conversationId);
                  return (
                    <tr key={w.conversationId} data-testid="live-wait">
                      <th scope="row">
                        <PageLink href={href}>{w.conversationId}</PageLink>
                      </th>
                      <td className="num">{formatDuration(w.waitingSeconds)}</td>
                      <td>{w.channel}</td>
                      <td>{w.contactId}</td>
                      <td>{w.team ?? '—'}</td>
                      <td>{formatInstant(w.waitingSince, undefined, period.tz)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="today-title">
        <h2 id="today-title">Today so far, against the same hours a week ago</h2>
        <div className="kpi-grid">
          {overviewKpis({ current: data.today, before: data.lastWeek }).map((k) => (
            <KpiCard key={k.id} kpi={k} compare vs="the same hours a week ago" />
          ))}
        </div>
      </section>
    </div>
  );
}
