import { Injectable } from '@nestjs/common';
import { type ConversationDetail, MAX_CONVERSATION_EVENTS } from '@parley/shared';
import { NotFound } from '../common/errors.js';
import { ConversationsRepository } from './conversations.repository.js';

@Injectable()
export class ConversationsService {
  constructor(private readonly conversations: ConversationsRepository) {}

  /** One conversation of the caller's workspace; another workspace's is as unknown as a missing one. */
  async detail(workspaceId: number, conversationId: string): Promise<ConversationDetail> {
    const conversation = await this.conversations.facts(workspaceId, conversationId);
    if (!conversation) throw new NotFound('CONVERSATION_NOT_FOUND', 'conversationId: no such conversation in this workspace');
    // One more than shown tells whether there are more.
    const events = await this.conversations.events(workspaceId, conversationId, MAX_CONVERSATION_EVENTS + 1);
    return { conversation, events: events.slice(0, MAX_CONVERSATION_EVENTS), moreEvents: events.length > MAX_CONVERSATION_EVENTS };
  }
}
