/**
 * Response times split by channel or agent: the ranked table of the groups and a chart of the
 * picked ones (components/GroupTable.tsx), instead of one tangled line per group.
 */
import { type ResponseTimesParams, csvHref, type useResponseTimes } from '../api/hooks';
import type { ResponseTimesData } from '../api/types';
import { type GroupColumn, GroupSplit } from '../components/GroupTable';
import { OTHER_COLOR, channelColor, seriesColor } from '../lib/colors';
import { METRICS } from '../lib/metrics';
import { RESPONSE_SERIES, type ResponseSeriesMetric } from '../lib/url-state';

type GroupTotals = NonNullable<ResponseTimesData['groups']>[number];

const column = (key: Exclude<GroupColumn<GroupTotals>['key'], 'group'> & keyof GroupTotals, label: string, sampled = true): GroupColumn<GroupTotals> => ({
  key,
  label,
  kind: METRICS[key as keyof typeof METRICS].kind,
  value: (t) => t[key] as number | null,
  sampled,
});

// Every agent's response rate is 100% (the unanswered have no agent): by channel only.
const COLUMNS: Record<'channel' | 'agent', GroupColumn<GroupTotals>[]> = {
  channel: [
    column('conversations', 'Conversations (n)', false),
    column('responseRate', 'Response rate'),
    column('firstResponseMedian', 'First response (median)'),
    column('firstResponseP90', 'First response (p90)'),
    column('withinSla', 'Within SLA'),
    column('replyMedian', 'Reply (median)'),
    column('resolutions', 'Resolutions', false),
    column('resolutionMedian', 'Resolution (median)'),
  ],
  agent: [
    column('conversations', 'Conversations (n)', false),
    column('firstResponseMedian', 'First response (median)'),
    column('firstResponseP90', 'First response (p90)'),
    column('withinSla', 'Within SLA'),
    column('replyMedian', 'Reply (median)'),
    column('resolutions', 'Resolutions', false),
    column('resolutionMedian', 'Resolution (median)'),
  ],
};

export function ResponseSplit({
  split,
  show,
  onShow,
  query,
  params,
}: {
  split: 'channel' | 'agent';
  show: ResponseSeriesMetric;
  onShow: (m: ResponseSeriesMetric) => void;
  query: ReturnType<typeof useResponseTimes>;
  params: ResponseTimesParams;
}) {
  const info = METRICS[show];
  const by = split === 'channel' ? 'Channel' : 'Agent';
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
