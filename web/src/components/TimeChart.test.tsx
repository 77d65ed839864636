import { describe, expect, it } from '@jest/globals';
import { render } from '@testing-library/react';
import type { Row } from '../lib/chart-data';
import type { BucketCoverage } from '../lib/periods';
import { type SeriesSpec, TimeChart, curveFor, hourTicks, splitIncomplete, timeTable } from './TimeChart';

const H = (h: number) => `2026-11-20T${String(h).padStart(2, '0')}:00:00+01:00`;
const rows: Row[] = [0, 1, 2, 3].map((h) => ({ bucket: H(h), conversations: 10 + h }));
const coverage: BucketCoverage[] = rows.map((r, i) => ({ bucket: r.bucket, status: i === 3 ? 'current' : 'complete', first: '2026-11-20', last: '2026-11-20' }));
const series: SeriesSpec[] = [{ key: 'conversations', label: 'Conversations', color: '#123456', type: 'area' }];

describe('TimeChart helpers', () => {
  it('splits a series into its complete points and a dashed piece from the last complete one', () => {
    const out = splitIncomplete(rows, ['conversations'], [false, false, false, true]);
    expect(out.map((r) => r.conversations__done)).toEqual([10, 11, 12, null]);
    expect(out.map((r) => r.conversations__part)).toEqual([null, null, 12, 13]);
    // The original values stay for the tooltip and the table.
    expect(out.map((r) => r.conversations)).toEqual([10, 11, 12, 13]);
  });

  it('joins a cut first bucket to the second as well', () => {
    const out = splitIncomplete(rows, ['conversations'], [true, false, false, true]);
    expect(out.map((r) => r.conversations__part)).toEqual([10, 11, 12, 13]);
    expect(out.map((r) => r.conversations__done)).toEqual([null, 11, 12, null]);
  });

  it('straight segments for weeks, months and few points; curves only for many days or hours', () => {
    expect(curveFor('month', 40)).toBe('linear');
    expect(curveFor('week', 13)).toBe('linear');
    expect(curveFor('day', 7)).toBe('linear');
    expect(curveFor('day', 30)).toBe('monotone');
  });

  it('ticks an hourly axis over days at midnights (and noons for up to three days)', () => {
    const week = Array.from({ length: 7 * 24 }, (_, i) => `2026-11-${String(14 + Math.floor(i / 24)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00+01:00`);
    expect(hourTicks(week)).toEqual(Array.from({ length: 7 }, (_, d) => `2026-11-${14 + d}T00:00:00+01:00`));
    expect(hourTicks(week.slice(0, 48))).toHaveLength(4);
  });
});

describe('TimeChart', () => {
  it('marks the incomplete buckets on the chart (attribute and accessible name)', () => {
    const { container } = render(<TimeChart rows={rows} series={series} grain="hour" tz="Europe/Berlin" kind="count" label="Conversations per hour" coverage={coverage} />);
    const chart = container.querySelector('.chart')!;
    expect(chart.getAttribute('data-incomplete')).toBe(`${H(3)} current`);
    expect(chart.getAttribute('aria-label')).toMatch(/^Conversations per hour; incomplete, drawn dashed: .*03:00( AM)? \(so far\)$/);
    expect(container.querySelector('[data-testid="chart-incomplete-note"]')).toHaveTextContent(/^Dashed, hatched: .*03:00( AM)? \(so far\)$/);
  });

  it('has no mark without incomplete buckets', () => {
    const { container } = render(<TimeChart rows={rows} series={series} grain="hour" tz="Europe/Berlin" kind="count" label="x" />);
    expect(container.querySelector('.chart')!.hasAttribute('data-incomplete')).toBe(false);
    expect(container.querySelector('[data-testid="chart-incomplete-note"]')).toBeNull();
  });

  it('says "so far" and "partial: <days>" in the table rows', () => {
    const weeks: Row[] = [{ bucket: '2026-08-17T00:00:00+00:00', v: 1 }, { bucket: '2026-08-24T00:00:00+00:00', v: 2 }, { bucket: '2026-11-16T00:00:00+00:00', v: 3 }];
    const cov: BucketCoverage[] = [
      { bucket: weeks[0].bucket, status: 'partial', first: '2026-08-23', last: '2026-08-23' },
      { bucket: weeks[1].bucket, status: 'complete', first: '2026-08-24', last: '2026-08-30' },
      { bucket: weeks[2].bucket, status: 'current', first: '2026-11-16', last: '2026-11-20' },
    ];
    const table = timeTable(weeks, [{ key: 'v', label: 'V', color: '#000' }], 'week', 'UTC', 'count', undefined, [], cov);
    const labels = table.rows.map((r) => String(r.cells[0]));
    expect(labels[0]).toMatch(/^Week of .*\(partial: .*23.*\)$/);
    expect(labels[1]).not.toMatch(/\(/);
    expect(labels[2]).toMatch(/\(so far\)$/);
  });

  it('lists the campaigns under the chart, unless a sibling panel lists them', () => {
    const markers = [{ bucket: H(1), campaigns: [{ campaignId: 'spring', firstSentAt: '2026-11-20T00:30:00.000Z' }] }];
    const listed = render(<TimeChart rows={rows} series={series} grain="hour" tz="Europe/Berlin" kind="count" label="x" markers={markers} />);
    expect(listed.getAllByTestId('chart-marker')).toHaveLength(1);
    listed.unmount();
    const quiet = render(<TimeChart rows={rows} series={series} grain="hour" tz="Europe/Berlin" kind="count" label="x" markers={markers} markerList={false} />);
    expect(quiet.queryAllByTestId('chart-marker')).toHaveLength(0);
    // The lines stay on the chart: only the list below is left to the last panel.
    expect(quiet.container.querySelector('.chart')!.getAttribute('aria-label')).toContain('spring');
  });
});
