import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_OPTIONS, type AppOptions } from '../app.options.js';
import { type ConversationFacts, type ConversationHour, type FactEvent, type ReplyWait, compareBytes, conversationHours, deriveFacts, replyWaits } from './facts.calculations.js';
import { FactsRepository } from './facts.repository.js';
import { RollupsRepository } from './rollups.repository.js';

/** Conversations per round trip when rebuilding (bounded memory whatever the workspace size). */
const REBUILD_PAGE = 5000;
/** work_mem for the rebuild's transaction (the API's sessions run with 32MB; connect.ts). */
const REBUILD_WORK_MEM = '128MB';

/** Facts, conversation_hours and reply_waits rows of conversations, from all their events. */
function derive(events: Map<string, FactEvent[]>): { facts: ConversationFacts[]; hours: ConversationHour[]; waits: ReplyWait[] } {
  const facts: ConversationFacts[] = [];
  const hours: ConversationHour[] = [];
  const waits: ReplyWait[] = [];
  for (const [id, list] of events) {
    const f = deriveFacts(id, list);
    facts.push(f);
    for (const h of conversationHours(f, list)) hours.push(h);
    for (const w of replyWaits(f)) waits.push(w);
  }
  return { facts, hours, waits };
}

@Injectable()
export class FactsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly facts: FactsRepository,
    private readonly rollups: RollupsRepository,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  /** Bounds this transaction's lock waits (the workspace lock that recompute takes included). */
  boundLockWait(tx: EntityManager, ms: number): Promise<void> {
    return this.facts.boundLockWait(tx, ms);
  }

  /**
   * Recomputes the facts of the given conversations from all their stored events (inside tx),
   * then replaces their rollup rows.
   */
  async recompute(tx: EntityManager, workspaceId: number, conversationIds: string[]): Promise<void> {
    if (conversationIds.length === 0) return;
    await this.facts.lockWorkspace(tx, workspaceId);
    const { facts, hours, waits } = derive(await this.facts.loadEvents(tx, workspaceId, conversationIds));
    await this.rollups.countConversations(tx, workspaceId, conversationIds, -1);
    await this.facts.upsert(tx, workspaceId, facts);
    await this.rollups.countConversations(tx, workspaceId, conversationIds, 1);
    await this.rollups.replaceReplies(tx, workspaceId, conversationIds, waits);
    const before = await this.rollups.remove(tx, workspaceId, conversationIds);
    const after = await this.rollups.add(tx, workspaceId, hours);
    const firsts = await this.rollups.refreshFirsts(tx, workspaceId, [...new Set([...before.contacts, ...after.contacts])]);
    await this.rollups.refreshContactSets(tx, workspaceId, [...before.pairs, ...after.pairs], firsts);
  }

  /** Throws the facts and rollups of a workspace away and derives them again from its events, atomically. */
  async rebuild(workspaceId: number): Promise<{ conversations: number }> {
    // Committed before the transaction, so the reading connection below plans with them too.
    await this.facts.analyzeEvents(this.dataSource.manager);
    return this.dataSource.transaction(async (tx) => {
      await this.facts.lockWorkspace(tx, workspaceId);
      // The last steps sort, hash and join every conversation_hours row of the workspace once.
      if (!this.options.embedded) await this.facts.setLocalWorkMem(tx, REBUILD_WORK_MEM);
      await this.facts.deleteAll(tx, workspaceId);
      await this.rollups.deleteAll(tx, workspaceId);
      // On Postgres each page is read (and derived) on another pooled connection while the
      // transaction writes the one before, so the database reads and Node derives while the
      // database writes. That connection sees what the transaction would: the rebuild writes no
      // events, and ingest into this workspace commits only after taking the lock held here.
      // (PGlite runs nothing beside an open transaction, so there the transaction reads.)
      const reader = this.options.embedded ? tx : this.dataSource.manager;
      const read = (after: string | null) => {
        const page = this.facts.conversationsAfter(reader, workspaceId, after, REBUILD_PAGE).then((events) => ({ ids: [...events.keys()], ...derive(events) }));
        page.catch(() => {}); // awaited below; this only keeps a failure from being "unhandled"
        return page;
      };
      let next = read(null);
      let conversations = 0;
      for (;;) {
        const { ids, facts, hours, waits } = await next;
        if (ids.length === 0) break;
        // The map follows the rows' order, not the ids': the page ends at its greatest id.
        next = read(ids.reduce((a, b) => (compareBytes(a, b) >= 0 ? a : b)));
        await this.facts.upsert(tx, workspaceId, facts);
        await this.rollups.add(tx, workspaceId, hours, false);
        await this.rollups.replaceReplies(tx, workspaceId, ids, waits, true);
        conversations += ids.length;
      }
      await this.rollups.rebuildHourly(tx, workspaceId);
      await this.rollups.refreshFirsts(tx, workspaceId, null);
      await this.rollups.rebuildContactSets(tx, workspaceId);
      await this.rollups.countConversations(tx, workspaceId, null, 1);
      return { conversations };
    });
  }
}
