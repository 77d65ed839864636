/**
 * One conversation (api.md "Drill-down"): its facts beside a timeline of its events in order,
 * with each wait drawn from the customer message that opened it to the response that closed it
 * and its duration (lib/timeline.ts). Facts in calendar time for responder any, as the API gives them.
 */
import type { ConversationFactsItem, StoredEvent } from '@parley/shared';
import { useConversation } from '../api/hooks';
import { ApiError } from '../api/client';
import { ErrorPanel, Skeleton } from '../components/status';
import { NO_VALUE, formatDuration, formatInstant } from '../lib/format';
import { type TimelineWait, eventActor, timelineWaits } from '../lib/timeline';
import { useDashboard } from '../state';
import { PageLink } from '../components/PageLink';

const FACTS: { key: keyof ConversationFactsItem; label: string; kind?: 'instant' | 'duration' | 'list' | 'revenue' }[] = [
  { key: 'channel', label: 'Channel' },
  { key: 'contactId', label: 'Contact' },
  { key: 'startedAt', label: 'Started', kind: 'instant' },
  { key: 'firstCustomerAt', label: 'First customer message', kind: 'instant' },
  { key: 'firstResponseTime', label: 'First response', kind: 'duration' },
  { key: 'firstResponder', label: 'First responder' },
  { key: 'agentFirstResponseTime', label: 'First agent response', kind: 'duration' },
  { key: 'replies', label: 'Replies' },
  { key: 'waitingSince', label: 'Waiting since', kind: 'instant' },
  { key: 'resolvedAt', label: 'Resolved', kind: 'instant' },
  { key: 'resolutionTime', label: 'Resolution time', kind: 'duration' },
  { key: 'team', label: 'Team' },
  { key: 'assignee', label: 'Assignee' },
  { key: 'assignmentResponseTime', label: 'Assignment response', kind: 'duration' },
  { key: 'tags', label: 'Tags', kind: 'list' },
  { key: 'rating', label: 'Rating' },
  { key: 'automated', label: 'Automated' },
  { key: 'converted', label: 'Converted' },
  { key: 'revenue', label: 'Revenue', kind: 'revenue' },
  { key: 'messagesIn', label: 'Messages in' },
  { key: 'messagesOut', label: 'Messages out' },
];

function factText(c: ConversationFactsItem, f: (typeof FACTS)[number], tz: string): string {
  const v = c[f.key];
  if (v === null || v === undefined) return NO_VALUE;
  if (f.kind === 'instant') return formatInstant(v as string, undefined, tz);
  if (f.kind === 'duration') return formatDuration(v as number);
  if (f.kind === 'list') return (v as string[]).length ? (v as string[]).join(', ') : NO_VALUE;
  if (f.kind === 'revenue') return Object.entries(v as Record<string, string>).map(([cur, amount]) => `${amount} ${cur}`).join(', ');
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

const TYPE_LABELS: Record<string, string> = {
  'message.received': 'Message in',
  'message.sent': 'Message out',
  'message.delivered': 'Delivered',
  'message.read': 'Read',
  'message.failed': 'Failed',
  'conversation.opened': 'Opened',
  'conversation.assigned': 'Assigned',
  'conversation.resolved': 'Resolved',
  'conversation.reopened': 'Reopened',
  'csat.submitted': 'Rating',
  conversion: 'Conversion',
};

export default function Conversation() {
  const { state, period, hrefFor } = useDashboard();
  const id = state.conversation ?? '';
  const query = useConversation(id);
  const back = hrefFor('conversations');
  return (
    <div className="page">
      <p>
        <PageLink href={back}>← All conversations</PageLink>
      </p>
      {query.data === undefined ? (
        query.isError ? (
          query.error instanceof ApiError && query.error.status === 404 ? (
            <p className="empty-note" role="alert">
              This workspace has no conversation “{id}”.
            </p>
          ) : (
            <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />
          )
        ) : (
          <Skeleton height={320} label="Loading the conversation" />
        )
      ) : (
        <div className="conversation-layout">
          <section className="card" aria-labelledby="timeline-title" data-testid="conversation-timeline">
            <header className="card-header">
              <div>
                <h2 id="timeline-title">{id}</h2>
                <p className="card-description">
                  Every event in order ({period.tz.replace(/_/g, ' ')}); each wait for a reply is shown at the response that ended it.
                  {query.data.moreEvents && ' Only the first 10,000 events are shown.'}
                </p>
              </div>
            </header>
            <Timeline events={query.data.events} tz={period.tz} />
          </section>
          <section className="card" aria-labelledby="facts-title" data-testid="conversation-facts">
            <h2 id="facts-title">Facts</h2>
            <dl className="facts">
              {FACTS.map((f) => (
                <div key={f.key} className="fact">
                  <dt>{f.label}</dt>
                  <dd data-testid={`fact-${f.key}`}>{factText(query.data.conversation, f, period.tz)}</dd>
                </div>
              ))}
            </dl>
          </section>
        </div>
      )}
    </div>
  );
}

function Timeline({ events, tz }: { events: StoredEvent[]; tz: string }) {
  const waits = timelineWaits(events);
  const closing = new Map<number, TimelineWait>(waits.filter((w) => w.to !== null).map((w) => [w.to!, w]));
  const open = waits.find((w) => w.to === null);
  const when = new Intl.DateTimeFormat(undefined, { timeZone: tz, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return (
    <ol className="timeline">
      {events.map((e, i) => {
        const wait = closing.get(i);
        return (
          <li key={e.id} className={`timeline-event type-${e.type.replace('.', '-')}`} data-testid="timeline-event">
            {wait && (
              <div className="timeline-wait" data-testid="timeline-wait">
                waited {formatDuration(wait.seconds)} for this reply
              </div>
            )}
            <div className="timeline-line">
              <time dateTime={e.occurredAt} title={e.occurredAt}>
                {when.format(new Date(e.occurredAt))}
              </time>
              <strong>{TYPE_LABELS[e.type] ?? e.type}</strong>
              <span>{eventActor(e)}</span>
              {e.campaignId && <span className="badge">campaign {e.campaignId}</span>}
              {e.rating !== null && <span className="badge">rated {e.rating}</span>}
              {e.value !== null && <span className="badge">{`${e.value} ${e.currency ?? ''}`}</span>}
              {e.tags && e.tags.length > 0 && <span className="badge">{e.tags.join(', ')}</span>}
            </div>
            {open && open.from === i && (
              <div className="timeline-wait open" data-testid="timeline-wait-open">
                waiting for a reply since then
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
