import { once } from 'node:events';
import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { type Cell, csvCell, csvFilename, csvLine } from '../csv/csv.calculations.js';
import type { Caller } from '../keys/auth.guard.js';
import { formatLocal } from '../metrics/period.calculations.js';
import { ReportsService } from '../metrics/reports.service.js';
import { CONVERSATION_COLUMNS, EVENT_COLUMNS, type ExportScope, ExportsRepository } from './exports.repository.js';

const PAGE = 2000;
const CHUNK_CHARS = 32 * 1024;

/** CSV exports that stream page by page: memory does not grow with the number of rows. */
@Injectable()
export class ExportsService {
  constructor(
    private readonly repo: ExportsRepository,
    private readonly reports: ReportsService,
  ) {}

  async export(kind: 'conversations' | 'events', caller: Caller, query: Record<string, unknown>, res: Response): Promise<void> {
    const q = this.reports.parse(`${kind}.csv`, caller, query, 'text/csv');
    const scope: ExportScope = { workspaceId: caller.workspaceId, from: new Date(q.fromMs).toISOString(), to: new Date(q.toMs).toISOString(), channels: q.channels };
    const columns: readonly string[] = kind === 'conversations' ? CONVERSATION_COLUMNS : EVENT_COLUMNS;
    const page = kind === 'conversations' ? this.repo.conversationsPage.bind(this.repo) : this.repo.eventsPage.bind(this.repo);

    // The first page is read before answering, so a database error is still a clean error status.
    let rows = await page(scope, null, PAGE);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${csvFilename(kind, formatLocal(q.fromMs, q.tz), formatLocal(q.toMs, q.tz))}"`);
    let closed = false;
    res.once('close', () => (closed = true));
    const write = async (text: string) => {
      if (text && !res.write(text) && !closed) await once(res, 'drain');
    };
    // A client that goes away mid-export ends the wait for 'drain' too.
    res.once('close', () => res.emit('drain'));
    await write(csvLine([...columns]));
    for (;;) {
      // The next page is asked for before this one is formatted: the database and this process
      // work at the same time (at most two pages in memory).
      const last = rows[rows.length - 1];
      const next = rows.length === PAGE ? page(scope, [last.k1 as string, last.k2 as string], PAGE) : null;
      // Catch now so an error while formatting does not leave it unhandled; rethrown below.
      next?.catch(() => {});
      // Small writes: a string or buffer over ~128 KB lands in V8's large-object space, which is
      // only freed by a full collection, so big chunks make the heap grow with the export.
      let chunk = '';
      for (const row of rows) {
        for (let i = 0; i < columns.length; i++) chunk += (i ? ',' : '') + csvCell(row[columns[i]] as Cell);
        chunk += '\r\n';
        if (chunk.length >= CHUNK_CHARS) {
          await write(chunk);
          chunk = '';
        }
      }
      rows = [];
      await write(chunk);
      if (!next || closed) break;
      rows = await next;
    }
    res.end();
  }
}
