import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlContactSet } from './contact-set.codec.js';
import { FIRST_HOUR_S, type FirstsChanged } from './contact-first.repository.js';
import { type ContactHourRow, HOURS_PARAM, HOUR_S, type HourChannel } from './conversation-hours.repository.js';
import { contactSetEntries } from './rollups.calculations.js';

/** Inserts the ids `source` selects that have no key yet, numbered on from the workspace's greatest key. */
function assignKeys(table: string, column: string, source: string): string {
  return `INSERT INTO ${table} (workspace_id, ${column}, key)
          SELECT $1, x.id, coalesce((SELECT max(key) FROM ${table} WHERE workspace_id = $1), 0) + row_number() OVER (ORDER BY x.id)
            FROM (${source}) AS x(id)
           WHERE NOT EXISTS (SELECT 1 FROM ${table} k WHERE k.workspace_id = $1 AND k.${column} = x.id)`;
}

const KEY_TABLES = [
  ['contact_keys', 'contact_id'],
  ['conversation_keys', 'conversation_id'],
] as const;

/** A first message (fc: in the row's channel, fa: ever) in the row's hour h.hour. */
const inHour = (first: string) => `${first}.first_at >= h.hour AND ${first}.first_at < h.hour + INTERVAL '1 hour'`;

/**
 * A workspace's hourly_contacts rows from conversation_hours, keys and contact_first, in one join
 * (a rebuild): per (hour, channel), its customer-message rows as entries (contact-set.codec.ts).
 */
const BUILD_CONTACT_SETS = `INSERT INTO hourly_contacts (workspace_id, hour, channel, entries)
          SELECT $1, h.hour, h.channel,
                 ${sqlContactSet('ck.key', 'vk.key', inHour('fa'), inHour('fc'))}
            FROM conversation_hours h
            JOIN contact_keys ck ON ck.workspace_id = $1 AND ck.contact_id = h.contact_id
            JOIN conversation_keys vk ON vk.workspace_id = $1 AND vk.conversation_id = h.conversation_id
            JOIN contact_first fc ON fc.workspace_id = $1 AND fc.contact_id = h.contact_id AND fc.channel = h.channel
            JOIN contact_first fa ON fa.workspace_id = $1 AND fa.contact_id = h.contact_id AND fa.channel = '*'
           WHERE h.workspace_id = $1 AND h.messages_in > 0
           GROUP BY h.hour, h.channel`;

/**
 * hourly_contacts with the keys its entries are written in, contact_keys and conversation_keys
 * (migration ContactSets). One maintainer: a key exists to be written into an entry, so keys are
 * handed out exactly when the entries naming them are built (never reused, never deleted).
 * Reads conversation_hours and contact_first, so it runs after both.
 */
@Injectable()
export class ContactSetsRepository {
  /**
   * Rebuilds the hourly_contacts rows of the given (hour, channel) pairs, and of the hours of the
   * given contacts' first messages (their flags changed), giving new contacts and conversations
   * their keys. Every statement is a lookup by an index's leading columns (`= ANY`) and the rows
   * are put together in TypeScript (contactSetEntries): joins here were planned as scans of the
   * whole workspace while its statistics still said it was empty (a new workspace).
   */
  async recompute(tx: EntityManager, workspaceId: number, touchedPairs: HourChannel[], firsts: FirstsChanged): Promise<void> {
    const pairs = new Map(touchedPairs.map((p) => [`${p.hourS} ${p.channel}`, p]));
    if (firsts.contacts.length > 0) {
      const flagged: { hour_s: string; channel: string }[] = await tx.query(
        `SELECT DISTINCT ${HOUR_S}, channel FROM conversation_hours
          WHERE workspace_id = $1 AND contact_id = ANY($2::text[]) AND hour = ANY(${HOURS_PARAM('$3')}) AND messages_in > 0`,
        [workspaceId, firsts.contacts, firsts.hoursS],
      );
      for (const r of flagged) pairs.set(`${r.hour_s} ${r.channel}`, { hourS: Number(r.hour_s), channel: r.channel });
    }
    if (pairs.size === 0) return;
    const hoursS = [...new Set([...pairs.values()].map((p) => p.hourS))];
    const found: { hour_s: string; channel: string; contact_id: string; conversation_id: string }[] = await tx.query(
      `SELECT ${HOUR_S}, channel, contact_id, conversation_id FROM conversation_hours
        WHERE workspace_id = $1 AND hour = ANY(${HOURS_PARAM('$2')}) AND messages_in > 0`,
      [workspaceId, hoursS],
    );
    const rows = found
      .filter((r) => pairs.has(`${r.hour_s} ${r.channel}`))
      .map((r) => ({ hourS: Number(r.hour_s), channel: r.channel, contactId: r.contact_id, conversationId: r.conversation_id }));
    const contacts = [...new Set(rows.map((r) => r.contactId))];
    const contactKey = await this.keys(tx, workspaceId, 'contact_keys', 'contact_id', contacts);
    const conversationKey = await this.keys(tx, workspaceId, 'conversation_keys', 'conversation_id', [...new Set(rows.map((r) => r.conversationId))]);
    const firstRows: ContactHourRow[] = await tx.query(
      `SELECT contact_id, channel, ${FIRST_HOUR_S} FROM contact_first WHERE workspace_id = $1 AND contact_id = ANY($2::text[])`,
      [workspaceId, contacts],
    );
    const firstHourS = new Map(firstRows.map((r) => [`${r.contact_id}\u0000${r.channel}`, Number(r.hour_s)]));
    const sets = [...contactSetEntries(rows, contactKey, conversationKey, firstHourS).values()];
    const all = [...pairs.values()];
    await tx.query(
      `DELETE FROM hourly_contacts WHERE workspace_id = $1 AND hour = ANY(${HOURS_PARAM('$2')})
          AND (hour, channel) IN (SELECT to_timestamp(h), c FROM unnest($3::int8[], $4::text[]) AS p(h, c))`,
      [workspaceId, hoursS, all.map((p) => p.hourS), all.map((p) => p.channel)],
    );
    if (sets.length > 0)
      await tx.query(
        `INSERT INTO hourly_contacts (workspace_id, hour, channel, entries)
         SELECT $1, to_timestamp(h), c, e FROM unnest($2::int8[], $3::text[], $4::bytea[]) AS p(h, c, e)`,
        [workspaceId, sets.map((x) => x.hourS), sets.map((x) => x.channel), sets.map((x) => x.entries)],
      );
  }

  /** Replaces the workspace's hourly_contacts rows, keying every contact and conversation that has none (after conversation_hours and contact_first are rebuilt). */
  async rebuild(tx: EntityManager, workspaceId: number): Promise<void> {
    await tx.query(`DELETE FROM hourly_contacts WHERE workspace_id = $1`, [workspaceId]);
    for (const [table, column] of KEY_TABLES)
      await tx.query(assignKeys(table, column, `SELECT DISTINCT ${column} FROM conversation_hours WHERE workspace_id = $1 AND messages_in > 0`), [workspaceId]);
    await tx.query(BUILD_CONTACT_SETS, [workspaceId]);
  }

  /** The keys of the given ids (contact_keys or conversation_keys), numbering the new ones on from the greatest. */
  private async keys(tx: EntityManager, workspaceId: number, table: string, column: string, ids: string[]): Promise<Map<string, number>> {
    const keys = new Map<string, number>();
    if (ids.length === 0) return keys;
    const found: { id: string; key: number }[] = await tx.query(`SELECT ${column} AS id, key FROM ${table} WHERE workspace_id = $1 AND ${column} = ANY($2::text[])`, [
      workspaceId,
      ids,
    ]);
    for (const r of found) keys.set(r.id, r.key);
    const missing = ids.filter((id) => !keys.has(id));
    if (missing.length === 0) return keys;
    // Under the workspace lock: nobody else numbers this workspace's keys meanwhile.
    const added: { id: string; key: number }[] = await tx.query(
      `INSERT INTO ${table} (workspace_id, ${column}, key)
       SELECT $1, u.id, (SELECT coalesce(max(key), 0) FROM ${table} WHERE workspace_id = $1) + u.n FROM unnest($2::text[]) WITH ORDINALITY AS u(id, n)
       RETURNING ${column} AS id, key`,
      [workspaceId, missing],
    );
    for (const r of added) keys.set(r.id, r.key);
    return keys;
  }
}
