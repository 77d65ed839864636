import { Injectable } from '@nestjs/common';
import { type ConversationDetail, type ConversationList, MAX_CONVERSATION_EVENTS, printable } from '@parley/shared';
import type { Caller } from '../auth/caller.js';
import { BadRequest, NotFound } from '../common/errors.js';
import { ReportsService } from '../metrics/reports.service.js';
import { CursorError, type ListPosition, decodeCursor, encodeCursor } from './conversation-list.calculations.js';
import { ConversationsRepository } from './conversations.repository.js';

const CONVERSATION_ID = printable(128);

@Injectable()
export class ConversationsService {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly reports: ReportsService,
  ) {}

  /** GET /conversations: one page of the conversations behind a figure (api.md "Drill-down"). */
  async list(caller: Caller, query: Record<string, unknown>): Promise<ConversationList> {
    const q = this.reports.parse('conversations', caller, query, undefined);
    const l = q.list!;
    let after: ListPosition | null = null;
    if (l.cursor !== null) {
      try {
        after = decodeCursor(l.cursor, l.sort, l.order);
      } catch (err) {
        if (err instanceof CursorError) throw new BadRequest(err.message);
        throw err;
      }
    }
    await this.reports.needsSchedule(caller, q);
    // One more than asked tells whether there is a next page.
    const rows = await this.conversations.list({
      workspaceId: caller.workspaceId,
      from: new Date(q.fromMs).toISOString(),
      to: new Date(q.toMs).toISOString(),
      channels: q.channels,
      teams: q.teams,
      tags: q.tags,
      responder: q.responder,
      hours: q.hours,
      sla: q.sla,
      ...l,
      limit: l.limit + 1,
      after,
    });
    const page = rows.slice(0, l.limit);
    // The cursor is the position the page was read in (not the item as read after it).
    const last = rows.length > l.limit ? page[page.length - 1] : null;
    return {
      items: page.flatMap((r) => (r.c ? [r.c] : [])),
      nextCursor: last && encodeCursor({ sort: l.sort, order: l.order, value: last.k, conversationId: last.id }),
    };
  }

  /** One conversation of the caller's workspace; another workspace's is as unknown as a missing one. */
  async detail(workspaceId: number, conversationId: string): Promise<ConversationDetail> {
    // An id ingest could never have stored (NUL, control characters, over 128 characters) is a bad request, not a miss.
    const valid = CONVERSATION_ID.safeParse(conversationId);
    if (!valid.success) throw new BadRequest(`conversationId: ${valid.error.issues[0].message}`);
    const conversation = await this.conversations.facts(workspaceId, conversationId);
    if (!conversation) throw new NotFound('CONVERSATION_NOT_FOUND', 'conversationId: no such conversation in this workspace');
    // One more than shown tells whether there are more.
    const events = await this.conversations.events(workspaceId, conversationId, MAX_CONVERSATION_EVENTS + 1);
    return { conversation, events: events.slice(0, MAX_CONVERSATION_EVENTS), moreEvents: events.length > MAX_CONVERSATION_EVENTS };
  }
}
