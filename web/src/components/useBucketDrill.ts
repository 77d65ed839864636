import { useCallback } from 'react';
import { type DrillGroup, type DrillTarget, bucketDays, drillHref } from '../lib/drill';
import type { MetricKey } from '../lib/metrics';
import { navigate, useDashboard } from '../state';

/**
 * A chart's click on a bucket: opens the conversations it counted (lib/drill.ts), in the bucket's
 * days and, for a split's chart, its groups. `drill(what, groups)` gives the chart's onBucket.
 */
export function useBucketDrill(): (what: MetricKey | DrillTarget, group?: DrillGroup | DrillGroup[]) => (bucket: string) => void {
  const { state, period } = useDashboard();
  return useCallback(
    (what, group) => (bucket) => navigate(drillHref(state, what, { days: bucketDays(bucket, period.grain, period), group })),
    [state, period],
  );
}
