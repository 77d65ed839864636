import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type IngestResult, MAX_BATCH_EVENTS, type ValidEvent, validateEvent } from '@parley/shared';
import { APP_OPTIONS, type AppOptions } from '../app.options.js';
import { BadRequest, ParleyError } from '../common/errors.js';
import { INGEST } from '../database/connect.js';
import { compareBytes } from '../facts/facts.calculations.js';
import { DerivedStateService } from '../derived/derived-state.service.js';
import { DeltaFolder } from '../rollups/delta-folder.service.js';
import { StatisticsService } from '../statistics/statistics.service.js';
import { EventsRepository } from './events.repository.js';
import { Busy, IngestGate } from './ingest-gate.js';

/** Past the request's deadline before COMMIT: roll back rather than commit what was answered 503. */
class DeadlinePassed extends ParleyError {
  constructor() {
    super('TIMEOUT', 503, 'the request took too long and was rolled back; retry shortly');
  }
}

@Injectable()
export class EventsService {
  constructor(
    @InjectDataSource(INGEST) private readonly dataSource: DataSource,
    private readonly events: EventsRepository,
    private readonly derived: DerivedStateService,
    private readonly gate: IngestGate,
    private readonly statistics: StatisticsService,
    private readonly folder: DeltaFolder,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  /**
   * Validates each event on its own, stores the valid new ones and updates the facts and rollups of their
   * conversations in one transaction: the answer is sent only after that commit. The transaction
   * waits its turn in the IngestGate, at most until `deadline` (a request's) or the ingest wait.
   */
  async ingest(workspaceId: number, body: unknown, deadline = Infinity, nowMs = Date.now()): Promise<IngestResult> {
    let items: unknown[];
    if (Array.isArray(body)) items = body;
    else if (typeof body === 'object' && body !== null) items = [body];
    else throw new BadRequest('body: must be an event object or a JSON array of events');
    if (items.length > MAX_BATCH_EVENTS)
      throw new BadRequest(`body: at most ${MAX_BATCH_EVENTS} events per request, got ${items.length}; split the batch`);

    const rejected: IngestResult['rejected'] = [];
    const unique = new Map<string, ValidEvent>();
    let repeatedInBatch = 0;
    items.forEach((item, index) => {
      const result = validateEvent(item, nowMs);
      if (!result.ok) rejected.push({ index, ...(result.id !== undefined && { id: result.id }), errors: result.errors });
      else if (unique.has(result.event.id)) repeatedInBatch++; // first occurrence wins, as across batches
      else unique.set(result.event.id, result.event);
    });

    // Byte order of ids: concurrent batches insert overlapping ids in the same order (no deadlock).
    const valid = [...unique.values()].sort((a, b) => compareBytes(a.id, b.id));
    const { ingestWaitMs } = this.options.config.limits;
    const write = () =>
      this.dataSource.transaction(async (tx) => {
        // Another API process may hold the workspace's lock: wait for it no longer than for a turn here.
        await this.derived.boundLockWait(tx, ingestWaitMs);
        const { inserted, conversations, statuses, touchChanges } = await this.events.insertNew(tx, workspaceId, valid);
        await this.derived.recompute(tx, workspaceId, conversations, statuses, touchChanges);
        if (Date.now() > deadline) throw new DeadlinePassed();
        return inserted;
      });
    let inserted: number;
    try {
      inserted = await this.gate.write(workspaceId, Math.min(ingestWaitMs, deadline - Date.now()), write);
    } catch (e) {
      // 55P03: the other process's lock was held past the wait: the workspace is busy.
      if ((e as { code?: string }).code === '55P03') throw new Busy('workspace', Math.max(1, Math.ceil(ingestWaitMs / 1000)));
      throw e;
    }
    // The tables grew: their planner statistics may be due, and the batch's duration deltas are
    // folded into duration_bins (both in the background).
    if (inserted > 0) {
      this.statistics.wrote();
      this.folder.wrote(workspaceId);
    }
    return { accepted: inserted, duplicates: valid.length - inserted + repeatedInBatch, rejected };
  }
}
