import { createReadStream, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { parse as parseCsv } from 'csv-parse';
import { EventsService } from '../events/events.service.js';
import { csvRecordToEvent } from './import.calculations.js';

export interface ImportSummary {
  rows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Rows skipped because an earlier run had already committed them. */
  resumed: number;
  rejectedFile: string | null;
}

export interface ImportProgress {
  rows: number;
  bytes: number;
  totalBytes: number;
}

interface Checkpoint {
  workspaceId: number;
  size: number;
  mtimeMs: number;
  rows: number;
}

/** One input row: a parsed record, or why it could not be parsed; `line` is 1-based. */
type Row = { line: number; record: unknown } | { line: number; error: string };

const BATCH = 5000;
/** Reasons of the first rejected rows go to the side file; the rest are only counted. */
const MAX_REJECTED_DETAILS = 1000;

/**
 * Imports a file of events (NDJSON, or CSV with the columns of the events export) through the same
 * validation, storage and fact maintenance as the API, in batches: constant memory whatever the
 * file size. Idempotent (ids), and resumable: a checkpoint beside the file records how many rows
 * are committed, so a re-run skips them without reading them again as events.
 */
@Injectable()
export class ImportService {
  constructor(private readonly events: EventsService) {}

  async importFile(
    workspaceId: number,
    path: string,
    format: 'ndjson' | 'csv',
    onProgress: (p: ImportProgress) => void = () => {},
  ): Promise<ImportSummary> {
    const stat = statSync(path);
    const checkpointPath = `${path}.parley-import.json`;
    const rejectedPath = `${path}.rejected.ndjson`;
    const checkpoint = readCheckpoint(checkpointPath);
    const skip = checkpoint && checkpoint.workspaceId === workspaceId && checkpoint.size === stat.size && checkpoint.mtimeMs === stat.mtimeMs ? checkpoint.rows : 0;

    const summary: ImportSummary = { rows: 0, accepted: 0, duplicates: 0, rejected: 0, resumed: skip, rejectedFile: null };
    const rejectedLines: string[] = [];
    const reject = (line: number, id: string | undefined, errors: string[]) => {
      summary.rejected++;
      if (rejectedLines.length < MAX_REJECTED_DETAILS) rejectedLines.push(JSON.stringify({ line, ...(id !== undefined && { id }), errors }));
    };

    const input = createReadStream(path);
    let bytes = 0;
    input.on('data', (chunk) => (bytes += chunk.length));
    let batch: { line: number; record: unknown }[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const result = await this.events.ingest(workspaceId, batch.map((b) => b.record));
      summary.accepted += result.accepted;
      summary.duplicates += result.duplicates;
      for (const r of result.rejected) reject(batch[r.index].line, r.id, r.errors);
      summary.rows += batch.length;
      batch = [];
      writeFileSync(checkpointPath, JSON.stringify({ workspaceId, size: stat.size, mtimeMs: stat.mtimeMs, rows: skip + summary.rows } satisfies Checkpoint));
      onProgress({ rows: skip + summary.rows, bytes, totalBytes: stat.size });
    };

    let seen = 0;
    for await (const row of format === 'csv' ? csvRows(input) : ndjsonRows(input, () => seen < skip)) {
      if (seen++ < skip) continue;
      if ('error' in row) {
        summary.rows++;
        reject(row.line, undefined, [row.error]);
        continue;
      }
      batch.push(row);
      if (batch.length >= BATCH) await flush();
    }
    await flush();

    if (rejectedLines.length) {
      writeFileSync(rejectedPath, rejectedLines.join('\n') + '\n');
      summary.rejectedFile = rejectedPath;
    } else rmSync(rejectedPath, { force: true });
    rmSync(checkpointPath, { force: true });
    return summary;
  }

  /** Ingests events already in memory (a converted dataset) in batches, with progress. */
  async importEvents(workspaceId: number, events: unknown[], onProgress: (p: ImportProgress) => void = () => {}): Promise<ImportSummary> {
    const summary: ImportSummary = { rows: 0, accepted: 0, duplicates: 0, rejected: 0, resumed: 0, rejectedFile: null };
    for (let i = 0; i < events.length; i += BATCH) {
      const result = await this.events.ingest(workspaceId, events.slice(i, i + BATCH));
      summary.rows += Math.min(BATCH, events.length - i);
      summary.accepted += result.accepted;
      summary.duplicates += result.duplicates;
      summary.rejected += result.rejected.length;
      onProgress({ rows: summary.rows, bytes: summary.rows, totalBytes: events.length });
    }
    return summary;
  }
}

function readCheckpoint(path: string): Checkpoint | null {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Checkpoint;
  } catch {
    return null;
  }
}

/** NDJSON lines; blank lines are skipped; while `skipping()`, lines are counted but not parsed. */
async function* ndjsonRows(input: NodeJS.ReadableStream, skipping: () => boolean): AsyncGenerator<Row> {
  const { createInterface } = await import('node:readline');
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (!text.trim()) continue;
    if (skipping()) {
      yield { line, record: null };
      continue;
    }
    try {
      yield { line, record: JSON.parse(text) };
    } catch (err) {
      yield { line, error: `line: not valid JSON (${(err as Error).message})` };
    }
  }
}

/** CSV records (header row first) turned into event objects. */
async function* csvRows(input: NodeJS.ReadableStream): AsyncGenerator<Row> {
  const parser = input.pipe(parseCsv({ columns: true, bom: true, relax_column_count: true, skip_empty_lines: true, info: true }));
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    const converted = csvRecordToEvent(record);
    yield 'error' in converted ? { line: info.lines, error: converted.error } : { line: info.lines, record: converted.event };
  }
}
