/**
 * Getting the same rows in two ways: through `POST /api/v1/events` (validated, stored, facts
 * maintained, committed before the 200) and with a raw `COPY … FROM STDIN` into a bare copy of the
 * events table with the same indexes.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type GeneratedEvent, type StreamOptions, type StreamPlan, streamEvents } from '@parley/shared/generate';
import { summary } from './stats';

/** The events columns a COPY fills, in the order of the text rows written below. */
export const COPY_COLUMNS = [
  'workspace_id', 'event_id', 'type', 'occurred_at', 'conversation_id', 'contact_id', 'channel', 'sender_type', 'sender_id',
  'campaign_id', 'message_id', 'agent_id', 'team', 'rating', 'value', 'currency', 'tags', 'attributes',
];

/** A value in PostgreSQL's COPY text format. */
function text(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  return String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** One event as a COPY text row with the columns the API would store (COPY_COLUMNS). */
export function copyRow(workspaceId: number, e: GeneratedEvent): string {
  const sender = e.sender as { type: string; id?: string } | undefined;
  const tags = e.tags ? `{${e.tags.map((t) => `"${t.replace(/["\\]/g, '\\$&')}"`).join(',')}}` : null;
  return [
    workspaceId, e.id, e.type, e.occurredAt, e.conversationId, e.contactId, e.channel, sender?.type, sender?.id, e.campaignId,
    e.messageId, e.agentId, e.team, e.rating, e.value === undefined ? null : String(e.value), e.currency, tags,
    e.attributes ? JSON.stringify(e.attributes) : null,
  ].map(text).join('\t') + '\n';
}

class Writer {
  private readonly out;
  private buffer = '';
  constructor(path: string) {
    this.out = createWriteStream(path);
  }
  async write(s: string) {
    this.buffer += s;
    if (this.buffer.length >= 1 << 20) {
      const chunk = this.buffer;
      this.buffer = '';
      if (!this.out.write(chunk)) await once(this.out, 'drain');
    }
  }
  async end() {
    this.out.end(this.buffer);
    await once(this.out, 'finish');
  }
}

export interface DataFiles {
  ndjson: string;
  tsv: string;
  sampleTsv: string;
  events: number;
  sample: number;
}

/**
 * Writes the N events once, in time order: NDJSON for the API, COPY text rows for the raw load,
 * and the first `sample` rows again as their own COPY file.
 */
export async function writeDataFiles(dir: string, options: StreamOptions, p: StreamPlan, workspaceId: number, sample: number): Promise<DataFiles> {
  const files = { ndjson: `${dir}/events.ndjson`, tsv: `${dir}/events.tsv`, sampleTsv: `${dir}/sample.tsv` };
  const [nd, tsv, st] = [new Writer(files.ndjson), new Writer(files.tsv), new Writer(files.sampleTsv)];
  let n = 0;
  for (const e of streamEvents(options, p)) {
    await nd.write(JSON.stringify(e) + '\n');
    const row = copyRow(workspaceId, e);
    await tsv.write(row);
    if (n < sample) await st.write(row);
    n++;
  }
  await Promise.all([nd.end(), tsv.end(), st.end()]);
  if (n !== options.events) throw new Error(`generated ${n} events, expected ${options.events}`);
  return { ...files, events: n, sample: Math.min(sample, n) };
}

/** The first `limit` lines of a file (for the sample runs, held in memory). */
export async function readLines(path: string, limit: number): Promise<string[]> {
  const lines: string[] = [];
  const rl = createInterface({ input: createReadStream(path, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  for await (const line of rl) {
    if (lines.length >= limit) break;
    if (line) lines.push(line);
  }
  rl.close();
  return lines;
}

/** Batch bodies (JSON arrays) of consecutive lines. */
export function* batchesOf(lines: string[], size: number): Generator<{ body: string; count: number }> {
  for (let i = 0; i < lines.length; i += size) {
    const slice = lines.slice(i, i + size);
    yield { body: `[${slice.join(',')}]`, count: slice.length };
  }
}

/** Batch bodies read from an NDJSON file as they are needed (the whole file is never in memory). */
export async function* fileBatches(path: string, size: number): AsyncGenerator<{ body: string; count: number }> {
  const rl = createInterface({ input: createReadStream(path, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  let batch: string[] = [];
  for await (const line of rl) {
    if (!line) continue;
    batch.push(line);
    if (batch.length === size) {
      yield { body: `[${batch.join(',')}]`, count: batch.length };
      batch = [];
    }
  }
  if (batch.length) yield { body: `[${batch.join(',')}]`, count: batch.length };
}

export interface IngestResult {
  events: number;
  batches: number;
  batchSize: number;
  clients: number;
  seconds: number;
  eventsPerSecond: number;
  /** Latency of one batch (request sent → 200 read), ms. */
  batchMs: ReturnType<typeof summary>;
}

/**
 * Posts the batches with `clients` concurrent clients (each takes the next batch when its previous
 * one is answered) and checks every answer is a 200 that accepted the whole batch.
 */
export async function ingestApi(
  url: string,
  key: string,
  batches: Iterable<{ body: string; count: number }> | AsyncIterable<{ body: string; count: number }>,
  clients: number,
  batchSize: number,
  progress?: (events: number) => void,
): Promise<IngestResult> {
  const it = (Symbol.asyncIterator in batches ? (batches as AsyncIterable<{ body: string; count: number }>)[Symbol.asyncIterator]() : (batches as Iterable<{ body: string; count: number }>)[Symbol.iterator]()) as
    | AsyncIterator<{ body: string; count: number }>
    | Iterator<{ body: string; count: number }>;
  const latencies: number[] = [];
  let events = 0;
  let count = 0;
  const t0 = performance.now();
  const worker = async () => {
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      const { body, count: n } = next.value;
      const s = performance.now();
      const r = await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body });
      const answer = await r.text();
      latencies.push(performance.now() - s);
      if (r.status !== 200) throw new Error(`ingest: HTTP ${r.status}: ${answer.slice(0, 500)}`);
      const json = JSON.parse(answer) as { accepted: number; duplicates: number; rejected: unknown[] };
      if (json.accepted !== n || json.rejected.length) throw new Error(`ingest: batch of ${n} answered ${answer.slice(0, 500)}`);
      events += n;
      count++;
      progress?.(events);
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  const seconds = (performance.now() - t0) / 1000;
  return { events, batches: count, batchSize, clients, seconds, eventsPerSecond: events / seconds, batchMs: summary(latencies) };
}

export interface CopyResult {
  table: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

/** A bare copy of `events` (same columns, defaults, primary key and indexes), emptied. */
export async function createCopyTable(client: Client, table: string): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${table}`);
  await client.query(`CREATE TABLE ${table} (LIKE events INCLUDING ALL)`);
}

/** COPY … FROM STDIN of a text-format file into the table; autocommit, so durable when it returns. */
export async function copyFile(client: Client, table: string, file: string, rows: number): Promise<CopyResult> {
  const t0 = performance.now();
  const sink = client.query(copyFrom(`COPY ${table} (${COPY_COLUMNS.join(', ')}) FROM STDIN`));
  await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), sink);
  const seconds = (performance.now() - t0) / 1000;
  const copied = Number((sink as unknown as { rowCount: number }).rowCount);
  if (copied !== rows) throw new Error(`COPY into ${table}: ${copied} rows, expected ${rows}`);
  return { table, rows, seconds, rowsPerSecond: rows / seconds };
}
