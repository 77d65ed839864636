import { csvHref, useCohorts, useLoyalty } from '../api/hooks';
import { ChartCard } from '../components/ChartCard';
import { CohortTable, cohortData } from '../components/CohortTable';
import { Figures } from '../components/Figures';
import { TimeChart, timeTable, type SeriesSpec } from '../components/TimeChart';
import { useBucketDrill } from '../components/useBucketDrill';
import { MIN_RATINGS, fewKey, isEmpty, ratingsNote, seriesRows, splitBySample, withPrevious } from '../lib/chart-data';
import { PREVIOUS_COLOR, seriesColor } from '../lib/colors';
import { METRICS } from '../lib/metrics';
import { COHORT_GRAINS } from '../lib/url-state';
import { bucketCoverage } from '../lib/periods';
import { useDashboard } from '../state';

export default function Loyalty() {
  const { state, period, base, series, update } = useDashboard();
  const drill = useBucketDrill();
  const totals = useLoyalty(series);
  const previous = useLoyalty({ ...series, from: period.previous.from, to: period.previous.to }, state.compare);
  const cohortParams = { ...base, grain: period.cohortGrain };
  const cohorts = useCohorts(cohortParams);
  const { grain, tz } = period;

  return (
    <div className="page">
      <Figures
        query={totals}
        previous={state.compare ? previous : undefined}
        keys={['activeContacts', 'newContacts', 'returningContacts', 'returningRate', 'repeatContactRate', 'csatAverage', 'csatSatisfiedRate', 'csatResponses']}
        label="Loyalty totals"
      />

      <ChartCard
        title="Active contacts"
        description={`New: first message ever in the bucket. Returning: wrote before it.${state.compare ? ` Dashed: all active contacts of the previous period, ${grain} for ${grain}.` : ''}`}
        csv={csvHref('loyalty', series)}
        query={totals}
        testId="chart-contacts"
      >
        {(data) => {
          // When comparing, the previous period's total is laid over the stacked bars (as on the overview).
          const rows = withPrevious(
            seriesRows(data.series, ['newContacts', 'returningContacts', 'activeContacts']),
            state.compare && previous.data ? seriesRows(previous.data.series, ['activeContacts']) : undefined,
            'activeContacts',
          );
          const specs: SeriesSpec[] = [
            { key: 'returningContacts', label: METRICS.returningContacts.label, color: seriesColor(0), type: 'bar', stack: 'contacts' },
            { key: 'newContacts', label: METRICS.newContacts.label, color: seriesColor(1), type: 'bar', stack: 'contacts' },
          ];
          if (state.compare) specs.push({ key: 'previous', label: 'Previous period (all active)', color: PREVIOUS_COLOR, dashed: true });
          const tableSpecs = [...specs.filter((s) => s.key !== 'previous'), { key: 'activeContacts', label: METRICS.activeContacts.label, color: '' }, ...specs.filter((s) => s.key === 'previous')];
          return {
            empty: isEmpty(rows, ['activeContacts']),
            table: timeTable(rows, tableSpecs, grain, tz, 'count', undefined, [], bucketCoverage(rows.map((r) => r.bucket), grain, period)),
            chart: (
              <TimeChart
                rows={rows}
                series={specs}
                grain={grain}
                tz={tz}
                kind="count"
                previousKey="previous"
                onBucket={drill('activeContacts')}
                label={`Active contacts per ${grain}, new and returning${state.compare ? ', with the previous period' : ''}`}
              />
            ),
          };
        }}
      </ChartCard>

      <div className="chart-grid">
        <ChartCard
          title="Returning and repeat contacts"
          description={`Per ${grain}: a contact counts in every ${grain} they write, as returning if they wrote before that ${grain}, as repeat with 2 or more conversations within it. The cards above count each contact once over the whole period, so they differ.`}
          csv={csvHref('loyalty', series)}
          query={totals}
          testId="chart-returning"
        >
          {(data) => {
            const rows = seriesRows(data.series, ['returningRate', 'repeatContactRate']);
            const specs: SeriesSpec[] = [
              { key: 'returningRate', label: METRICS.returningRate.label, color: seriesColor(0) },
              { key: 'repeatContactRate', label: METRICS.repeatContactRate.label, color: seriesColor(3) },
            ];
            return {
              empty: isEmpty(rows, ['returningRate', 'repeatContactRate']),
              table: timeTable(rows, specs, grain, tz, 'percent', undefined, [], bucketCoverage(rows.map((r) => r.bucket), grain, period)),
              chart: (
                <TimeChart
                  rows={rows}
                  series={specs}
                  grain={grain}
                  tz={tz}
                  kind="percent"
                  tooltipNote={() => `Of this ${grain}'s contacts; the cards count each contact once over the period.`}
                  label={`Returning rate and repeat contact rate per ${grain}`}
                  onBucket={drill('returningRate')}
                />
              ),
            };
          }}
        </ChartCard>

        <ChartCard
          title="Customer satisfaction"
          description={`Average rating (1–5) and the share of 4s and 5s. Faint points: fewer than ${MIN_RATINGS} ratings in the ${grain}, too few to read.`}
          csv={csvHref('loyalty', series)}
          query={totals}
          testId="chart-csat"
        >
          {(data) => {
            const rows = seriesRows(data.series, ['csatAverage', 'csatSatisfiedRate', 'csatResponses']);
            const specs: SeriesSpec[] = [
              { key: 'csatAverage', label: METRICS.csatAverage.label, color: seriesColor(2), dots: true },
              { key: 'csatSatisfiedRate', label: METRICS.csatSatisfiedRate.label, color: seriesColor(5), axis: 'right', dots: true },
            ];
            // One rating makes a day 0% or 100%: buckets with few ratings are faint points, off the line.
            const faint: SeriesSpec[] = specs.map((s) => ({ ...s, key: fewKey(s.key), faint: true, dots: false }));
            const tableSpecs: SeriesSpec[] = [...specs, { key: 'csatResponses', label: METRICS.csatResponses.label, color: '', kind: 'count' }];
            return {
              empty: isEmpty(rows, ['csatAverage']),
              table: timeTable(rows, tableSpecs, grain, tz, 'score', 'percent', [], bucketCoverage(rows.map((r) => r.bucket), grain, period)),
              chart: (
                <TimeChart
                  rows={splitBySample(rows, ['csatAverage', 'csatSatisfiedRate'], 'csatResponses', MIN_RATINGS)}
                  series={[...specs, ...faint]}
                  grain={grain}
                  tz={tz}
                  kind="score"
                  rightKind="percent"
                  tooltipNote={(row) => ratingsNote(Number(row.csatResponses) || 0)}
                  label={`CSAT average and satisfied rate per ${grain}`}
                  onBucket={drill('csatAverage')}
                />
              ),
            };
          }}
        </ChartCard>
      </div>

      <ChartCard
        title="Retention by cohort"
        description={`Contacts grouped by the ${period.cohortGrain} of their first message; each cell: the share who wrote again that many ${period.cohortGrain}s later.`}
        csv={csvHref('cohorts', cohortParams)}
        query={cohorts}
        testId="chart-cohorts"
        controls={
          <div className="segmented" role="group" aria-label="Cohort size">
            {COHORT_GRAINS.map((g) => (
              <button key={g} type="button" aria-pressed={period.cohortGrain === g} onClick={() => update({ cohort: g })}>
                {g === 'week' ? 'Weekly' : 'Monthly'}
              </button>
            ))}
          </div>
        }
      >
        {(data) => ({
          empty: data.cohorts.every((c) => c.size === 0),
          table: cohortData(data),
          chart: <CohortTable data={data} />,
        })}
      </ChartCard>
    </div>
  );
}

