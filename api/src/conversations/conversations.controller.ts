import { Controller, Get, Param, Query } from '@nestjs/common';
import type { ConversationDetail, ConversationList } from '@parley/shared';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { type Caller, CurrentCaller } from '../auth/caller.js';
import { ConversationsService } from './conversations.service.js';

/** The conversations behind the figures (api.md "Drill-down"): whoever may read metrics may read them. */
@Controller('conversations')
@Authenticated({ scope: 'read' })
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  @Get()
  list(@CurrentCaller() c: Caller, @Query() query: Record<string, unknown>): Promise<ConversationList> {
    return this.conversations.list(c, query);
  }

  /** The id arrives percent-decoded (ids may hold `/`, `#`, `%`). */
  @Get(':conversationId')
  detail(@CurrentCaller() c: Caller, @Param('conversationId') conversationId: string): Promise<ConversationDetail> {
    return this.conversations.detail(c.workspaceId, conversationId);
  }
}
