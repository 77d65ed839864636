import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { deriveFacts } from './facts.calculations.js';
import { FactsRepository } from './facts.repository.js';
import { RollupsRepository } from './rollups.repository.js';

/** Conversations per round trip when rebuilding (bounded memory whatever the workspace size). */
const REBUILD_PAGE = 2000;

@Injectable()
export class FactsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly facts: FactsRepository,
    private readonly rollups: RollupsRepository,
  ) {}

  /**
   * Recomputes the facts of the given conversations from all their stored events (inside tx),
   * then replaces their rollup rows.
   */
  async recompute(tx: EntityManager, workspaceId: number, conversationIds: string[]): Promise<void> {
    if (conversationIds.length === 0) return;
    await this.facts.lockWorkspace(tx, workspaceId);
    const events = await this.facts.loadEvents(tx, workspaceId, conversationIds);
    await this.facts.upsert(
      tx,
      workspaceId,
      [...events].map(([id, list]) => deriveFacts(id, list)),
    );
    await this.rollups.replaceReplies(tx, workspaceId, conversationIds);
    const before = await this.rollups.remove(tx, workspaceId, conversationIds);
    const after = await this.rollups.add(tx, workspaceId, conversationIds);
    await this.rollups.refreshFirsts(tx, workspaceId, [...new Set([...before, ...after])]);
  }

  /** Throws the facts and rollups of a workspace away and derives them again from its events, atomically. */
  async rebuild(workspaceId: number): Promise<{ conversations: number }> {
    return this.dataSource.transaction(async (tx) => {
      await this.facts.lockWorkspace(tx, workspaceId);
      await this.facts.analyzeEvents(tx);
      await this.facts.deleteAll(tx, workspaceId);
      await this.rollups.deleteAll(tx, workspaceId);
      let after: string | null = null;
      let conversations = 0;
      for (;;) {
        const page = await this.facts.conversationPage(tx, workspaceId, after, REBUILD_PAGE);
        if (page.length === 0) break;
        const events = await this.facts.loadEvents(tx, workspaceId, page);
        await this.facts.upsert(tx, workspaceId, page.map((id) => deriveFacts(id, events.get(id)!)));
        await this.rollups.add(tx, workspaceId, page);
        await this.rollups.replaceReplies(tx, workspaceId, page, true);
        conversations += page.length;
        after = page[page.length - 1];
      }
      await this.rollups.refreshFirsts(tx, workspaceId, null);
      return { conversations };
    });
  }
}
