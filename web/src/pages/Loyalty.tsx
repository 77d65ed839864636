import { csvHref, useCohorts, useLoyalty } from '../api/hooks';
import { ChartCard } from '../components/ChartCard';
import { CohortTable, cohortData } from '../components/CohortTable';
import { Figures } from '../components/Figures';
import { TimeChart, timeTable, type SeriesSpec } from '../components/TimeChart';
import { isEmpty, seriesRows } from '../lib/chart-data';
import { seriesColor } from '../lib/colors';
import { METRICS } from '../lib/metrics';
import { COHORT_GRAINS } from '../lib/url-state';
import { useDashboard } from '../state';

export default function Loyalty() {
  const { state, period, base, series, update } = useDashboard();
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

      <ChartCard title="Active contacts" description="New: first message ever in the bucket. Returning: wrote before it." csv={csvHref('loyalty', series)} query={totals} testId="chart-contacts">
        {(data) => {
          const rows = seriesRows(data.series, ['newContacts', 'returningContacts', 'activeContacts']);
          const specs: SeriesSpec[] = [
            { key: 'returningContacts', label: METRICS.returningContacts.label, color: seriesColor(0), type: 'bar', stack: 'contacts' },
            { key: 'newContacts', label: METRICS.newContacts.label, color: seriesColor(1), type: 'bar', stack: 'contacts' },
          ];
          const tableSpecs = [...specs, { key: 'activeContacts', label: METRICS.activeContacts.label, color: '' }];
          return {
            empty: isEmpty(rows, ['activeContacts']),
            table: timeTable(rows, tableSpecs, grain, tz, 'count'),
            chart: <TimeChart rows={rows} series={specs} grain={grain} tz={tz} kind="count" label={`Active contacts per ${grain}, new and returning`} />,
          };
        }}
      </ChartCard>

      <div className="chart-grid">
        <ChartCard title="Returning and repeat contacts" csv={csvHref('loyalty', series)} query={totals}>
          {(data) => {
            const rows = seriesRows(data.series, ['returningRate', 'repeatContactRate']);
            const specs: SeriesSpec[] = [
              { key: 'returningRate', label: METRICS.returningRate.label, color: seriesColor(0) },
              { key: 'repeatContactRate', label: METRICS.repeatContactRate.label, color: seriesColor(3) },
            ];
            return {
              empty: isEmpty(rows, ['returningRate', 'repeatContactRate']),
              table: timeTable(rows, specs, grain, tz, 'percent'),
              chart: <TimeChart rows={rows} series={specs} grain={grain} tz={tz} kind="percent" label={`Returning rate and repeat contact rate per ${grain}`} />,
            };
          }}
        </ChartCard>

        <ChartCard title="Customer satisfaction" description="Average rating (1–5) and the share of 4s and 5s." csv={csvHref('loyalty', series)} query={totals}>
          {(data) => {
            const rows = seriesRows(data.series, ['csatAverage', 'csatSatisfiedRate']);
            const specs: SeriesSpec[] = [
              { key: 'csatAverage', label: METRICS.csatAverage.label, color: seriesColor(2) },
              { key: 'csatSatisfiedRate', label: METRICS.csatSatisfiedRate.label, color: seriesColor(5), axis: 'right' },
            ];
            return {
              empty: isEmpty(rows, ['csatAverage']),
              table: timeTable(rows, specs, grain, tz, 'score', 'percent'),
              chart: <TimeChart rows={rows} series={specs} grain={grain} tz={tz} kind="score" rightKind="percent" label={`CSAT average and satisfied rate per ${grain}`} />,
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
