import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { textProblem } from '@parley/shared';
import { DataSource, type Repository } from 'typeorm';
import { ConnectionRecord } from './connection.entity.js';
import type { StoredMessage } from './sessions.calculations.js';

/** What a delivery changes on its connection's counters. */
export interface CounterDelta {
  events: number;
  duplicates: number;
  ignored: number;
  rejected: number;
  lastRejection: string | null;
}

@Injectable()
export class ConnectionsRepository {
  constructor(
    @InjectRepository(ConnectionRecord) private readonly repo: Repository<ConnectionRecord>,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async insert(row: Omit<ConnectionRecord, 'createdAt' | 'deliveries' | 'eventsMade' | 'duplicates' | 'ignored' | 'rejected' | 'lastDeliveryAt' | 'lastRejection'>): Promise<ConnectionRecord> {
    const record = this.repo.create({ ...row, deliveries: 0, eventsMade: 0, duplicates: 0, ignored: 0, rejected: 0, lastDeliveryAt: null, lastRejection: null });
    await this.repo.insert(record);
    return (await this.repo.findOneByOrFail({ workspaceId: row.workspaceId, id: row.id }));
  }

  list(workspaceId: number): Promise<ConnectionRecord[]> {
    return this.repo.find({ where: { workspaceId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Deletes the workspace's connection; false when it has none with this id. */
  async delete(workspaceId: number, id: string): Promise<boolean> {
    return ((await this.repo.delete({ workspaceId, id })).affected ?? 0) > 0;
  }

  /**
   * The connection a webhook URL names, with its sealed secrets. By id alone: the id is what
   * locates the workspace (the one lookup not scoped by a workspace the caller proved).
   */
  findForWebhook(id: string): Promise<ConnectionRecord | null> {
    return this.repo.createQueryBuilder('c').addSelect('c.secrets').where('c.id = :id', { id }).getOne();
  }

  /** One statement per delivery, so concurrent deliveries never lose a count. */
  async count(workspaceId: number, id: string, d: CounterDelta): Promise<void> {
    await this.db.query(
      `UPDATE connections SET deliveries = deliveries + 1, events_made = events_made + $3, duplicates = duplicates + $4,
         ignored = ignored + $5, rejected = rejected + $6, last_delivery_at = now(), last_rejection = coalesce($7, last_rejection)
       WHERE workspace_id = $1 AND connection_id = $2`,
      [workspaceId, id, d.events, d.duplicates, d.ignored, d.rejected, d.lastRejection],
    );
  }

  /**
   * The stored messages (received or sent) of each contact on this connection within its window
   * (ids starting with the connection's prefix), for session conversations.
   */
  async contactMessages(workspaceId: number, prefix: string, windows: Map<string, { fromMs: number; toMs: number }>): Promise<Map<string, StoredMessage[]>> {
    const out = new Map<string, StoredMessage[]>();
    if (windows.size === 0) return out;
    const contacts = [...windows.keys()];
    const rows: { contact_id: string; conversation_id: string; at_ms: string }[] = await this.db.query(
      `SELECT e.contact_id, e.conversation_id, (extract(epoch FROM e.occurred_at) * 1000)::float8::text AS at_ms
       FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[]) AS w(contact_id, from_at, to_at)
       JOIN events e ON e.workspace_id = $1 AND e.contact_id = w.contact_id AND e.occurred_at BETWEEN w.from_at AND w.to_at
       WHERE e.type IN ('message.received', 'message.sent') AND left(e.conversation_id, length($5)) = $5`,
      [
        workspaceId,
        contacts,
        contacts.map((k) => new Date(Math.max(windows.get(k)!.fromMs, 0)).toISOString()),
        contacts.map((k) => new Date(Math.min(windows.get(k)!.toMs, 8.64e15)).toISOString()),
        prefix,
      ],
    );
    for (const r of rows) {
      const list = out.get(r.contact_id) ?? [];
      list.push({ atMs: Number(r.at_ms), conversationId: r.conversation_id });
      out.set(r.contact_id, list);
    }
    return out;
  }

  /** The conversations of stored events by id (outbound messages the statuses refer to). */
  async conversationsOf(workspaceId: number, eventIds: string[]): Promise<Map<string, string>> {
    if (eventIds.length === 0) return new Map();
    const rows: { event_id: string; conversation_id: string }[] = await this.db.query(
      `SELECT event_id, conversation_id FROM events WHERE workspace_id = $1 AND event_id = ANY($2::text[])`,
      [workspaceId, eventIds],
    );
    return new Map(rows.map((r) => [r.event_id, r.conversation_id]));
  }

  // ── meta (Messenger, Instagram): watermarks ─────────────────────────────────────────────────

  /**
   * Per watermark (in order), the platform ids of the contact's stored outbound messages on this
   * connection sent at or before it (their message ids less the `{connection}:` prefix). Messages an
   * earlier status of that type already covered are left out: their status event is stored (it
   * would be a duplicate), and a thread's whole history is not read again on every receipt; a
   * redelivered receipt (a status at the same instant) still covers them, as duplicates.
   */
  async watermarkCovered(
    workspaceId: number,
    connectionId: string,
    prefix: string,
    marks: { contactId: string; status: 'delivered' | 'read'; watermarkMs: number; atMs: number }[],
  ): Promise<string[][]> {
    const out = marks.map((): string[] => []);
    // A contact no event can have (NUL, unpaired surrogates: PostgreSQL refuses the text) has nothing stored.
    const asked = marks.map((m, k) => ({ ...m, k })).filter((m) => textProblem(m.contactId) === null);
    if (asked.length === 0) return out;
    const mine = `${connectionId}:`;
    const rows: { n: string; message_id: string }[] = await this.db.query(
      `SELECT w.n::text AS n, e.message_id
         FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[]) WITH ORDINALITY AS w(contact_id, status, watermark, status_at, n)
         JOIN events e ON e.workspace_id = $1 AND e.contact_id = w.contact_id AND e.type = 'message.sent' AND e.occurred_at <= w.watermark
          AND left(e.conversation_id, length($6)) = $6 AND left(e.message_id, length($7)) = $7
         LEFT JOIN message_status s ON s.workspace_id = $1 AND s.message_id = e.message_id COLLATE "C"
        WHERE coalesce(CASE w.status WHEN 'delivered' THEN s.delivered_at ELSE s.read_at END >= w.status_at, true)
        ORDER BY w.n, e.occurred_at, e.message_id`,
      [
        workspaceId,
        asked.map((m) => m.contactId),
        asked.map((m) => m.status),
        asked.map((m) => new Date(Math.min(Math.max(m.watermarkMs, 0), 8.64e15)).toISOString()),
        asked.map((m) => new Date(Math.min(Math.max(m.atMs, 0), 8.64e15)).toISOString()),
        prefix,
        mine,
      ],
    );
    for (const r of rows) out[asked[Number(r.n) - 1].k].push(r.message_id.slice(mine.length));
    return out;
  }
}
