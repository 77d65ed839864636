/**
 * Answer types of the series reports. Built from the shared metric types rather than taken as
 * ResponseTimesResponse etc.: in shared's compiled .d.ts, `series` items lose their metric fields
 * (the zod helper that adds bucket/group is typed loosely), and the charts need them.
 */
import type { EngagementMetrics, EngagementResponse, LoyaltyMetrics, LoyaltyResponse, ResponseMetrics, ResponseTimesResponse } from '@parley/shared';

export type SeriesItem<M> = M & { bucket: string; group?: string | null };

type SeriesAnswer<R extends { totals: unknown }, M> = Omit<R, 'series'> & { totals: M; series: SeriesItem<M>[] };

export type ResponseTimesData = SeriesAnswer<ResponseTimesResponse, ResponseMetrics>;
export type EngagementData = SeriesAnswer<EngagementResponse, EngagementMetrics>;
export type LoyaltyData = SeriesAnswer<LoyaltyResponse, LoyaltyMetrics>;
