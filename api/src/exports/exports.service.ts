import { once } from 'node:events';
import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { APP_OPTIONS, type AppOptions } from '../app.options.js';
import { csvFilename, csvLine } from '../csv/csv.calculations.js';
import type { Caller } from '../auth/caller.js';
import { ReportsService } from '../metrics/reports.service.js';
import { CONVERSATION_COLUMNS, EVENT_COLUMNS, type ExportKey, type ExportKind, type ExportScope, ExportsRepository } from './exports.repository.js';

/** Rows per page: about 1.7 MB of CSV for typical events. */
const PAGE = 10_000;

/** CSV exports that stream page by page: memory does not grow with the number of rows. */
@Injectable()
export class ExportsService {
  constructor(
    private readonly repo: ExportsRepository,
    private readonly reports: ReportsService,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  async export(kind: ExportKind, caller: Caller, query: Record<string, unknown>, res: Response): Promise<void> {
    const q = this.reports.parse(`${kind}.csv`, caller, query, 'text/csv');
    const scope: ExportScope = {
      workspaceId: caller.workspaceId,
      from: new Date(q.fromMs).toISOString(),
      to: new Date(q.toMs).toISOString(),
      channels: q.channels,
      teams: q.teams,
      tags: q.tags,
      ...(kind === 'conversations' &&
        q.list && { selection: { by: q.list.by, status: q.list.status, agent: q.list.agent, responder: q.responder, hours: q.hours, sla: q.sla } }),
    };
    await this.reports.needsSchedule(caller, q);
    // Two pages at once on Postgres (the database formats one while the other is sent); PGlite
    // runs one statement at a time anyway.
    const pages = this.pages(kind, scope, this.options.embedded ? 1 : 2);
    // The first page is read before answering, so a database error is still a clean error status.
    const first = await pages.next();
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${csvFilename(kind, q.fromMs, q.toMs, q.tz)}"`);
    let closed = false;
    res.once('close', () => {
      closed = true;
      // A client that goes away mid-export ends the wait for 'drain' too.
      res.emit('drain');
    });
    const write = async (data: string | Buffer) => {
      if (data.length && !res.write(data) && !closed) await once(res, 'drain');
    };
    await write(csvLine([...(kind === 'conversations' ? CONVERSATION_COLUMNS : EVENT_COLUMNS)]));
    for (let page = first; !page.done && !closed; page = await pages.next()) await write(page.value);
    if (closed) await pages.return(undefined);
    res.end();
  }

  /**
   * The export's CSV in pages of consecutive rows, in order. Up to `ahead` pages are read at once:
   * where each page ends is found first (a cheap index probe), so they do not wait for each other.
   */
  private async *pages(kind: ExportKind, scope: ExportScope, ahead: number): AsyncGenerator<Buffer, void, undefined> {
    const reading: Promise<Buffer>[] = [];
    let start: ExportKey | null = null;
    let last = false;
    try {
      for (;;) {
        while (!last && reading.length < ahead) {
          const end = await this.repo.bound(kind, scope, start, PAGE);
          const page = this.repo.page(kind, scope, start, end);
          // Failures surface when the page is awaited below; this only keeps them from being "unhandled".
          page.catch(() => {});
          reading.push(page);
          if (end === null) last = true;
          start = end;
        }
        const next = reading.shift();
        if (!next) return;
        yield await next;
      }
    } finally {
      // Stopped early (client gone, or an error): let the pages in flight finish and free their connections.
      await Promise.allSettled(reading);
    }
  }
}
