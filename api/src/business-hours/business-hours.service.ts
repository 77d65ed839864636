import { Inject, Injectable } from '@nestjs/common';
import { type BusinessHours, BusinessHoursRequestSchema, businessHoursProblems } from '@parley/shared';
import type { Logger } from 'pino';
import type { Caller } from '../auth/caller.js';
import { BadRequest, NotFound } from '../common/errors.js';
import { LOGGER } from '../common/logger.js';
import { BusinessHoursRepository } from './business-hours.repository.js';

/** What a write did to the schedule; the seam for recomputing what depends on it (derived/business-time.service.ts). */
export interface ScheduleChange {
  workspaceId: number;
  /** The schedule now in force; null after a delete. */
  schedule: BusinessHours | null;
}

const notSet = () => new NotFound('BUSINESS_HOURS_NOT_FOUND', 'business-hours: this workspace has no business-hours schedule');

/** A workspace's business-hours schedule (docs/api.md, "Business hours"). */
@Injectable()
export class BusinessHoursService {
  private readonly audit: Logger;
  /** Called after every change (the business-time recomputation listens). */
  private readonly listeners: ((change: ScheduleChange) => void)[] = [];

  constructor(
    private readonly hours: BusinessHoursRepository,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.audit = logger.child({}, { level: 'info' });
  }

  /** Registers a listener for schedule changes (the recomputation seam). */
  onChange(listener: (change: ScheduleChange) => void): void {
    this.listeners.push(listener);
  }

  async get(caller: Caller): Promise<BusinessHours> {
    const schedule = await this.hours.get(caller.workspaceId);
    if (!schedule) throw notSet();
    return schedule;
  }

  /** Whether the workspace has a schedule (hours=business needs one). */
  async has(workspaceId: number): Promise<boolean> {
    return (await this.hours.get(workspaceId)) !== null;
  }

  async put(caller: Caller, body: unknown): Promise<BusinessHours> {
    const problems = businessHoursProblems(body);
    if (problems.length) throw new BadRequest(problems);
    const schedule = BusinessHoursRequestSchema.parse(body);
    await this.hours.put(caller.workspaceId, schedule);
    this.audit.info({ audit: 'business-hours.put', workspaceId: caller.workspaceId, byUserId: caller.user?.userId }, 'audit business-hours.put');
    this.changed({ workspaceId: caller.workspaceId, schedule });
    return schedule;
  }

  async remove(caller: Caller): Promise<void> {
    if (!(await this.hours.delete(caller.workspaceId))) throw notSet();
    this.audit.info({ audit: 'business-hours.delete', workspaceId: caller.workspaceId, byUserId: caller.user?.userId }, 'audit business-hours.delete');
    this.changed({ workspaceId: caller.workspaceId, schedule: null });
  }

  private changed(change: ScheduleChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
