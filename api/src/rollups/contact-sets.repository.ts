import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlContactSet } from './contact-set.codec.js';
import { FIRST_HOUR_S, type FirstsChanged } from './contact-first.repository.js';
import { type ContactHourRow, HOURS_PARAM, HOUR_S, type HourChannel } from './conversation-hours.repository.js';
import { cutRows } from './cut-rows.js';
import { type CustomerHourRow, contactSetEntries, customerHourOf } from './rollups.calculations.js';

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
 * per cut (a rebuild): per (hour, channel), its customer-message rows as entries
 * (contact-set.codec.ts); under a team or tag flagged by the rows' cut flags (contactSetEntries).
 */
const BUILD_CONTACT_SETS = `INSERT INTO hourly_contacts (workspace_id, cut, hour, cut_value, channel, entries)
          SELECT $1, '', h.hour, '', h.channel,
                 ${sqlContactSet('ck.key', 'vk.key', inHour('fa'), inHour('fc'))}
            FROM conversation_hours h
            JOIN contact_keys ck ON ck.workspace_id = $1 AND ck.contact_id = h.contact_id
            JOIN conversation_keys vk ON vk.workspace_id = $1 AND vk.conversation_id = h.conversation_id
            JOIN contact_first fc ON fc.workspace_id = $1 AND fc.contact_id = h.contact_id AND fc.channel = h.channel
            JOIN contact_first fa ON fa.workspace_id = $1 AND fa.contact_id = h.contact_id AND fa.channel = '*'
           WHERE h.workspace_id = $1 AND h.messages_in > 0
           GROUP BY h.hour, h.channel`;

/** The team and tag rows of a rebuild: the cut flags are on the conversation_hours rows. */
const BUILD_CUT_SETS = `INSERT INTO hourly_contacts (workspace_id, cut, hour, cut_value, channel, entries)
          SELECT $1, cr.cut, h.hour, cr.cut_value, h.channel,
                 ${sqlContactSet(
                   'ck.key',
                   'vk.key',
                   "CASE WHEN cr.cut = 'team' THEN h.first_in_team ELSE array_position(h.first_in_tags, nullif(cr.cut_value, '')) IS NOT NULL END",
                   "CASE WHEN cr.cut = 'team' THEN h.first_in_team_channel ELSE array_position(h.first_in_tags_channel, nullif(cr.cut_value, '')) IS NOT NULL END",
                 )}
            FROM conversation_hours h
            JOIN contact_keys ck ON ck.workspace_id = $1 AND ck.contact_id = h.contact_id
            JOIN conversation_keys vk ON vk.workspace_id = $1 AND vk.conversation_id = h.conversation_id
            ${cutRows('h')}
           WHERE h.workspace_id = $1 AND h.messages_in > 0 AND cr.cut <> ''
           GROUP BY 2, 3, 4, 5`;

/**
 * hourly_contacts with the keys its entries are written in, contact_keys and conversation_keys
 * (migration ContactSets). One maintainer: a key exists to be written into an entry, so keys are
 * handed out exactly when the entries naming them are built (never reused, never deleted).
 * Reads conversation_hours and contact_first, so it runs after both.
 */
@Injectable()
export class ContactSetsRepository {
  /**
   * Rebuilds the hourly_contacts rows (every cut) of the given (hour, channel) pairs, of the pairs
   * whose cut flags changed and of the hours of the given contacts' first messages (their flags changed), giving new contacts and conversations
   * their keys. Every statement is a lookup by an index's leading columns (`= ANY`) and the rows
   * are put together in TypeScript (contactSetEntries): joins here were planned as scans of the
   * whole workspace while its statistics still said it was empty (a new workspace).
   */
  async recompute(tx: EntityManager, workspaceId: number, touchedPairs: HourChannel[], firsts: FirstsChanged): Promise<void> {
    const pairs = new Map([...touchedPairs, ...firsts.pairs].map((p) => [`${p.hourS} ${p.channel}`, p]));
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
    const found: (CustomerHourRow & { hour_s: string })[] = await tx.query(
      `SELECT ${HOUR_S}, channel, contact_id, conversation_id, team, tags, first_in_team, first_in_tags, first_in_team_channel, first_in_tags_channel
         FROM conversation_hours
        WHERE workspace_id = $1 AND hour = ANY(${HOURS_PARAM('$2')}) AND messages_in > 0`,
      [workspaceId, hoursS],
    );
    const rows = found.filter((r) => pairs.has(`${r.hour_s} ${r.channel}`)).map((r) => customerHourOf(r, Number(r.hour_s)));
    const contacts = [...new Set(rows.map((r) => r.contactId))];
    const contactKey = await this.keys(tx, workspaceId, 'contact_keys', 'contact_id', contacts);
    const conversationKey = await this.keys(tx, workspaceId, 'conversation_keys', 'conversation_id', [...new Set(rows.map((r) => r.conversationId))]);
    const firstRows: ContactHourRow[] = await tx.query(
      `SELECT contact_id, channel, ${FIRST_HOUR_S} FROM contact_first WHERE workspace_id = $1 AND contact_id = ANY($2::text[])`,
      [workspaceId, contacts],
    );
    const firstHourS = new Map(firstRows.map((r) => [`${r.contact_id}\u0000${r.channel}`, Number(r.hour_s)]));
    const sets = contactSetEntries(rows, contactKey, conversationKey, firstHourS);
    const all = [...pairs.values()];
    await tx.query(
      // Every cut named: the primary key leads with it, so the index can then use the hours.
      `DELETE FROM hourly_contacts WHERE workspace_id = $1 AND cut IN ('', 'team', 'tag') AND hour = ANY(${HOURS_PARAM('$2')})
          AND (hour, channel) IN (SELECT to_timestamp(h), c FROM unnest($3::int8[], $4::text[]) AS p(h, c))`,
      [workspaceId, hoursS, all.map((p) => p.hourS), all.map((p) => p.channel)],
    );
    if (sets.length > 0)
      await tx.query(
        `INSERT INTO hourly_contacts (workspace_id, cut, hour, cut_value, channel, entries)
         SELECT $1, k, to_timestamp(h), v, c, e FROM unnest($2::text[], $3::int8[], $4::text[], $5::text[], $6::bytea[]) AS p(k, h, v, c, e)`,
        [workspaceId, sets.map((x) => x.cut), sets.map((x) => x.hourS), sets.map((x) => x.cutValue), sets.map((x) => x.channel), sets.map((x) => x.entries)],
      );
  }

  /** Replaces the workspace's hourly_contacts rows, keying every contact and conversation that has none (after conversation_hours and contact_first are rebuilt). */
  async rebuild(tx: EntityManager, workspaceId: number): Promise<void> {
    await this.assignKeys(tx, workspaceId);
    await this.buildSets(tx, workspaceId);
  }

  /**
   * rebuild's first half (after conversation_hours and contact_first are rebuilt): keys for
   * every contact and conversation with customer messages that has none.
   */
  async assignKeys(tx: EntityManager, workspaceId: number): Promise<void> {
    for (const [table, column] of KEY_TABLES)
      await tx.query(assignKeys(table, column, `SELECT DISTINCT ${column} FROM conversation_hours WHERE workspace_id = $1 AND messages_in > 0`), [workspaceId]);
  }

  /** rebuild's second half: replaces the workspace's hourly_contacts rows (after assignKeys). */
  async buildSets(tx: EntityManager, workspaceId: number): Promise<void> {
    await tx.query(`DELETE FROM hourly_contacts WHERE workspace_id = $1`, [workspaceId]);
    await tx.query(BUILD_CONTACT_SETS, [workspaceId]);
    await tx.query(BUILD_CUT_SETS, [workspaceId]);
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
