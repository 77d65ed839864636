/** The retention triangle: a row per cohort, a column per week/month since the first message. */
import type { CohortsResponse } from '@parley/shared';
import { cohortTable, intensity } from '../lib/chart-data';
import { formatBucket, formatNumber, formatPercent } from '../lib/format';
import type { TableData } from './DataTable';

const unit = (grain: 'week' | 'month') => (grain === 'week' ? 'Week' : 'Month');

/** The plain-number version for "View as table": retained contacts and their share. */
export function cohortData(data: CohortsResponse): TableData {
  const { rows, offsets } = cohortTable(data.cohorts);
  return {
    columns: ['Cohort', 'Contacts', ...Array.from({ length: offsets }, (_, k) => `${unit(data.grain)} ${k}`)],
    rows: rows.map((r) => ({
      key: r.cohort,
      cells: [
        formatBucket(r.cohort, data.grain, data.tz, undefined, true),
        formatNumber(r.size),
        ...Array.from({ length: offsets }, (_, k) => {
          const c = r.cells[k];
          return c ? `${formatNumber(c.retained)} (${formatPercent(c.rate)})` : '';
        }),
      ],
    })),
  };
}

export function CohortTable({ data }: { data: CohortsResponse }) {
  const { rows, offsets } = cohortTable(data.cohorts);
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Retention by cohort">
      <table className="data-table cohort-table">
        <caption className="visually-hidden">
          Share of each {data.grain}&apos;s new contacts who wrote again {data.grain === 'week' ? 'weeks' : 'months'} later
        </caption>
        <thead>
          <tr>
            <th scope="col">Cohort</th>
            <th scope="col" className="num">
              Contacts
            </th>
            {Array.from({ length: offsets }, (_, k) => (
              <th key={k} scope="col" className="num">
                {unit(data.grain)} {k}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.cohort}>
              <th scope="row">{formatBucket(r.cohort, data.grain, data.tz, undefined, true)}</th>
              <td className="num">{formatNumber(r.size)}</td>
              {Array.from({ length: offsets }, (_, k) => {
                const c = r.cells[k];
                if (!c) return <td key={k} className="cohort-cell none" />;
                // Offset 0 is always 100%: a lighter shade keeps the eye on the later columns.
                const a = c.rate === null ? 0 : k === 0 ? 0.25 : 0.08 + 0.92 * intensity(c.rate, 1);
                return (
                  <td
                    key={k}
                    className={a > 0.55 ? 'num cohort-cell dark' : 'num cohort-cell'}
                    style={{ background: `rgba(22, 163, 74, ${a})` }}
                    title={`${formatNumber(c.retained)} of ${formatNumber(r.size)}`}
                  >
                    {formatPercent(c.rate, undefined, 0)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
