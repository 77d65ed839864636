import { csvHref, useEngagement, useHeatmap } from '../api/hooks';
import { ChartCard } from '../components/ChartCard';
import { Figures } from '../components/Figures';
import { Heatmap, heatmapTable } from '../components/Heatmap';
import { TimeChart, timeTable, type SeriesSpec } from '../components/TimeChart';
import { useBucketDrill } from '../components/useBucketDrill';
import { useCampaignMarkers } from '../components/useCampaignMarkers';
import { ALL_STARTED } from '../lib/drill';
import { isEmpty, revenueRows, seriesRows } from '../lib/chart-data';
import { seriesColor } from '../lib/colors';
import { formatCompact, formatCurrency } from '../lib/format';
import { METRICS } from '../lib/metrics';
import { bucketCoverage } from '../lib/periods';
import { useDashboard } from '../state';
import { EngagementSplit } from './EngagementSplit';

export default function Engagement() {
  const { state, period, base, series, update } = useDashboard();
  const totals = useEngagement(series);
  const previous = useEngagement({ ...series, from: period.previous.from, to: period.previous.to }, state.compare);
  const byChannel = useEngagement({ ...series, groupBy: 'channel' });
  const heatmap = useHeatmap(base);
  const { grain, tz } = period;
  const volume = state.volume;
  const markersFor = useCampaignMarkers();
  const drill = useBucketDrill();

  return (
    <div className="page">
      <Figures
        query={totals}
        previous={state.compare ? previous : undefined}
        keys={['conversations', 'messagesIn', 'messagesOut', 'activeContacts', 'messagesPerConversation', 'automationRate', 'conversionRate', 'revenue']}
        label="Engagement totals"
      />

      <EngagementSplit volume={volume} onVolume={(m) => update({ volume: m })} query={byChannel} params={{ ...series, groupBy: 'channel' }} markersFor={markersFor} />

      <div className="chart-grid">
        <ChartCard title="Messages per conversation" csv={csvHref('engagement', series)} query={totals}>
          {(data) => {
            const rows = seriesRows(data.series, ['messagesPerConversation']);
            const specs: SeriesSpec[] = [{ key: 'messagesPerConversation', label: METRICS.messagesPerConversation.label, color: seriesColor(0) }];
            const markers = markersFor(rows.map((r) => r.bucket));
            return {
              empty: isEmpty(rows, ['messagesPerConversation']),
              table: timeTable(rows, specs, grain, tz, 'decimal', undefined, markers, bucketCoverage(rows.map((r) => r.bucket), grain, period)),
              chart: <TimeChart rows={rows} series={specs} grain={grain} tz={tz} kind="decimal" label={`Messages per conversation per ${grain}`} markers={markers} onBucket={drill('messagesPerConversation')} />,
            };
          }}
        </ChartCard>

        <ChartCard title="Automation and conversion" csv={csvHref('engagement', series)} query={totals} description="Automation: answered by bots only. Conversion: conversations that led to a conversion.">
          {(data) => {
            const rows = seriesRows(data.series, ['automationRate', 'conversionRate']);
            const specs: SeriesSpec[] = [
              { key: 'automationRate', label: METRICS.automationRate.label, color: seriesColor(1) },
              { key: 'conversionRate', label: METRICS.conversionRate.label, color: seriesColor(2) },
            ];
            const markers = markersFor(rows.map((r) => r.bucket));
            return {
              empty: isEmpty(rows, ['automationRate', 'conversionRate']),
              table: timeTable(rows, specs, grain, tz, 'percent', undefined, markers, bucketCoverage(rows.map((r) => r.bucket), grain, period)),
              chart: <TimeChart rows={rows} series={specs} grain={grain} tz={tz} kind="percent" label={`Automation rate and conversion rate per ${grain}`} markers={markers} onBucket={drill(ALL_STARTED)} />,
            };
          }}
        </ChartCard>
      </div>

      <ChartCard title="Revenue" description="Conversion value by day of the conversion; each currency on its own." csv={csvHref('engagement', series)} query={totals} testId="chart-revenue">
        {(data) => {
          const { rows, currencies } = revenueRows(data.series);
          const specs: SeriesSpec[] = currencies.map((c, i) => ({
            key: c,
            label: c,
            color: seriesColor(i + 2),
            type: 'bar',
            format: (v) => formatCurrency(v, c),
          }));
          const markers = markersFor(rows.map((r) => r.bucket));
          return {
            empty: currencies.length === 0,
            table: timeTable(rows, specs, grain, tz, 'count', undefined, markers, bucketCoverage(rows.map((r) => r.bucket), grain, period)),
            // A chart per currency: amounts in different currencies never share an axis.
            chart: (
              <div className="currency-panels currency-panels-wide">
                {specs.map((spec, i) => (
                  <figure key={spec.key} className="currency-panel" data-testid={`revenue-panel-${spec.key}`}>
                    {specs.length > 1 && <figcaption>{spec.key}</figcaption>}
                    <TimeChart
                      markers={markers}
                      markerList={i === specs.length - 1}
                      rows={rows}
                      series={[spec]}
                      grain={grain}
                      tz={tz}
                      kind="count"
                      height={specs.length > 1 ? 200 : 260}
                      axisFormat={(v) => formatCurrency(v, spec.key, undefined, true)}
                      label={`Revenue per ${grain} in ${spec.key}`}
                      onBucket={drill('revenue')}
                    />
                  </figure>
                ))}
              </div>
            ),
          };
        }}
      </ChartCard>

      <ChartCard
        title="When customers write"
        description={`Customer messages by weekday and hour, in ${tz.replace(/_/g, ' ')}.`}
        csv={csvHref('heatmap', base)}
        query={heatmap}
        height={240}
        testId="chart-heatmap"
      >
        {(data) => ({
          empty: data.cells.every((c) => c.messages === 0),
          table: heatmapTable(data.cells),
          chart: <Heatmap cells={data.cells} tz={tz} />,
        })}
      </ChartCard>
    </div>
  );
}
