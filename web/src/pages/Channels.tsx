import { Bar, BarChart, Cell, LabelList, XAxis, YAxis } from 'recharts';
import type { ChannelMetrics } from '@parley/shared';
import { type ChannelsParams, csvHref, useChannels } from '../api/hooks';
import { ChartCard } from '../components/ChartCard';
import { DataTable } from '../components/DataTable';
import { MoneyLines } from '../components/Money';
import { QueryView } from '../components/status';
import { useChartFocus } from '../components/useChartFocus';
import { channelBars, channelRevenueBars, currencies, sortChannels } from '../lib/chart-data';
import { channelColor } from '../lib/colors';
import { formatCurrency, formatValue } from '../lib/format';
import { METRICS } from '../lib/metrics';
import { CHANNEL_SORTS, type ChannelSort } from '../lib/url-state';
import { DrillLink } from '../components/PageLink';
import { ALL_STARTED, drillHref } from '../lib/drill';
import { navigate, useDashboard } from '../state';

type MetricColumn = Exclude<ChannelSort, 'channel'>;
const COLUMNS = CHANNEL_SORTS.filter((c): c is MetricColumn => c !== 'channel');
const SHORT: Partial<Record<MetricColumn, string>> = {
  firstResponseMedian: 'First response (median)',
  firstResponseP90: 'First response (p90)',
  replyMedian: 'Reply (median)',
};
// Revenue has a card of its own below: one chart per currency.
const SMALL_CHARTS: MetricColumn[] = ['conversations', 'messagesIn', 'responseRate', 'firstResponseMedian', 'csatAverage', 'conversionRate'];

export default function Channels() {
  const { state, base, update } = useDashboard();
  const params: ChannelsParams = base;
  const query = useChannels(params);
  const csv = csvHref('channels', params);

  const sortBy = (key: ChannelSort) => {
    // A new column sorts its natural way first: names A–Z, figures largest first.
    if (key === state.sort) update({ dir: state.dir === 'asc' ? 'desc' : 'asc' });
    else update({ sort: key, dir: key === 'channel' ? 'asc' : 'desc' });
  };

  return (
    <div className="page">
      <section className="card" aria-labelledby="channels-table-title" data-testid="channels-table">
        <header className="card-header">
          <div>
            <h2 id="channels-table-title">Channels side by side</h2>
            <p className="card-description">Each channel's figures over the whole period, as if filtered to that channel alone. Select a column to sort.</p>
          </div>
          <div className="card-actions">
            <a className="link-button" href={csv} download aria-label="Download CSV: channels">
              Download CSV
            </a>
          </div>
        </header>
        <QueryView query={query}>
          {(data) => {
            if (data.channels.length === 0) return <p className="empty-note">No channel has data in this period.</p>;
            const curs = currencies(data.channels.map((c) => c.revenue));
            const rows = sortChannels(data.channels, state.sort, state.dir, curs[0]);
            return (
              <ChannelTable
                rows={rows}
                currencies={curs}
                sort={state.sort}
                dir={state.dir}
                onSort={sortBy}
                drill={(channel) => drillHref(state, ALL_STARTED, { group: { by: 'channel', group: channel } })}
              />
            );
          }}
        </QueryView>
      </section>

      <div className="chart-grid small-multiples">
        {SMALL_CHARTS.map((key) => (
          <ChartCard key={key} title={METRICS[key].label} csv={csv} query={query} height={180} testId={`channel-bars-${key}`}>
            {(data) => {
              const bars = channelBars(data.channels, key);
              const fmt = (v: number | null) => formatValue(METRICS[key].kind, v);
              const title = METRICS[key].label;
              return {
                empty: bars.length === 0,
                table: { columns: ['Channel', title], rows: bars.map((b) => ({ key: b.channel, cells: [b.channel, fmt(b.value)] })) },
                // A bar opens the channel's conversations behind its figure.
                chart: (
                  <ChannelBars bars={bars} format={fmt} label={`${title} by channel`} onBar={(channel) => navigate(drillHref(state, key, { group: { by: 'channel', group: channel } }))} />
                ),
              };
            }}
          </ChartCard>
        ))}
        <div className="channel-revenue-card">
          <ChartCard title="Revenue" description="Conversion value per channel; each currency on its own axis." csv={csv} query={query} height={180} testId="channel-bars-revenue">
            {(data) => {
              const panels = channelRevenueBars(data.channels);
              const byChannel = data.channels.filter((c) => panels.some((p) => (c.revenue[p.currency] ?? 0) > 0));
              return {
                empty: panels.length === 0,
                table: {
                  columns: ['Channel', ...panels.map((p) => `Revenue (${p.currency})`)],
                  rows: byChannel.map((c) => ({ key: c.channel, cells: [c.channel, ...panels.map((p) => formatCurrency(c.revenue[p.currency] ?? 0, p.currency))] })),
                },
                chart: (
                  <div className="currency-panels">
                    {panels.map((p) => {
                      const fmt = (v: number | null) => formatCurrency(v, p.currency);
                      return (
                        <figure key={p.currency} className="currency-panel" data-testid={`channel-revenue-${p.currency}`}>
                          <figcaption>{p.currency}</figcaption>
                          <ChannelBars
                            bars={p.bars}
                            format={fmt}
                            label={`Revenue in ${p.currency} by channel`}
                            onBar={(channel) => navigate(drillHref(state, 'revenue', { group: { by: 'channel', group: channel } }))}
                          />
                        </figure>
                      );
                    })}
                  </div>
                ),
              };
            }}
          </ChartCard>
        </div>
      </div>
    </div>
  );
}

function ChannelTable({
  rows,
  currencies,
  sort,
  dir,
  onSort,
  drill,
}: {
  rows: ChannelMetrics[];
  /** The page's currencies, main first: every revenue cell lists its amounts in this order. */
  currencies: string[];
  sort: ChannelSort;
  dir: 'asc' | 'desc';
  onSort: (k: ChannelSort) => void;
  /** The Conversations page of a channel's conversations (started in the period). */
  drill: (channel: string) => string;
}) {
  const header = (key: ChannelSort, label: string, numeric: boolean) => (
    <th key={key} scope="col" className={numeric ? 'num' : undefined} aria-sort={sort === key ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <button type="button" className="sort-button" onClick={() => onSort(key)}>
        {label}
        <span aria-hidden="true" className="sort-mark">
          {sort === key ? (dir === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Channels table">
      <table className="data-table channels-table">
        <caption className="visually-hidden">Every channel's headline figures for the period</caption>
        <thead>
          <tr>
            {header('channel', 'Channel', false)}
            {COLUMNS.map((c) => header(c, SHORT[c] ?? METRICS[c].label, true))}
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.channel} data-testid={`channel-row-${c.channel}`}>
              <th scope="row">
                <span className="swatch" style={{ background: channelColor(c.channel) }} aria-hidden="true" />
                {c.channel}
                <DrillLink href={drill(c.channel)} label={`The conversations of ${c.channel}`} className="drill-link channel-drill">
                  conversations →
                </DrillLink>
              </th>
              {COLUMNS.map((k) => (
                <td key={k} className="num">
                  {k === 'revenue' ? <MoneyLines revenue={c.revenue} order={currencies} /> : formatValue(METRICS[k].kind, c[k])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ChannelBars({
  bars,
  format,
  label,
  onBar,
}: {
  bars: { channel: string; value: number }[];
  format: (v: number | null) => string;
  label: string;
  onBar: (channel: string) => void;
}) {
  const ref = useChartFocus<HTMLDivElement>();
  const height = 24 + bars.length * 30;
  return (
    <div className="chart" role="img" aria-label={`${label}: ${bars.map((b) => `${b.channel} ${format(b.value)}`).join(', ')}`} style={{ height }} ref={ref}>
      <BarChart responsive data={bars} layout="vertical" style={{ width: '100%', height }} margin={{ top: 4, right: 72, bottom: 4, left: 4 }} accessibilityLayer={false}>
        <XAxis type="number" hide domain={[0, 'dataMax']} />
        <YAxis type="category" dataKey="channel" width={84} tickLine={false} axisLine={false} tick={{ fontSize: 12, fill: 'var(--text)' }} />
        <Bar
          dataKey="value"
          isAnimationActive={false}
          barSize={18}
          radius={[0, 3, 3, 0]}
          cursor="pointer"
          onClick={(d: { payload?: { channel?: string } }) => d?.payload?.channel && onBar(d.payload.channel)}
        >
          {bars.map((b) => (
            <Cell key={b.channel} fill={channelColor(b.channel)} />
          ))}
          <LabelList dataKey="value" position="right" formatter={(v: unknown) => format(typeof v === 'number' ? v : null)} style={{ fontSize: 12, fill: 'var(--muted)' }} />
        </Bar>
      </BarChart>
    </div>
  );
}
