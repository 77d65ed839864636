import { useCallback } from 'react';
import { useCampaigns } from '../api/hooks';
import { type ChartMarker, campaignMarkers } from '../lib/chart-data';
import { zonedMidnightMs } from '../lib/dates';
import { useDashboard } from '../state';

/**
 * Campaign markers for the page's time charts: the campaigns report for the page's period, zone,
 * grain and channels (the same query as the Campaigns page, so one request serves both), turned
 * into markers at the buckets of a chart's rows. Markers are an extra: while the answer loads,
 * is another period's (placeholder), or failed, charts simply have none.
 */
export function useCampaignMarkers(): (buckets: string[]) => ChartMarker[] {
  const { state, period, series } = useDashboard();
  const campaigns = useCampaigns({ ...series, window: state.window });
  const data = campaigns.isPlaceholderData ? undefined : campaigns.data;
  const end = zonedMidnightMs(period.to, period.tz);
  return useCallback((buckets: string[]) => (data ? campaignMarkers(data.campaigns, buckets, end) : []), [data, end]);
}
