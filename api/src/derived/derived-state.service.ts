import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_OPTIONS, type AppOptions } from '../app.options.js';
import { type ConversationFacts, type FactEvent, compareBytes, deriveFacts } from '../facts/facts.calculations.js';
import { FactsRepository } from '../facts/facts.repository.js';
import { MessageStatusRepository, type StatusEvent } from '../campaigns/message-status.repository.js';
import { CampaignTouchesRepository, NO_TOUCH_CHANGES, type TouchChanges } from '../campaigns/campaign-touches.repository.js';
import { ContactFirstRepository } from '../rollups/contact-first.repository.js';
import { ContactSetsRepository } from '../rollups/contact-sets.repository.js';
import { DurationBinsRepository } from '../rollups/duration-bins.repository.js';
import { ConversationHoursRepository } from '../rollups/conversation-hours.repository.js';
import { HourlyConversationsRepository } from '../rollups/hourly-conversations.repository.js';
import { HourlyEventsRepository } from '../rollups/hourly-events.repository.js';
import { HourlyRevenueRepository } from '../rollups/hourly-revenue.repository.js';
import { ReplyWaitsRepository } from '../rollups/reply-waits.repository.js';
import { type ConversationHour, type ReplyWait, conversationHours, replyWaits } from '../rollups/rollups.calculations.js';
import { DerivedRepository } from './derived.repository.js';
import type { BusinessHours } from '@parley/shared';
import { type BusinessTimes, businessTimes, factInstants } from '../business-hours/business-facts.calculations.js';
import { BusinessHoursRepository } from '../business-hours/business-hours.repository.js';

/** Conversations per round trip when rebuilding (bounded memory whatever the workspace size). */
const REBUILD_PAGE = 5000;
/** work_mem for the rebuild's transaction (the API's sessions run with 32MB; connect.ts). */
const REBUILD_WORK_MEM = '128MB';

/**
 * Facts (with their business-time twins under `schedule`), conversation_hours and reply_waits rows
 * of conversations, from all their events.
 */
function derive(
  events: Map<string, FactEvent[]>,
  schedule: BusinessHours | null,
): { facts: (ConversationFacts & { biz: BusinessTimes })[]; hours: ConversationHour[]; waits: ReplyWait[] } {
  const facts: (ConversationFacts & { biz: BusinessTimes })[] = [];
  const hours: ConversationHour[] = [];
  const waits: ReplyWait[] = [];
  for (const [id, list] of events) {
    const f = deriveFacts(id, list);
    facts.push({ ...f, biz: businessTimes(factInstants(f), schedule) });
    for (const h of conversationHours(f, list)) hours.push(h);
    for (const w of replyWaits(f, schedule)) waits.push(w);
  }
  return { facts, hours, waits };
}

/**
 * A workspace's derived state: conversation_facts (facts/) and the rollups made from them and
 * from the events (rollups/), kept equal to a rebuild. Both operations run under the workspace
 * lock, facts first, then each rollup after the tables it reads.
 */
@Injectable()
export class DerivedStateService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly derived: DerivedRepository,
    private readonly facts: FactsRepository,
    private readonly conversationHours: ConversationHoursRepository,
    private readonly hourlyEvents: HourlyEventsRepository,
    private readonly hourlyRevenue: HourlyRevenueRepository,
    private readonly replyWaits: ReplyWaitsRepository,
    private readonly contactFirst: ContactFirstRepository,
    private readonly contactSets: ContactSetsRepository,
    private readonly hourlyConversations: HourlyConversationsRepository,
    private readonly durationBins: DurationBinsRepository,
    private readonly messageStatus: MessageStatusRepository,
    private readonly campaignTouches: CampaignTouchesRepository,
    private readonly businessHours: BusinessHoursRepository,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  /** Bounds this transaction's lock waits (the workspace lock that recompute takes included). */
  boundLockWait(tx: EntityManager, ms: number): Promise<void> {
    return this.derived.boundLockWait(tx, ms);
  }

  /**
   * Recomputes the facts of the given conversations from all their stored events, then their
   * rollup rows, inside tx (the ingest transaction); folds the batch's new status events into
   * message_status, then refreshes the campaign_touches rows the batch can change.
   */
  async recompute(
    tx: EntityManager,
    workspaceId: number,
    conversationIds: string[],
    statuses: StatusEvent[] = [],
    touchChanges: TouchChanges = NO_TOUCH_CHANGES,
  ): Promise<void> {
    if (conversationIds.length === 0) return;
    await this.derived.lockWorkspace(tx, workspaceId);
    // Read under the lock: a recomputation after a schedule change pages under it too, so a
    // batch either sees the new schedule or commits before that page reads its rows.
    const schedule = await this.businessHours.get(workspaceId, tx);
    const { facts, hours, waits } = derive(await this.facts.loadEvents(tx, workspaceId, conversationIds), schedule);
    await this.hourlyConversations.subtract(tx, workspaceId, conversationIds);
    await this.facts.upsert(tx, workspaceId, facts);
    await this.hourlyConversations.recompute(tx, workspaceId, conversationIds);
    await this.durationBins.recomputeFacts(tx, workspaceId, conversationIds);
    // The reply times' changes to duration_deltas in the same statements.
    await this.replyWaits.recompute(tx, workspaceId, conversationIds, waits);
    // With hourly_events and hourly_revenue, in the same statements.
    const touched = await this.conversationHours.recompute(tx, workspaceId, conversationIds, hours);
    const firsts = await this.contactFirst.recompute(tx, workspaceId, touched.contacts);
    await this.contactSets.recompute(tx, workspaceId, touched.pairs, firsts);
    await this.messageStatus.recompute(tx, workspaceId, statuses);
    await this.campaignTouches.recompute(tx, workspaceId, conversationIds, [...new Set(statuses.map((s) => s.messageId))], touchChanges);
  }

  /**
   * Fresh statistics of events, for rebuilding from them: call before `rebuild` (once for any
   * number of workspaces). Committed before the rebuild's transaction, so its reading connection
   * plans with them too.
   */
  analyzeEvents(): Promise<void> {
    return this.facts.analyzeEvents(this.dataSource.manager);
  }

  /**
   * Throws the facts and rollups of a workspace away and derives them again from its events,
   * atomically (after `analyzeEvents`).
   */
  async rebuild(workspaceId: number): Promise<{ conversations: number }> {
    return this.dataSource.transaction(async (tx) => {
      await this.derived.lockWorkspace(tx, workspaceId);
      const schedule = await this.businessHours.get(workspaceId, tx);
      // The last steps sort, hash and join every conversation_hours row of the workspace once.
      if (!this.options.embedded) await this.derived.setLocalWorkMem(tx, REBUILD_WORK_MEM);
      await this.facts.deleteAll(tx, workspaceId);
      const stages = [this.facts.staging, this.conversationHours.staging, this.replyWaits.staging];
      for (const stage of stages) await stage.create(tx);
      await this.conversationHours.clear(tx, workspaceId);
      await this.replyWaits.clear(tx, workspaceId);
      // On Postgres each page is read (and derived) on another pooled connection while the
      // transaction writes the one before, so the database reads and Node derives while the
      // database writes. That connection sees what the transaction would: the rebuild writes no
      // events, and ingest into this workspace commits only after taking the lock held here.
      // (PGlite runs nothing beside an open transaction, so there the transaction reads.)
      const reader = this.options.embedded ? tx : this.dataSource.manager;
      const read = (after: string | null) => {
        const page = this.facts.conversationsAfter(reader, workspaceId, after, REBUILD_PAGE).then((events) => ({ ids: [...events.keys()], ...derive(events, schedule) }));
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
        await this.facts.stage(tx, workspaceId, facts);
        await this.conversationHours.stage(tx, workspaceId, hours);
        await this.replyWaits.stage(tx, workspaceId, waits);
        conversations += ids.length;
      }
      // Into the tables in order of time, each in one statement (database/staging.ts).
      for (const stage of stages) await stage.flush(tx);
      // The rest from whole tables, once (one statement each rather than page after page).
      // Those that join tables run last with hash joins only: the statistics may not know this
      // workspace's new rows, and a nested loop planned on "one row" went quadratic (10+ min at
      // 10M events). The others join no second table and keep the planner's plans
      // (docs/architecture.md, "Statistics").
      await this.hourlyEvents.rebuild(tx, workspaceId);
      await this.hourlyRevenue.rebuild(tx, workspaceId);
      await this.hourlyConversations.rebuild(tx, workspaceId);
      await this.durationBins.rebuild(tx, workspaceId);
      await this.messageStatus.rebuild(tx, workspaceId);
      await this.derived.planHashJoins(tx);
      await this.campaignTouches.rebuild(tx, workspaceId);
      await this.contactFirst.rebuild(tx, workspaceId);
      await this.contactSets.assignKeys(tx, workspaceId);
      await this.contactSets.buildSets(tx, workspaceId);
      return { conversations };
    });
  }
}
