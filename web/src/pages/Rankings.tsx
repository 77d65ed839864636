/**
 * Agents, Teams and Tags: each a ranked table of response times by that group (the API's totals
 * per group for the whole period, a sparkline per row, sortable, the grouped CSV), the same table
 * as Response times' split (ResponseSplit), on a page of its own so a lead finds it in the nav.
 */
import { type ResponseTimesParams, useResponseTimes } from '../api/hooks';
import { useDashboard } from '../state';
import { ResponseSplit, type Split } from './ResponseSplit';

function Ranking({ by }: { by: Exclude<Split, 'channel'> }) {
  const { state, series, update } = useDashboard();
  // The filter bar's filters as Response times asks them, grouped.
  const params: ResponseTimesParams = { ...series, responder: state.responder, sla: state.sla, groupBy: by };
  const query = useResponseTimes(params);
  return (
    <div className="page">
      <ResponseSplit split={by} show={state.show} onShow={(show) => update({ show })} query={query} params={params} />
    </div>
  );
}

export const AgentsPage = () => <Ranking by="agent" />;
export const TeamsPage = () => <Ranking by="team" />;
export const TagsPage = () => <Ranking by="tag" />;
