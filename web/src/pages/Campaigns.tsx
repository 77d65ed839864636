import { useEffect } from 'react';
import type { CampaignMetrics, CampaignsResponse } from '@parley/shared';
import { DEFAULT_WINDOW_HOURS } from '@parley/shared/report-params';
import { type CampaignsParams, csvHref, useCampaigns } from '../api/hooks';
import { ChartCard } from '../components/ChartCard';
import { MoneyLines } from '../components/Money';
import { QueryView } from '../components/status';
import { TimeChart, timeTable, type SeriesSpec } from '../components/TimeChart';
import { type FunnelSource, campaignSends, currencies, failedShare, funnelSteps, isEmpty, sortCampaigns } from '../lib/chart-data';
import { OTHER_COLOR, seriesColor } from '../lib/colors';
import { NO_VALUE, formatInstant, formatNumber, formatPercent, formatRevenue } from '../lib/format';
import { CAMPAIGN_SORTS, type CampaignSort, WINDOW_PRESETS } from '../lib/url-state';
import { bucketCoverage } from '../lib/periods';
import { useDashboard } from '../state';

const COLUMN_LABELS: Record<CampaignSort, string> = {
  campaignId: 'Campaign',
  channels: 'Channels',
  firstSentAt: 'First sent',
  sent: 'Sent',
  recipients: 'Recipients',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Failed',
  deliveryRate: 'Delivery rate',
  readRate: 'Read rate',
  replied: 'Replied',
  replyRate: 'Reply rate',
  converted: 'Converted',
  conversionRate: 'Conversion rate',
  revenue: 'Revenue',
};
const TEXT_COLUMNS: CampaignSort[] = ['campaignId', 'channels', 'firstSentAt'];
const RATES: CampaignSort[] = ['deliveryRate', 'readRate', 'replyRate', 'conversionRate'];

/** "120 h (5 days)": hours as set, with days when they are whole. */
export function windowLabel(hours: number): string {
  if (hours % 24 !== 0) return `${hours} h`;
  const days = hours / 24;
  return `${hours} h (${days} ${days === 1 ? 'day' : 'days'})`;
}

export default function Campaigns() {
  const { state, period, series, update } = useDashboard();
  const params: CampaignsParams = { ...series, window: state.window };
  const query = useCampaigns(params);
  const csv = csvHref('campaigns', params);
  const { grain, tz } = period;

  // A chosen campaign that is not in this period's answer (another period or channel) is forgotten,
  // once the answer is the current one (not the previous view's, kept on screen while loading).
  const settled = query.data !== undefined && !query.isPlaceholderData && !query.isFetching;
  const missing = settled && state.campaign !== null && !query.data.campaigns.some((c) => c.campaignId === state.campaign);
  useEffect(() => {
    if (missing) update({ campaign: null }, { replace: true });
  }, [missing, update]);

  const choose = (campaign: string | null) => update({ campaign });
  const sortBy = (key: CampaignSort) => {
    // A new column sorts its natural way first: names and dates A–Z / oldest first, figures largest first.
    if (key === state.campaignSort) update({ campaignDir: state.campaignDir === 'asc' ? 'desc' : 'asc' });
    else update({ campaignSort: key, campaignDir: TEXT_COLUMNS.includes(key) ? 'asc' : 'desc' });
  };
  const known = query.data?.campaigns ?? [];
  const empty = query.data !== undefined && query.data.campaigns.length === 0;

  return (
    <div className="page">
      <div className="page-controls campaign-controls" role="group" aria-label="Campaign options">
        <label className="field">
          <span className="field-label">Campaign</span>
          <select className="control" aria-label="Campaign" value={state.campaign ?? ''} onChange={(e) => choose(e.target.value || null)}>
            <option value="">All campaigns</option>
            {state.campaign !== null && !known.some((c) => c.campaignId === state.campaign) && <option value={state.campaign}>{state.campaign}</option>}
            {known.map((c) => (
              <option key={c.campaignId} value={c.campaignId}>
                {c.campaignId}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Attribution window</span>
          <select className="control" aria-label="Attribution window" value={state.window} onChange={(e) => update({ window: Number(e.target.value) })}>
            {!(WINDOW_PRESETS as readonly number[]).includes(state.window) && <option value={state.window}>{windowLabel(state.window)}</option>}
            {WINDOW_PRESETS.map((h) => (
              <option key={h} value={h}>
                {windowLabel(h)}
                {h === DEFAULT_WINDOW_HOURS ? ', default' : ''}
              </option>
            ))}
          </select>
        </label>
        <p className="hint window-hint" data-testid="window-hint">
          A reply or order counts for the latest campaign message at most {windowLabel(state.window)} before it.
        </p>
      </div>

      <section className="card" aria-labelledby="funnel-title" data-testid="campaign-funnel">
        <header className="card-header">
          <div>
            <h2 id="funnel-title">{state.campaign ? `Funnel: ${state.campaign}` : 'Funnel: all campaigns'}</h2>
            <p className="card-description">Messages sent, delivered and read; then the recipients (distinct contacts) who replied or converted within the window.</p>
          </div>
          {state.campaign && (
            <div className="card-actions">
              <button type="button" className="link-button" onClick={() => choose(null)}>
                Show all campaigns
              </button>
            </div>
          )}
        </header>
        <QueryView query={query} skeletonHeight={260}>
          {(data) => {
            if (data.campaigns.length === 0) return <NoCampaigns />;
            const chosen = state.campaign ? data.campaigns.find((c) => c.campaignId === state.campaign) : undefined;
            return <Funnel source={chosen ?? data.totals} revenue={(chosen ?? data.totals).revenue} />;
          }}
        </QueryView>
      </section>

      {!empty && (
        <section className="card" aria-labelledby="campaigns-table-title" data-testid="campaigns-table">
          <header className="card-header">
            <div>
              <h2 id="campaigns-table-title">Campaigns ranked</h2>
              <p className="card-description">
                Ranked by converted recipients, then replied recipients. Select a column to sort, a campaign to see its funnel.
              </p>
            </div>
            <div className="card-actions">
              <a className="link-button" href={csv} download aria-label="Download CSV: campaigns" data-testid="campaigns-csv">
                Download CSV
              </a>
            </div>
          </header>
          <QueryView query={query}>
            {(data) => (
              <CampaignTable
                rows={sortCampaigns(data.campaigns, state.campaignSort, state.campaignDir, currencies(data.campaigns.map((c) => c.revenue))[0])}
                sort={state.campaignSort}
                dir={state.campaignDir}
                onSort={sortBy}
                chosen={state.campaign}
                onChoose={choose}
                tz={tz}
              />
            )}
          </QueryView>
        </section>
      )}

      {!empty && (
        <ChartCard
          title="Sends over time"
          description={`Campaign messages per ${grain}, stacked by campaign (the 8 largest; the rest as Other).`}
          csv={csv}
          query={query}
          height={300}
          testId="chart-campaign-sends"
        >
          {(data: CampaignsResponse) => {
            const { rows, groups } = campaignSends(data.series, 8);
            const specs: SeriesSpec[] = groups.map((g, i) => ({ key: g.key, label: g.label, color: g.key === 'other' ? OTHER_COLOR : seriesColor(i), type: 'bar', stack: 'campaigns' }));
            return {
              empty: isEmpty(rows, groups.map((g) => g.key)),
              table: timeTable(rows, specs, grain, tz, 'count', undefined, [], bucketCoverage(rows.map((r) => r.bucket), grain, period)),
              chart: <TimeChart rows={rows} series={specs} grain={grain} tz={tz} kind="count" height={300} label={`Campaign messages per ${grain}, stacked by campaign`} />,
            };
          }}
        </ChartCard>
      )}
    </div>
  );
}

function NoCampaigns() {
  return (
    <div className="empty-campaigns" data-testid="campaigns-empty">
      <p className="empty-note">No campaign messages in this period.</p>
      <p className="hint">
        A campaign message is a <code>message.sent</code> event with a <code>campaignId</code>, one per recipient, for example:
      </p>
      <div className="snippet">
        <pre>
          <code>{`{"id": "spring-1", "type": "message.sent", "occurredAt": "2026-03-02T10:00:00Z",
 "conversationId": "conv-1", "contactId": "contact-1", "channel": "whatsapp",
 "sender": {"type": "bot", "id": "broadcaster"}, "campaignId": "spring-sale"}`}</code>
        </pre>
      </div>
    </div>
  );
}

function Funnel({ source, revenue }: { source: FunnelSource; revenue: Record<string, number> }) {
  const steps = funnelSteps(source);
  const failed = failedShare(source);
  const part = (unit: 'messages' | 'recipients') => steps.filter((s) => s.unit === unit);
  const list = (unit: 'messages' | 'recipients') => (
    <ol className="funnel-steps">
      {part(unit).map((s) => (
        <li key={s.key} className="funnel-step" data-testid={`funnel-${s.key}`}>
          <span className="funnel-label">{s.label}</span>
          <span className="funnel-bar" aria-hidden="true">
            <span className={`funnel-fill funnel-fill-${unit}`} style={{ width: `${(s.share * 100).toFixed(1)}%` }} />
          </span>
          <span className="funnel-value" data-testid={`funnel-${s.key}-value`}>
            {formatNumber(s.value)}
          </span>
          <span className="funnel-rate" data-testid={`funnel-${s.key}-rate`}>
            {s.rateOf ? `${formatPercent(s.rate)} ${s.rateOf}` : ''}
          </span>
          {s.key === 'delivered' && (
            <span className={source.failed > 0 ? 'funnel-failed has-failed' : 'funnel-failed'} data-testid="funnel-failed">
              Failed: {formatNumber(source.failed)}
              {failed !== null && ` (${formatPercent(failed)} of sent)`}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
  return (
    <div className="funnel" data-testid="funnel">
      <h3 className="funnel-unit">Messages</h3>
      {list('messages')}
      <h3 className="funnel-unit">
        Recipients <span className="funnel-unit-note">distinct contacts; replies and conversions within the window</span>
      </h3>
      {list('recipients')}
      <p className="funnel-revenue" data-testid="funnel-revenue">
        <span className="funnel-label">Revenue</span> <strong>{formatRevenue(revenue)}</strong>
      </p>
    </div>
  );
}

function CampaignTable({
  rows,
  sort,
  dir,
  onSort,
  chosen,
  onChoose,
  tz,
}: {
  rows: CampaignMetrics[];
  sort: CampaignSort;
  dir: 'asc' | 'desc';
  onSort: (k: CampaignSort) => void;
  chosen: string | null;
  onChoose: (id: string | null) => void;
  tz: string;
}) {
  const header = (key: CampaignSort) => {
    const numeric = !TEXT_COLUMNS.includes(key);
    return (
      <th key={key} scope="col" className={numeric ? 'num' : undefined} aria-sort={sort === key ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}>
        <button type="button" className="sort-button" onClick={() => onSort(key)}>
          {COLUMN_LABELS[key]}
          <span aria-hidden="true" className="sort-mark">
            {sort === key ? (dir === 'asc' ? '▲' : '▼') : ''}
          </span>
        </button>
      </th>
    );
  };
  // Every revenue cell lists its currencies in the same order, one per line.
  const order = currencies(rows.map((c) => c.revenue));
  const cell = (c: CampaignMetrics, key: CampaignSort) => {
    if (key === 'channels') return c.channels.join(', ') || NO_VALUE;
    if (key === 'firstSentAt') return formatInstant(c.firstSentAt, undefined, tz);
    if (key === 'revenue') return <MoneyLines revenue={c.revenue} order={order} />;
    if (RATES.includes(key)) return formatPercent(c[key] as number | null);
    return formatNumber(c[key] as number);
  };
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Campaigns table">
      <table className="data-table channels-table campaigns-table">
        <caption className="visually-hidden">Every campaign's funnel for the period</caption>
        <thead>
          <tr>{CAMPAIGN_SORTS.map(header)}</tr>
        </thead>
        <tbody>
          {rows.map((c) => {
            const selected = c.campaignId === chosen;
            return (
              <tr
                key={c.campaignId}
                data-testid={`campaign-row-${c.campaignId}`}
                className={selected ? 'selected' : undefined}
                // The whole row chooses the campaign; the button in the first cell does it by keyboard.
                onClick={() => onChoose(selected ? null : c.campaignId)}
              >
                <th scope="row">
                  <button type="button" className="row-button" aria-pressed={selected} aria-label={`Show the funnel of ${c.campaignId}`} onClick={(e) => (e.stopPropagation(), onChoose(selected ? null : c.campaignId))}>
                    {c.campaignId}
                  </button>
                </th>
                {CAMPAIGN_SORTS.filter((k) => k !== 'campaignId').map((k) => (
                  <td key={k} className={TEXT_COLUMNS.includes(k) ? undefined : 'num'}>
                    {cell(c, k)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
