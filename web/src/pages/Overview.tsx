import { csvHref, useEngagement, useOverview } from '../api/hooks';
import { ChartCard } from '../components/ChartCard';
import { KpiCard } from '../components/KpiCard';
import { QueryView } from '../components/status';
import { TimeChart, timeTable, type SeriesSpec } from '../components/TimeChart';
import { useBucketDrill } from '../components/useBucketDrill';
import { useCampaignMarkers } from '../components/useCampaignMarkers';
import { isEmpty, overviewKpis, seriesRows, withPrevious } from '../lib/chart-data';
import { PALETTE, PREVIOUS_COLOR } from '../lib/colors';
import { METRICS } from '../lib/metrics';
import { bucketCoverage, comparisonLabel } from '../lib/periods';
import { drillHref } from '../lib/drill';
import { VOLUME_METRICS, type VolumeMetric } from '../lib/url-state';
import { useDashboard } from '../state';

export default function Overview() {
  const { state, period, base, series, update } = useDashboard();
  // The compared period named (compareFrom/compareTo): yesterday until now for a running today, not all of it.
  const overview = useOverview({ ...base, compareFrom: period.previous.from, compareTo: period.previous.to });
  const vs = comparisonLabel(period);
  const volume = useEngagement(series);
  // The previous period's series, laid under the current one when comparing.
  const previous = useEngagement({ ...series, from: period.previous.from, to: period.previous.to }, state.compare);
  const metric = state.metric;
  const info = METRICS[metric];
  const volumeMetrics = VOLUME_METRICS as readonly string[];
  const markersFor = useCampaignMarkers();
  const drill = useBucketDrill();

  return (
    <div className="page">
      <QueryView query={overview} skeletonHeight={200}>
        {(data) => (
          <section className="kpi-grid" aria-label="Headline figures">
            {overviewKpis(data).map((k) => (
              <KpiCard
                key={k.id}
                kpi={k}
                compare={state.compare}
                vs={vs}
                selected={k.metric === metric}
                drill={drillHref(state, k.metric)}
                onSelect={volumeMetrics.includes(k.id) ? () => update({ metric: k.id as VolumeMetric }) : undefined}
              />
            ))}
          </section>
        )}
      </QueryView>

      <ChartCard
        title={`${info.label} over time`}
        description={
          state.compare
            ? `Dashed grey: ${vs}, ${period.grain} for ${period.grain}.`
            : 'Choose the series with the cards above.'
        }
        csv={csvHref('engagement', series)}
        query={volume}
        height={300}
        testId="chart-volume"
      >
        {(data) => {
          const rows = withPrevious(
            seriesRows(data.series, [metric]),
            state.compare && previous.data ? seriesRows(previous.data.series, [metric]) : undefined,
            metric,
          );
          const specs: SeriesSpec[] = [{ key: metric, label: info.label, color: PALETTE[0], type: 'area' }];
          if (state.compare) specs.push({ key: 'previous', label: 'Previous period', color: PREVIOUS_COLOR, dashed: true });
          const markers = markersFor(rows.map((r) => r.bucket));
          const coverage = bucketCoverage(rows.map((r) => r.bucket), period.grain, period);
          return {
            empty: isEmpty(rows, [metric, 'previous']),
            table: timeTable(rows, specs, period.grain, period.tz, 'count', undefined, markers, coverage),
            chart: (
              <TimeChart
                markers={markers}
                coverage={coverage}
                rows={rows}
                series={specs}
                grain={period.grain}
                tz={period.tz}
                kind="count"
                height={300}
                label={`${info.label} per ${period.grain}${state.compare ? ', with the previous period' : ''}`}
                previousKey="previous"
                onBucket={drill(metric)}
              />
            ),
          };
        }}
      </ChartCard>
    </div>
  );
}
