/**
 * Engagement by channel: the ranked table of the channels and a chart of the picked ones
 * (components/GroupTable.tsx), instead of stacked bars of every channel.
 */
import { type EngagementParams, csvHref, type useEngagement } from '../api/hooks';
import type { EngagementData } from '../api/types';
import { type GroupColumn, GroupSplit, metricColumn } from '../components/GroupTable';
import type { ChartMarker } from '../lib/chart-data';
import { channelColor, seriesColor } from '../lib/colors';
import { formatRevenue } from '../lib/format';
import { METRICS } from '../lib/metrics';
import { VOLUME_METRICS, type VolumeMetric } from '../lib/url-state';
import { ALL_STARTED } from '../lib/drill';

type GroupTotals = NonNullable<EngagementData['groups']>[number];

const COLUMNS: GroupColumn<GroupTotals>[] = [
  metricColumn('conversations', 'Conversations (n)'),
  metricColumn('messagesIn', 'Messages in'),
  metricColumn('messagesOut', 'Messages out'),
  metricColumn('activeContacts', 'Active contacts'),
  metricColumn('messagesPerConversation', 'Messages per conversation', true),
  metricColumn('automationRate', 'Automation rate', true),
  metricColumn('conversionRate', 'Conversion rate', true),
];

// Revenue is shown in every currency and not ranked: amounts in different currencies do not compare.
const REVENUE = { label: 'Revenue', cell: (t: GroupTotals) => formatRevenue(t.revenue) };

export function EngagementSplit({
  volume,
  onVolume,
  query,
  params,
  markersFor,
}: {
  markersFor?: (buckets: string[]) => ChartMarker[];
  volume: VolumeMetric;
  onVolume: (m: VolumeMetric) => void;
  query: ReturnType<typeof useEngagement>;
  params: EngagementParams;
}) {
  return (
    <GroupSplit<GroupTotals>
      title="Engagement by channel"
      description="Each channel's figures for the whole period; the chart shows the channels ticked in the table."
      csv={csvHref('engagement', params)}
      query={query}
      testId="chart-volume-by-channel"
      drill={{ by: 'channel', target: ALL_STARTED }}
      controls={
        <div className="segmented" role="group" aria-label="Series">
          {VOLUME_METRICS.map((m) => (
            <button key={m} type="button" aria-pressed={volume === m} onClick={() => onVolume(m)}>
              {METRICS[m].label}
            </button>
          ))}
        </div>
      }
      nameHeader="Channel"
      columns={COLUMNS}
      extra={REVENUE}
      sample={(t) => t.conversations}
      field={volume}
      fieldLabel={METRICS[volume].label}
      kind="count"
      colorOf={(g, i) => (g !== null ? channelColor(g) : seriesColor(Math.max(i, 0)))}
      chartLabel={`${METRICS[volume].label}, one line per channel`}
      markersFor={markersFor}
    />
  );
}
