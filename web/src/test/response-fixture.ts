/** Response-time figures for the dashboard's tests: every field of the answer, zero or null unless given. */
import type { ResponseMetrics, ResponseTimesResponse } from '@parley/shared';

export type ResponseGroup = NonNullable<ResponseTimesResponse['groups']>[number];

export const responseMetrics = <T extends Partial<ResponseGroup>>(over: T = {} as T): ResponseMetrics & T => ({
  conversations: 0,
  responded: 0,
  responseRate: null,
  firstResponseMedian: null,
  firstResponseP90: null,
  firstResponseMean: null,
  replyMedian: null,
  replyP90: null,
  resolutions: 0,
  resolutionMedian: null,
  withinSla: null,
  assignedConversations: 0,
  assignmentResponseMedian: null,
  assignmentResponseP90: null,
  ...over,
});
