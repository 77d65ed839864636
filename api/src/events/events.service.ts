import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type IngestResult, MAX_BATCH_EVENTS, type ValidEvent, validateEvent } from '@parley/shared';
import { badRequest } from '../common/errors.js';
import { compareBytes } from '../facts/facts.calculations.js';
import { FactsService } from '../facts/facts.service.js';
import { EventsRepository } from './events.repository.js';

@Injectable()
export class EventsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventsRepository,
    private readonly facts: FactsService,
  ) {}

  /**
   * Validates each event on its own, stores the valid new ones and updates the facts of their
   * conversations in one transaction: the answer is sent only after that commit.
   */
  async ingest(workspaceId: number, body: unknown, nowMs = Date.now()): Promise<IngestResult> {
    let items: unknown[];
    if (Array.isArray(body)) items = body;
    else if (typeof body === 'object' && body !== null) items = [body];
    else throw badRequest('body: must be an event object or a JSON array of events');
    if (items.length > MAX_BATCH_EVENTS)
      throw badRequest(`body: at most ${MAX_BATCH_EVENTS} events per request, got ${items.length}; split the batch`);

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
    const inserted = await this.dataSource.transaction(async (tx) => {
      const { inserted, conversations } = await this.events.insertNew(tx, workspaceId, valid);
      await this.facts.recompute(tx, workspaceId, conversations);
      return inserted;
    });
    return { accepted: inserted, duplicates: valid.length - inserted + repeatedInBatch, rejected };
  }
}
