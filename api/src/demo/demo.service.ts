import { Injectable } from '@nestjs/common';
import { type ImportProgress, ImportService, type ImportSummary } from '../import/import.service.js';
import { KeysService } from '../keys/keys.service.js';
import { AuthService } from '../auth/auth.service.js';
import { randomPassword } from '../auth/password.js';
import { WorkspacesService } from '../workspaces/workspaces.service.js';
import { BusinessHoursService } from '../business-hours/business-hours.service.js';
import { DEMO_TIME_ZONE, demoBusinessHours, generateDemoEvents } from '@parley/shared/generate';

export const DEMO_WORKSPACE = 'Demo';
export const DEMO_ADMIN_EMAIL = 'admin@demo.parley.local';

/** Demo data: generated events ingested through the same path as the API's. */
@Injectable()
export class DemoService {
  constructor(
    private readonly workspaces: WorkspacesService,
    private readonly keys: KeysService,
    private readonly importer: ImportService,
    private readonly auth: AuthService,
    private readonly businessHours: BusinessHoursService,
  ) {}

  /**
   * Seeds `days` days up to now into the workspace. Ids are fixed for a given end minute, so a
   * retry within the minute adds nothing twice; a later seed adds a new set of conversations.
   */
  seed(workspaceId: number, days: number, onProgress?: (p: ImportProgress) => void): Promise<ImportSummary> {
    // Whole minutes: a re-seed within the same minute makes the same events (same ids).
    const endMs = Math.floor(Date.now() / 60_000) * 60_000;
    return this.importer.importEvents(workspaceId, generateDemoEvents({ endMs, days, seed: 1 }), onProgress);
  }

  /**
   * On a database with no workspace at all (a first start): the demo workspace, its admin (with a
   * random password, shown once), a key to explore the API with, 90 days of demo data, and its
   * business hours (Mon–Fri with a holiday inside those days). Null when there was already a workspace.
   */
  async seedIfEmpty(
    onProgress?: (p: ImportProgress) => void,
  ): Promise<{ workspace: string; key: string; email: string; password: string; summary: ImportSummary } | null> {
    if ((await this.workspaces.list()).length > 0) return null;
    const ws = await this.workspaces.create(DEMO_WORKSPACE, DEMO_TIME_ZONE);
    const { key } = await this.keys.create(ws.id, ['ingest', 'read'], 'demo');
    const password = randomPassword();
    await this.auth.createUser(ws.id, DEMO_ADMIN_EMAIL, password, 'admin');
    // Through the service's own save (validation, audit, change listeners), before the import: the
    // import then derives business time with the facts, and the recompute a change starts has
    // nothing to do yet. The seed acts as the system: no user, no key.
    await this.businessHours.put({ workspaceId: ws.id, timeZone: ws.timeZone, scopes: [] }, demoBusinessHours(Date.now()));
    const summary = await this.seed(ws.id, 90, onProgress);
    return { workspace: ws.name, key, email: DEMO_ADMIN_EMAIL, password, summary };
  }
}
