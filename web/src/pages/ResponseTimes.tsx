import { useState, type FormEvent } from 'react';
import { type ResponseTimesParams, csvHref, useResponseTimes } from '../api/hooks';
import type { ResponseTimesData } from '../api/types';
import { ChartCard } from '../components/ChartCard';
import { ChartPanels } from '../components/ChartPanels';
import { Figures } from '../components/Figures';
import { TimeChart, timeTable, type SeriesSpec } from '../components/TimeChart';
import { useBucketDrill } from '../components/useBucketDrill';
import { isEmpty, seriesRows } from '../lib/chart-data';
import { seriesColor } from '../lib/colors';
import { formatDuration } from '../lib/format';
import { METRICS, type MetricKey } from '../lib/metrics';
import { GROUP_BYS, type GroupBy, type ResponderValue } from '../lib/url-state';
import { bucketCoverage } from '../lib/periods';
import { useDashboard } from '../state';
import { ResponseSplit } from './ResponseSplit';

type Series = ResponseTimesData['series'];
const GROUP_LABELS: Record<GroupBy, string> = { none: 'No split', channel: 'By channel', agent: 'By agent', team: 'By team', tag: 'By tag' };
// Two panels of 150 px with their titles: the skeleton's height while loading.
const PANELS_HEIGHT = 340;

export default function ResponseTimes() {
  const { state, period, series, update } = useDashboard();
  // A click on a bucket opens the conversations it counted (lib/drill.ts).
  const drill = useBucketDrill();
  const common: ResponseTimesParams = { ...series, responder: state.responder, sla: state.sla };
  const totals = useResponseTimes(common);
  const previous = useResponseTimes({ ...common, from: period.previous.from, to: period.previous.to }, state.compare);
  const split = state.groupBy === 'none' ? undefined : state.groupBy;
  const grouped = useResponseTimes({ ...common, groupBy: split }, split !== undefined);
  const grain = period.grain;
  const tz = period.tz;

  /** A chart of several duration/percent fields of the ungrouped series. */
  const lines = (fields: (keyof Series[number] & string)[], data: ResponseTimesData, bars?: keyof Series[number] & string) => {
    const rows = seriesRows(data.series, bars ? [...fields, bars] : fields);
    const specs: SeriesSpec[] = fields.map((f, i) => ({ key: f, label: METRICS[f as keyof typeof METRICS].label, color: seriesColor(i) }));
    if (bars) specs.unshift({ key: bars, label: METRICS[bars as keyof typeof METRICS].label, color: 'var(--series-faint-bar, #c7d2fe)', type: 'bar', axis: 'right', kind: 'count' });
    return { rows, specs, empty: isEmpty(rows, fields) };
  };
  /** A median and its p90 as two panels, each on its own scale (a p90 is often many times the median). */
  const percentilePanels = (fields: [keyof Series[number] & string, keyof Series[number] & string], label: string, emptyText?: string) => (data: ResponseTimesData) => {
    const { rows, specs, empty } = lines(fields, data);
    return {
      empty,
      emptyText,
      table: timeTable(rows, specs, grain, tz, 'duration', undefined, [], bucketCoverage(rows.map((r) => r.bucket), grain, period)),
      chart: <ChartPanels rows={rows} series={specs} grain={grain} tz={tz} kind="duration" label={`${label} per ${grain}`} onBucket={drill(fields[0] as MetricKey)} />,
    };
  };

  return (
    <div className="page">
      <div className="page-controls" role="group" aria-label="Response time options">
        <label className="field">
          <span className="field-label">Split</span>
          <select className="control" aria-label="Split by" value={state.groupBy} onChange={(e) => update({ groupBy: e.target.value as GroupBy })}>
            {GROUP_BYS.map((g) => (
              <option key={g} value={g}>
                {GROUP_LABELS[g]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Responder</span>
          <select className="control" aria-label="Responder" value={state.responder} onChange={(e) => update({ responder: e.target.value as ResponderValue })}>
            <option value="any">Agents and bots</option>
            <option value="agent">Agents only</option>
          </select>
        </label>
        <SlaField seconds={state.sla} onChange={(sla) => update({ sla })} />
      </div>

      <Figures
        query={totals}
        previous={state.compare ? previous : undefined}
        keys={[
          'responseRate',
          'firstResponseMedian',
          'firstResponseP90',
          'firstResponseMean',
          'replyMedian',
          'replyP90',
          'resolutionMedian',
          'withinSla',
          'assignedConversations',
          'assignmentResponseMedian',
          'assignmentResponseP90',
        ]}
        label="Response time totals"
      />

      {split ? (
        <ResponseSplit split={split} show={state.show} onShow={(show) => update({ show })} query={grouped} params={{ ...common, groupBy: split }} />
      ) : (
        <div className="chart-grid">
          <ChartCard
            title="First response time"
            description="Median and p90, each on its own scale: the p90 is often many times the median."
            csv={csvHref('response-times', common)}
            query={totals}
            height={PANELS_HEIGHT}
            testId="chart-first-response"
          >
            {percentilePanels(['firstResponseMedian', 'firstResponseP90'], 'First response time')}
          </ChartCard>
          <ChartCard
            title="Reply time"
            description="Every wait for a reply, not only the first; median and p90 each on its own scale."
            csv={csvHref('response-times', common)}
            query={totals}
            height={PANELS_HEIGHT}
            testId="chart-reply"
          >
            {percentilePanels(['replyMedian', 'replyP90'], 'Reply time')}
          </ChartCard>
          <ChartCard
            title="Assignment → first agent response"
            description="From the first assignment to the first agent reply after it; median and p90 each on its own scale, over the conversations first assigned in each period."
            csv={csvHref('response-times', common)}
            query={totals}
            height={PANELS_HEIGHT}
            testId="chart-assignment-response"
          >
            {percentilePanels(
              ['assignmentResponseMedian', 'assignmentResponseP90'],
              'Assignment to first agent response',
              'No conversation was assigned and then answered by an agent in this period.',
            )}
          </ChartCard>
          <ChartCard title="Resolution time" csv={csvHref('response-times', common)} query={totals} testId="chart-resolution">
            {(data) => {
              const { rows, specs, empty } = lines(['resolutionMedian'], data, 'resolutions');
              return {
                empty,
                table: timeTable(rows, specs, grain, tz, 'duration', 'count', [], bucketCoverage(rows.map((r) => r.bucket), grain, period)),
                chart: (
                  <TimeChart
                    rows={rows}
                    series={specs}
                    grain={grain}
                    tz={tz}
                    kind="duration"
                    rightKind="count"
                    axisTitles={{ left: 'Median time to resolve', right: `Resolutions per ${grain}` }}
                    label={`Median resolution time and resolutions per ${grain}`}
                    onBucket={drill('resolutionMedian')}
                  />
                ),
              };
            }}
          </ChartCard>
          <ChartCard
            title={`Within SLA (${formatDuration(state.sla)})`}
            description="Share of conversations first answered within the SLA; unanswered ones count as missed."
            csv={csvHref('response-times', common)}
            query={totals}
            testId="chart-sla"
          >
            {(data) => {
              const { rows, specs, empty } = lines(['withinSla', 'responseRate'], data);
              return {
                empty: empty && isEmpty(seriesRows(data.series, ['conversations']), ['conversations']),
                table: timeTable(rows, specs, grain, tz, 'percent', undefined, [], bucketCoverage(rows.map((r) => r.bucket), grain, period)),
                chart: (
                  <TimeChart
                    rows={rows}
                    series={specs}
                    grain={grain}
                    tz={tz}
                    kind="percent"
                    label={`Share within SLA and response rate per ${grain}`}
                    onBucket={drill('withinSla')}
                  />
                ),
              };
            }}
          </ChartCard>
        </div>
      )}
    </div>
  );
}

/** The SLA in minutes; applied on Enter or leaving the field, so typing does not make a history entry per key. */
function SlaField({ seconds, onChange }: { seconds: number; onChange: (seconds: number) => void }) {
  const [text, setText] = useState(String(seconds / 60));
  const [shown, setShown] = useState(seconds);
  // Back/forward may change the SLA under the field.
  if (shown !== seconds) {
    setShown(seconds);
    setText(String(seconds / 60));
  }
  const apply = (e?: FormEvent) => {
    e?.preventDefault();
    const minutes = Number(text.replace(',', '.'));
    if (Number.isFinite(minutes) && minutes >= 0 && minutes <= 366 * 1440) onChange(Math.round(minutes * 60));
    else setText(String(seconds / 60));
  };
  return (
    <form className="field" onSubmit={apply}>
      <label className="field-label" htmlFor="sla-minutes">
        SLA (minutes)
      </label>
      <input id="sla-minutes" className="control sla-input" type="number" min={0} step="any" inputMode="decimal" value={text} onChange={(e) => setText(e.target.value)} onBlur={() => apply()} />
    </form>
  );
}
