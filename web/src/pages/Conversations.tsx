/**
 * The conversations behind the figures (api.md "Drill-down"): the filter bar's period and
 * filters, and the list's own (which instant lies in the period, status, first responder,
 * responder, sort) in the URL; pages walked with the API's cursor (kept here: a cursor is only
 * good for the list it came from, so any change starts again at page 1).
 */
import { type FormEvent, useEffect, useState } from 'react';
import type { ConversationFactsItem } from '@parley/shared';
import { CONVERSATION_BY, CONVERSATION_STATUSES, type ConversationBy, type ConversationSort, type ConversationStatus } from '@parley/shared/report-params';
import { type ConversationListParams, conversationsCsvHref, useConversationList } from '../api/hooks';
import { QueryView } from '../components/status';
import { NO_VALUE, formatDuration, formatInstant } from '../lib/format';
import { serializeState } from '../lib/url-state';
import { useDashboard } from '../state';
import { PageLink } from '../components/PageLink';

export const PAGE_SIZE = 50;

const BY_LABELS: Record<ConversationBy, string> = {
  startedAt: 'Started in the period',
  firstCustomerAt: 'First customer message in the period',
  resolvedAt: 'Resolved in the period',
  firstAssignedAt: 'First assigned in the period',
};
const STATUS_LABELS: Record<ConversationStatus, string> = {
  answered: 'Answered',
  unanswered: 'Unanswered',
  resolved: 'Resolved',
  open: 'Open',
  waiting: 'Waiting for a reply',
  breached: 'SLA breached',
  converted: 'Converted',
  automated: 'Automated',
};

const COLUMNS: { key: string; label: string; sort?: ConversationSort; numeric?: boolean }[] = [
  { key: 'conversationId', label: 'Conversation' },
  { key: 'channel', label: 'Channel' },
  { key: 'contactId', label: 'Contact' },
  { key: 'startedAt', label: 'Started', sort: 'startedAt' },
  { key: 'firstResponseTime', label: 'First response', sort: 'firstResponseTime', numeric: true },
  { key: 'firstResponder', label: 'First responder' },
  { key: 'resolutionTime', label: 'Resolution', sort: 'resolutionTime', numeric: true },
  { key: 'waitingSince', label: 'Waiting since', sort: 'waitingSince' },
  { key: 'rating', label: 'Rating', sort: 'rating', numeric: true },
  { key: 'team', label: 'Team' },
  { key: 'tags', label: 'Tags' },
];

export default function Conversations() {
  const { state, base, period, update } = useDashboard();
  const params: ConversationListParams = {
    ...base,
    responder: state.responder,
    sla: state.status === 'breached' ? state.sla : undefined,
    by: state.by,
    status: state.status ?? undefined,
    agent: state.agent ?? undefined,
    sort: state.sortBy,
    order: state.order,
    limit: PAGE_SIZE,
  };
  // The cursors of the pages walked so far (page 1 has none); any other change starts again.
  const listKey = JSON.stringify(params);
  const [walk, setWalk] = useState<{ key: string; cursors: string[] }>({ key: listKey, cursors: [] });
  const cursors = walk.key === listKey ? walk.cursors : [];
  const query = useConversationList({ ...params, cursor: cursors[cursors.length - 1] });
  const pageNumber = cursors.length + 1;

  const sortBy = (key: ConversationSort) => {
    if (key === state.sortBy) update({ order: state.order === 'asc' ? 'desc' : 'asc' });
    // A new column sorts its telling way first: the longest wait (earliest waitingSince), else the largest first.
    else update({ sortBy: key, order: key === 'waitingSince' ? 'asc' : 'desc' });
  };

  return (
    <div className="page">
      <section className="card" aria-labelledby="conversations-title" data-testid="conversations">
        <header className="card-header">
          <div>
            <h2 id="conversations-title">Conversations</h2>
            <p className="card-description">
              {BY_LABELS[state.by]} ({period.tz.replace(/_/g, ' ')}){state.status ? `, ${STATUS_LABELS[state.status].toLowerCase()}` : ''}
              {state.agent ? `, first answered by ${state.agent === 'none' ? 'nobody' : state.agent}` : ''}. Select a column to sort; open a conversation for its timeline.
            </p>
          </div>
          <div className="card-actions">
            <a className="link-button" href={conversationsCsvHref(params)} download aria-label="Download CSV: these conversations">
              Download CSV
            </a>
          </div>
        </header>
        <ListFilters />
        <QueryView query={query}>
          {(data) =>
            data.items.length === 0 && pageNumber === 1 ? (
              <p className="empty-note">No conversation matches these filters in this period.</p>
            ) : (
              <>
                <ConversationTable items={data.items} sort={state.sortBy} order={state.order} onSort={sortBy} tz={period.tz} />
                <nav className="pager" aria-label="Pagination">
                  <button type="button" className="button" disabled={pageNumber === 1} onClick={() => setWalk({ key: listKey, cursors: cursors.slice(0, -1) })}>
                    Previous
                  </button>
                  <span data-testid="conversations-page">
                    Page {pageNumber} · {data.items.length} conversation{data.items.length === 1 ? '' : 's'}
                  </span>
                  <button
                    type="button"
                    className="button"
                    disabled={data.nextCursor === null || query.isPlaceholderData}
                    onClick={() => data.nextCursor && setWalk({ key: listKey, cursors: [...cursors, data.nextCursor] })}
                  >
                    Next
                  </button>
                </nav>
              </>
            )
          }
        </QueryView>
      </section>
    </div>
  );
}

/** The list's own filters: which instant, status, first responder, responder (and the SLA when it decides the status). */
function ListFilters() {
  const { state, update } = useDashboard();
  const [agent, setAgent] = useState(state.agent ?? '');
  useEffect(() => setAgent(state.agent ?? ''), [state.agent]);
  const applyAgent = (e?: FormEvent) => {
    e?.preventDefault();
    const v = agent.trim();
    if ((v || null) !== state.agent) update({ agent: v || null });
  };
  return (
    <div className="filter-row list-filters" role="group" aria-label="List filters">
      <label className="field">
        <span className="field-label">Counted by</span>
        <select className="control" aria-label="Counted by" value={state.by} onChange={(e) => update({ by: e.target.value as ConversationBy })}>
          {CONVERSATION_BY.map((b) => (
            <option key={b} value={b}>
              {BY_LABELS[b]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Status</span>
        <select
          className="control"
          aria-label="Status"
          value={state.status ?? ''}
          onChange={(e) => update({ status: (e.target.value || null) as ConversationStatus | null })}
        >
          <option value="">Any</option>
          {CONVERSATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <form className="field" onSubmit={applyAgent}>
        <label className="field-label" htmlFor="list-agent">
          First responder
        </label>
        <input
          id="list-agent"
          className="control"
          value={agent}
          placeholder="any (none = nobody)"
          maxLength={128}
          onChange={(e) => setAgent(e.target.value)}
          onBlur={() => applyAgent()}
        />
      </form>
      <label className="field">
        <span className="field-label">Responder</span>
        <select className="control" aria-label="Responder" value={state.responder} onChange={(e) => update({ responder: e.target.value as 'any' | 'agent' })}>
          <option value="any">Agents and bots</option>
          <option value="agent">Agents only</option>
        </select>
      </label>
      {state.status === 'breached' && (
        <label className="field">
          <span className="field-label">SLA (seconds)</span>
          <input
            className="control"
            type="number"
            min={0}
            step={1}
            aria-label="SLA in seconds"
            defaultValue={state.sla}
            onBlur={(e) => {
              const n = Number(e.target.value);
              if (Number.isInteger(n) && n >= 0 && n !== state.sla) update({ sla: n });
            }}
          />
        </label>
      )}
    </div>
  );
}

function cell(item: ConversationFactsItem, key: string, tz: string): string {
  switch (key) {
    case 'startedAt':
    case 'waitingSince':
      return formatInstant(item[key], undefined, tz);
    case 'firstResponseTime':
    case 'resolutionTime':
      return formatDuration(item[key]);
    case 'tags':
      return item.tags.length ? item.tags.join(', ') : NO_VALUE;
    case 'rating':
      return item.rating === null ? NO_VALUE : String(item.rating);
    default: {
      const v = item[key as keyof ConversationFactsItem];
      return v === null || v === undefined ? NO_VALUE : String(v);
    }
  }
}

function ConversationTable({
  items,
  sort,
  order,
  onSort,
  tz,
}: {
  items: ConversationFactsItem[];
  sort: ConversationSort;
  order: 'asc' | 'desc';
  onSort: (k: ConversationSort) => void;
  tz: string;
}) {
  // The conversation's page carries this list's view, so its "All conversations" comes back here.
  const { state } = useDashboard();
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Conversations table">
      <table className="data-table conversations-table">
        <caption className="visually-hidden">The conversations of this page, in the chosen order</caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined} aria-sort={c.sort && sort === c.sort ? (order === 'asc' ? 'ascending' : 'descending') : undefined}>
                {c.sort ? (
                  <button type="button" className="sort-button" onClick={() => onSort(c.sort!)}>
                    {c.label}
                    <span aria-hidden="true" className="sort-mark">
                      {sort === c.sort ? (order === 'asc' ? '▲' : '▼') : ''}
                    </span>
                  </button>
                ) : (
                  c.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const href = serializeState({ ...state, conversation: item.conversationId }, 'conversation');
            return (
              <tr key={item.conversationId} data-testid="conversation-row">
                <th scope="row">
                  <PageLink href={href}>{item.conversationId}</PageLink>
                </th>
                {COLUMNS.slice(1).map((c) => (
                  <td key={c.key} className={c.numeric ? 'num' : undefined}>
                    {cell(item, c.key, tz)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
