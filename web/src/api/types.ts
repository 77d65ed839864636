/** Answer types of the series reports, as the registry's answer schemas give them. */
import type { ReportAnswer } from '@parley/shared';

export type ResponseTimesData = ReportAnswer<'response-times'>;
export type EngagementData = ReportAnswer<'engagement'>;
export type LoyaltyData = ReportAnswer<'loyalty'>;
