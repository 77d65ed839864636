import { Injectable } from '@nestjs/common';
import { type ConversationDetail, MAX_CONVERSATION_EVENTS, printable } from '@parley/shared';
import { BadRequest, NotFound } from '../common/errors.js';
import { ConversationsRepository } from './conversations.repository.js';

const CONVERSATION_ID = printable(128);

@Injectable()
export class ConversationsService {
  constructor(private readonly conversations: ConversationsRepository) {}

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
