import { describe, expect, it } from '@jest/globals';
import { render, within } from '@testing-library/react';
import { ChartPanels } from './ChartPanels';
import { TimeChart } from './TimeChart';

const rows = [
  { bucket: '2026-11-01T00:00:00Z', median: 60, p90: 7200, score: 4.2, rate: 0.8 },
  { bucket: '2026-11-02T00:00:00Z', median: 120, p90: 10_800, score: 2.5, rate: 0.5 },
  { bucket: '2026-11-03T00:00:00Z', median: 90, p90: 3600, score: 3, rate: 0.6 },
];
const yTicks = (el: HTMLElement, axis = '.recharts-yAxis') => el.querySelectorAll(`${axis} .recharts-cartesian-axis-tick-lines .recharts-cartesian-axis-tick`).length;

describe('TimeChart readability props', () => {
  it('draws a 1–5 rating on a 1–5 axis (five ticks), whatever the buckets hold', () => {
    const { container } = render(<TimeChart rows={rows} series={[{ key: 'score', label: 'CSAT', color: '#000' }]} grain="day" tz="UTC" kind="score" label="CSAT" />);
    expect(yTicks(container)).toBe(5);
  });

  it('titles its value axes when asked', () => {
    const { container } = render(
      <TimeChart
        rows={rows}
        series={[
          { key: 'median', label: 'Median', color: '#000' },
          { key: 'rate', label: 'Rate', color: '#111', axis: 'right' },
        ]}
        grain="day"
        tz="UTC"
        kind="duration"
        rightKind="percent"
        axisTitles={{ left: 'Median time to resolve', right: 'Resolutions per day' }}
        label="x"
      />,
    );
    const labels = [...container.querySelectorAll('.recharts-label')].map((l) => l.textContent);
    expect(labels).toEqual(expect.arrayContaining(['Median time to resolve', 'Resolutions per day']));
  });

  it('draws faint series as dots without a line, and leaves them out of the legend', () => {
    const { container } = render(
      <TimeChart
        rows={rows}
        series={[
          { key: 'score', label: 'CSAT', color: '#000', dots: true },
          { key: 'rate', label: 'CSAT', color: '#000', faint: true },
        ]}
        grain="day"
        tz="UTC"
        kind="score"
        label="x"
      />,
    );
    const paths = [...container.querySelectorAll('path.recharts-line-curve')];
    expect(paths.map((p) => p.getAttribute('stroke'))).toEqual(['#000', 'none']);
    // Every value of both series has its dot (3 + 3); the legend names only the solid one.
    expect(container.querySelectorAll('.recharts-line-dot')).toHaveLength(6);
    expect(container.querySelectorAll('.recharts-legend-item')).toHaveLength(1);
  });
});

describe('ChartPanels', () => {
  it('gives each series its own panel, named, with its own chart', () => {
    const { getByTestId } = render(
      <ChartPanels
        rows={rows}
        series={[
          { key: 'median', label: 'First response (median)', color: '#000' },
          { key: 'p90', label: 'First response (p90)', color: '#111' },
        ]}
        grain="day"
        tz="UTC"
        kind="duration"
        label="First response time per day"
      />,
    );
    const median = getByTestId('panel-median');
    const p90 = getByTestId('panel-p90');
    expect(median).toHaveTextContent('First response (median)');
    expect(within(median).getByRole('img')).toHaveAttribute('aria-label', 'First response time per day: First response (median)');
    expect(within(p90).getByRole('img')).toHaveAttribute('aria-label', 'First response time per day: First response (p90)');
    // Each on its own scale: the median's ticks 0–2m by 30s, the p90's 0–3h by 1h.
    expect(yTicks(median)).toBe(5);
    expect(yTicks(p90)).toBe(4);
  });
});
