import { describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen } from '@testing-library/react';
import type { UseQueryResult } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import { delta, type Kpi } from '../lib/chart-data';
import { ChartCard } from './ChartCard';
import { KpiCard } from './KpiCard';
import { filterZones } from './TimeZonePicker';

// Just the fields QueryView reads.
const query = <T,>(over: Partial<UseQueryResult<T>>): UseQueryResult<T> =>
  ({ data: undefined, isError: false, isFetching: false, isPlaceholderData: false, error: null, refetch: jest.fn(), ...over }) as unknown as UseQueryResult<T>;

const kpi: Kpi = {
  id: 'firstResponseMedian',
  metric: 'firstResponseMedian',
  label: 'First response (median)',
  kind: 'duration',
  value: 252,
  previous: 300,
  delta: delta(252, 300, 'duration', 'down'),
};

describe('KpiCard', () => {
  it('shows the formatted value under its test id, and the change as good when a duration falls', () => {
    render(<KpiCard kpi={kpi} compare />);
    expect(screen.getByTestId('kpi-firstResponseMedian')).toHaveTextContent('4m 12s');
    const d = screen.getByTestId('kpi-firstResponseMedian-delta');
    expect(d).toHaveClass('tone-good');
    expect(d).toHaveTextContent('-16%');
    expect(d).toHaveTextContent('down -16% from 5m 00s vs the previous period');
  });

  it('names the compared period in the title and for screen readers', () => {
    render(<KpiCard kpi={kpi} compare vs="yesterday until 14:23" />);
    const d = screen.getByTestId('kpi-firstResponseMedian-delta');
    expect(d).toHaveAttribute('title', 'vs yesterday until 14:23: 5m 00s');
    expect(d).toHaveTextContent('down -16% from 5m 00s vs yesterday until 14:23');
  });

  it('shows "n/a — too little data before" instead of a change against a near-empty period, neither green nor red', () => {
    const thin: Kpi = { ...kpi, id: 'conversations', metric: 'conversations', kind: 'count', value: 583, previous: 1, delta: { change: null, mode: 'relative', direction: 'flat', tone: 'neutral', insufficient: 'before' } };
    render(<KpiCard kpi={thin} compare vs="4 – 10 Nov 2026" />);
    const d = screen.getByTestId('kpi-conversations-delta');
    expect(d).toHaveClass('tone-neutral');
    expect(d).toHaveAttribute('data-insufficient', 'before');
    expect(d).toHaveTextContent('n/a — too little data before');
    expect(d.textContent).not.toMatch(/[▲▼%]/);
  });

  it('hides the change when not comparing', () => {
    render(<KpiCard kpi={kpi} compare={false} />);
    expect(screen.queryByTestId('kpi-firstResponseMedian-delta')).toBeNull();
  });

  it('formats revenue in its currency and is a toggle button when selectable', () => {
    const onSelect = jest.fn();
    const revenue: Kpi = { ...kpi, id: 'revenue-EUR', metric: 'revenue', label: 'Revenue (EUR)', kind: 'count', value: 1200.5, currency: 'EUR', previous: 0, delta: delta(1200.5, 0, 'count', 'up') };
    render(<KpiCard kpi={revenue} compare selected onSelect={onSelect} />);
    expect(screen.getByTestId('kpi-revenue-EUR').textContent).toMatch(/1,200\.50/);
    expect(screen.getByTestId('kpi-revenue-EUR-delta')).toHaveTextContent('new');
    const button = screen.getByRole('button', { pressed: true });
    fireEvent.click(button);
    expect(onSelect).toHaveBeenCalled();
  });
});

describe('ChartCard', () => {
  const view = () => ({
    chart: <div role="img" aria-label="The chart" />,
    table: { columns: ['Day', 'Value'], rows: [{ key: 'a', cells: ['Nov 1', '3'] }] },
  });

  it('shows a skeleton while the first answer loads', () => {
    render(
      <ChartCard title="Volume" query={query({})}>
        {view}
      </ChartCard>,
    );
    expect(screen.getByRole('status')).toHaveTextContent('Loading');
  });

  it('shows an error panel whose Retry refetches', () => {
    const q = query({ isError: true, error: new ApiError(503, 'Database unavailable') });
    render(
      <ChartCard title="Volume" query={q}>
        {view}
      </ChartCard>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Parley had a problem answering');
    expect(screen.getByRole('alert')).toHaveTextContent('Database unavailable. Try again in a moment.');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(q.refetch).toHaveBeenCalled();
  });

  it('keeps old data visible, dimmed, while new data loads', () => {
    const { container } = render(
      <ChartCard title="Volume" query={query({ data: 1, isPlaceholderData: true, isFetching: true })}>
        {view}
      </ChartCard>,
    );
    expect(screen.getByRole('img', { name: 'The chart' })).toBeInTheDocument();
    expect(container.querySelector('.query-view')).toHaveAttribute('aria-busy', 'true');
  });

  it('switches to a table and back, and links the CSV', () => {
    render(
      <ChartCard title="Volume" csv="/api/v1/metrics/engagement?format=csv" query={query({ data: 1 })}>
        {view}
      </ChartCard>,
    );
    expect(screen.getByRole('link', { name: 'Download CSV: Volume' })).toHaveAttribute('href', '/api/v1/metrics/engagement?format=csv');
    const toggle = screen.getByRole('button', { name: 'View as table: Volume' });
    fireEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('table')).toHaveTextContent('Nov 1');
    expect(screen.queryByRole('img', { name: 'The chart' })).toBeNull();
    fireEvent.click(toggle);
    expect(screen.getByRole('img', { name: 'The chart' })).toBeInTheDocument();
  });

  it('says so when the period has no data', () => {
    render(
      <ChartCard title="Volume" query={query({ data: 1 })}>
        {() => ({ ...view(), empty: true })}
      </ChartCard>,
    );
    expect(screen.getByText('No data in this period.')).toBeInTheDocument();
  });
});

describe('filterZones', () => {
  const zones = ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'UTC'];
  it('matches every typed word, spaces standing for underscores and slashes', () => {
    expect(filterZones(zones, 'new york')).toEqual(['America/New_York']);
    expect(filterZones(zones, 'BERLIN')).toEqual(['Europe/Berlin']);
    expect(filterZones(zones, 'asia/k')).toEqual(['Asia/Kolkata']);
    expect(filterZones(zones, '  ')).toEqual(zones);
    expect(filterZones(zones, 'mars')).toEqual([]);
  });
});
