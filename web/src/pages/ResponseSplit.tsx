/**
 * Response times split by channel or agent: the ranked table of the groups and a chart of the
 * picked ones (components/GroupTable.tsx), instead of one tangled line per group.
 */
import { type ResponseTimesParams, csvHref, type useResponseTimes } from '../api/hooks';
import type { ResponseTimesData } from '../api/types';
import { type GroupColumn, GroupSplit, metricColumn } from '../components/GroupTable';
import { OTHER_COLOR, channelColor, seriesColor } from '../lib/colors';
import { METRICS } from '../lib/metrics';
import { RESPONSE_SERIES, type ResponseSeriesMetric } from '../lib/url-state';

type GroupTotals = NonNullable<ResponseTimesData['groups']>[number];

// Rates and times are greyed on a small sample; counts are what the sample is.
const CHANNEL_COLUMNS = [
  metricColumn<GroupTotals>('conversations', 'Conversations (n)'),
  metricColumn<GroupTotals>('responseRate', 'Response rate', true),
  metricColumn<GroupTotals>('firstResponseMedian', 'First response (median)', true),
  metricColumn<GroupTotals>('firstResponseP90', 'First response (p90)', true),
  metricColumn<GroupTotals>('withinSla', 'Within SLA', true),
  metricColumn<GroupTotals>('replyMedian', 'Reply (median)', true),
  metricColumn<GroupTotals>('resolutions', 'Resolutions'),
  metricColumn<GroupTotals>('resolutionMedian', 'Resolution (median)', true),
];
// Every agent's response rate is 100% (the unanswered have no agent): by channel only.
const COLUMNS: Record<Split, GroupColumn<GroupTotals>[]> = {
  channel: CHANNEL_COLUMNS,
  agent: CHANNEL_COLUMNS.filter((c) => c.key !== 'responseRate'),
  team: CHANNEL_COLUMNS,
  tag: CHANNEL_COLUMNS,
};
type Split = 'channel' | 'agent' | 'team' | 'tag';
const BY: Record<Split, string> = { channel: 'Channel', agent: 'Agent', team: 'Team', tag: 'Tag' };

export function ResponseSplit({
  split,
  show,
  onShow,
  query,
  params,
}: {
  split: Split;
  show: ResponseSeriesMetric;
  onShow: (m: ResponseSeriesMetric) => void;
  query: ReturnType<typeof useResponseTimes>;
  params: ResponseTimesParams;
}) {
  const info = METRICS[show];
  const by = BY[split];
  return (
    <GroupSplit<GroupTotals>
      title={`Response times by ${by.toLowerCase()}`}
      description={
        split === 'agent'
          ? 'Agent: who sent the first response; bots and "Unanswered" (no first response yet) are ranked apart. Reply times count each reply by who sent it.'
          : undefined
      }
      csv={csvHref('response-times', params)}
      query={query}
      testId="chart-response-split"
      controls={
        <label className="field">
          <span className="field-label">Show</span>
          <select className="control" aria-label="Metric to split" value={show} onChange={(e) => onShow(e.target.value as ResponseSeriesMetric)}>
            {RESPONSE_SERIES.map((m) => (
              <option key={m} value={m}>
                {METRICS[m].label}
              </option>
            ))}
          </select>
        </label>
      }
      nameHeader={by}
      noneLabel="Unanswered"
      columns={COLUMNS[split]}
      sample={(t) => t.conversations}
      field={show}
      fieldLabel={info.label}
      kind={info.kind === 'percent' ? 'percent' : 'duration'}
      // An agent's colour is its place in the chart; one not charted has none yet.
      colorOf={(g, i) => (split === 'channel' && g !== null ? channelColor(g) : i >= 0 ? seriesColor(i) : OTHER_COLOR)}
      chartLabel={info.label}
    />
  );
}
