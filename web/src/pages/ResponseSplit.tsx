/**
 * Response times split by channel, agent, team or tag: the ranked table of the groups and a chart
 * of the picked ones (components/GroupTable.tsx), instead of one tangled line per group. Used by
 * Response times' split and by the Agents, Teams and Tags pages.
 */
import { type ResponseTimesParams, csvHref, type useResponseTimes } from '../api/hooks';
import type { ResponseTimesData } from '../api/types';
import { type GroupColumn, GroupSplit, metricColumn } from '../components/GroupTable';
import { OTHER_COLOR, channelColor, seriesColor } from '../lib/colors';
import { METRICS } from '../lib/metrics';
import { RESPONSE_SERIES, type ResponseSeriesMetric } from '../lib/url-state';
import { ALL_BY_FIRST_CUSTOMER } from '../lib/drill';

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
// CSAT stands on its ratings (written beside it); assignment response on the assigned conversations.
const CSAT: GroupColumn<GroupTotals> = {
  key: 'csatAverage',
  label: 'CSAT (ratings)',
  kind: METRICS.csatAverage.kind,
  value: (t) => t.csatAverage ?? null,
  sampled: true,
  sample: { of: (t) => t.csatResponses ?? 0, noun: 'ratings' },
  showSample: true,
};
const ASSIGNMENT: GroupColumn<GroupTotals> = {
  ...metricColumn<GroupTotals>('assignmentResponseMedian', 'Assignment response (median)', true),
  sample: { of: (t) => t.assignedConversations, noun: 'assigned conversations' },
};
/** The columns of the people's and the teams' rankings: what a support lead compares them on. */
const PEOPLE_COLUMNS = [
  ...CHANNEL_COLUMNS.filter((c) => ['conversations', 'responseRate', 'firstResponseMedian', 'firstResponseP90', 'replyMedian', 'withinSla', 'resolutionMedian'].includes(c.key)),
  CSAT,
  ASSIGNMENT,
];
// Every agent's response rate is 100% (the unanswered have no agent): not in the agents' ranking.
export const RESPONSE_SPLIT_COLUMNS: Record<Split, GroupColumn<GroupTotals>[]> = {
  channel: CHANNEL_COLUMNS,
  agent: PEOPLE_COLUMNS.filter((c) => c.key !== 'responseRate'),
  team: PEOPLE_COLUMNS,
  tag: PEOPLE_COLUMNS,
};
export type Split = 'channel' | 'agent' | 'team' | 'tag';
const BY: Record<Split, string> = { channel: 'Channel', agent: 'Agent', team: 'Team', tag: 'Tag' };
/** The null group's name, and what the table says when there is no other group. */
const NONE: Record<Split, { label: string; note?: string; empty: string }> = {
  channel: { label: 'None', empty: 'No data in this period.' },
  agent: { label: 'Unanswered', empty: 'No agent or bot answered a conversation in this period.' },
  team: { label: 'Without team', note: '', empty: 'No conversations were assigned to a team in this period.' },
  tag: { label: 'Without tags', note: '', empty: 'No conversations were tagged in this period.' },
};
const DESCRIPTIONS: Record<Split, string | undefined> = {
  channel: undefined,
  agent:
    'Agent: who sent the first response; bots and "Unanswered" (no first response yet) are ranked apart. Reply times count each reply by who sent it. Assignment response: from the first assignment to the first agent reply after it.',
  team: "Team: of the conversation's latest assignment. Assignment response: from the first assignment to the first agent reply after it.",
  tag: 'A conversation is under each of its tags. Assignment response: from the first assignment to the first agent reply after it.',
};
const FOOTNOTES: Partial<Record<Split, string>> = {
  tag: 'A conversation with several tags is counted under each of them, so the rows may add up to more than the totals.',
};

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
      description={DESCRIPTIONS[split]}
      footnote={FOOTNOTES[split]}
      csv={csvHref('response-times', params)}
      query={query}
      testId="chart-response-split"
      drill={{ by: split, target: ALL_BY_FIRST_CUSTOMER }}
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
      noneLabel={NONE[split].label}
      noneNote={NONE[split].note}
      emptyText={NONE[split].empty}
      columns={RESPONSE_SPLIT_COLUMNS[split]}
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
