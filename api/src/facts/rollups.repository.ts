import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type ConversationHour, type ReplyWait, contactSetEntries } from './facts.calculations.js';
import { fromMicros } from './facts.repository.js';

const ADD_TO_HOURLY = `ON CONFLICT (workspace_id, hour, channel) DO UPDATE SET
  events = h.events + excluded.events, messages_in = h.messages_in + excluded.messages_in,
  messages_out = h.messages_out + excluded.messages_out`;

/** Adds `sign` × the revenue of the conversation_hours rows `from` (hour, channel, revenue) to hourly_revenue ($1: workspace). */
function addRevenue(from: string, sign: 1 | -1): string {
  return `INSERT INTO hourly_revenue AS h (workspace_id, hour, channel, currency, amount, rows)
          SELECT $1, x.hour, x.channel, r.key, ${sign} * sum(r.value::numeric), ${sign} * count(*) FROM ${from} x, jsonb_each_text(x.revenue) AS r
           GROUP BY x.hour, x.channel, r.key
          ON CONFLICT (workspace_id, hour, channel, currency) DO UPDATE SET amount = h.amount + excluded.amount, rows = h.rows + excluded.rows`;
}

/** The UTC hour an instant falls in (whatever the session's zone). */
const utcHour = (instant: string) => `date_bin('1 hour', ${instant}, TIMESTAMPTZ '2000-01-01 00:00:00+00')`;
/** A UTC hour start as seconds since the epoch. */
const HOUR_S = `extract(epoch FROM hour)::int8 AS hour_s`;
/** Seconds since the epoch (int8[] parameter) → the timestamptz[] of those UTC hours. */
const HOURS_PARAM = (p: string) => `ARRAY(SELECT to_timestamp(x) FROM unnest(${p}::int8[]) AS x)`;
const FIRST_HOUR_S = `extract(epoch FROM ${utcHour('first_at')})::int8 AS hour_s`;

/** A contact, a channel and a UTC hour (seconds, as pg answers int8: text). */
interface ContactHourRow {
  contact_id: string;
  channel: string;
  hour_s: string;
}

/** What a change of conversation_hours rows with customer messages touched. */
export interface Touched {
  contacts: string[];
  pairs: { hourS: number; channel: string }[];
}

function touched(rows: ContactHourRow[]): Touched {
  const contacts = new Set<string>();
  const pairs = new Map<string, { hourS: number; channel: string }>();
  for (const r of rows) {
    contacts.add(r.contact_id);
    pairs.set(`${r.hour_s} ${r.channel}`, { hourS: Number(r.hour_s), channel: r.channel });
  }
  return { contacts: [...contacts], pairs: [...pairs.values()] };
}

/** Inserts the ids `source` selects that have no key yet, numbered on from the workspace's greatest key. */
function assignKeys(table: string, column: string, source: string): string {
  return `INSERT INTO ${table} (workspace_id, ${column}, key)
          SELECT $1, x.id, coalesce((SELECT max(key) FROM ${table} WHERE workspace_id = $1), 0) + row_number() OVER (ORDER BY x.id)
            FROM (${source}) AS x(id)
           WHERE NOT EXISTS (SELECT 1 FROM ${table} k WHERE k.workspace_id = $1 AND k.${column} = x.id)`;
}

/**
 * A workspace's hourly_contacts rows (migration ContactSets) from conversation_hours, keys and
 * contact_first, in one join (a rebuild): per (hour, channel), the customer-message rows as 8-byte
 * entries (contact key with the first-ever flag in bit 31 and the first-in-channel flag in bit 30,
 * then conversation key), as contactSetEntries makes them on ingest.
 */
const BUILD_CONTACT_SETS = `INSERT INTO hourly_contacts (workspace_id, hour, channel, entries)
          SELECT $1, h.hour, h.channel,
                 string_agg(int4send(ck.key + CASE WHEN fc.first_at >= h.hour AND fc.first_at < h.hour + INTERVAL '1 hour' THEN 1073741824 ELSE 0 END
                                            + CASE WHEN fa.first_at >= h.hour AND fa.first_at < h.hour + INTERVAL '1 hour' THEN -2147483648 ELSE 0 END)
                            || int4send(vk.key), ''::bytea ORDER BY ck.key, vk.key)
            FROM conversation_hours h
            JOIN contact_keys ck ON ck.workspace_id = $1 AND ck.contact_id = h.contact_id
            JOIN conversation_keys vk ON vk.workspace_id = $1 AND vk.conversation_id = h.conversation_id
            JOIN contact_first fc ON fc.workspace_id = $1 AND fc.contact_id = h.contact_id AND fc.channel = h.channel
            JOIN contact_first fa ON fa.workspace_id = $1 AND fa.contact_id = h.contact_id AND fa.channel = '*'
           WHERE h.workspace_id = $1 AND h.messages_in > 0
           GROUP BY h.hour, h.channel`;

/**
 * The rollup tables (migrations Rollups, ContactSets, HourlyConversations): conversation_hours is
 * replaced per conversation (rows made from its events by conversationHours), hourly_events and
 * hourly_revenue follow it by adding the difference, contact_first is recomputed for every contact
 * a replaced row named, hourly_contacts is rebuilt where those touched it, and
 * hourly_conversations trades a conversation's old facts for its new ones. All of it runs inside
 * the transaction that recomputes the facts, under the workspace lock, so the rollups always
 * equal a rebuild.
 */
@Injectable()
export class RollupsRepository {
  /** Removes the conversations' rows and their share of hourly_events; returns what their customer messages touched. */
  async remove(tx: EntityManager, workspaceId: number, conversationIds: string[]): Promise<Touched> {
    const rows: ContactHourRow[] = await tx.query(
      `WITH old AS (
         DELETE FROM conversation_hours WHERE workspace_id = $1 AND conversation_id = ANY($2::text[])
         RETURNING hour, channel, contact_id, events, messages_in, messages_out, revenue
       ), subtracted AS (
         INSERT INTO hourly_events AS h (workspace_id, hour, channel, events, messages_in, messages_out)
         SELECT $1, hour, channel, -sum(events), -sum(messages_in), -sum(messages_out) FROM old GROUP BY hour, channel
         ${ADD_TO_HOURLY}
       ), subtracted_revenue AS (
         ${addRevenue('old', -1)}
       )
       SELECT DISTINCT contact_id, ${HOUR_S}, channel FROM old WHERE messages_in > 0`,
      [workspaceId, conversationIds],
    );
    return touched(rows);
  }

  /**
   * Adds conversation_hours rows (conversationHours of facts.calculations.ts) and their share of
   * hourly_events; returns what their customer messages touched. A rebuild passes
   * `hourly = false`: it makes hourly_events (rebuildHourly) and every contact's contact_first once
   * at the end, so it needs neither here. Each of its pages touches most hours, and updating the
   * same few thousand hourly_events rows on every page left ever longer chains of row versions to
   * walk inside the one transaction.
   */
  async add(tx: EntityManager, workspaceId: number, rows: ConversationHour[], hourly = true): Promise<Touched> {
    if (rows.length === 0) return touched([]);
    const found: ContactHourRow[] = await tx.query(
      `WITH new AS (
         INSERT INTO conversation_hours (workspace_id, conversation_id, hour, contact_id, channel, events, messages_in, messages_out, first_in_at, revenue)
         SELECT $1, r.conversation_id, to_timestamp(r.hour_s), r.contact_id, r.channel, r.events, r.messages_in, r.messages_out, ${fromMicros('r.first_in_us')}, r.revenue::jsonb
           FROM unnest($2::text[], $3::int8[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[], $9::int8[], $10::text[])
                AS r(conversation_id, hour_s, contact_id, channel, events, messages_in, messages_out, first_in_us, revenue)
         RETURNING hour, channel, contact_id, events, messages_in, messages_out, revenue
       )${
         hourly
           ? `, added AS (
         INSERT INTO hourly_events AS h (workspace_id, hour, channel, events, messages_in, messages_out)
         SELECT $1, hour, channel, sum(events), sum(messages_in), sum(messages_out) FROM new GROUP BY hour, channel
         ${ADD_TO_HOURLY}
       ), added_revenue AS (
         ${addRevenue('new', 1)}
       )`
           : ''
       }
       ${hourly ? `SELECT DISTINCT contact_id, ${HOUR_S}, channel FROM new WHERE messages_in > 0` : 'SELECT NULL::text AS contact_id WHERE false'}`,
      [
        workspaceId,
        rows.map((r) => r.conversationId),
        rows.map((r) => r.hourS),
        rows.map((r) => r.contactId),
        rows.map((r) => r.channel),
        rows.map((r) => r.events),
        rows.map((r) => r.messagesIn),
        rows.map((r) => r.messagesOut),
        rows.map((r) => r.firstInAtUs),
        rows.map((r) => (r.revenue === null ? null : JSON.stringify(r.revenue))),
      ],
    );
    return touched(found);
  }

  /** Fills the workspace's hourly_events and hourly_revenue from its conversation_hours (a rebuild's last step, after deleteAll). */
  async rebuildHourly(tx: EntityManager, workspaceId: number): Promise<void> {
    await tx.query(
      `INSERT INTO hourly_events (workspace_id, hour, channel, events, messages_in, messages_out)
       SELECT $1, hour, channel, sum(events), sum(messages_in), sum(messages_out) FROM conversation_hours
        WHERE workspace_id = $1 GROUP BY hour, channel`,
      [workspaceId],
    );
    await tx.query(
      `WITH rows AS (SELECT hour, channel, revenue FROM conversation_hours WHERE workspace_id = $1 AND revenue IS NOT NULL) ${addRevenue('rows', 1)}`,
      [workspaceId],
    );
  }

  /**
   * Recomputes contact_first of the given contacts (all of the workspace's when null). Returns
   * the contacts whose first hour changed in some channel, with their old and new first hours
   * (for given contacts only).
   */
  async refreshFirsts(tx: EntityManager, workspaceId: number, contactIds: string[] | null): Promise<{ contacts: string[]; hoursS: number[] }> {
    const changed = { contacts: [] as string[], hoursS: [] as number[] };
    if (contactIds !== null && contactIds.length === 0) return changed;
    const only = contactIds === null ? '' : 'AND contact_id = ANY($2::text[])';
    const params = contactIds === null ? [workspaceId] : [workspaceId, contactIds];
    const returning = contactIds === null ? '' : `RETURNING contact_id, channel, ${FIRST_HOUR_S}`;
    const del = `DELETE FROM contact_first WHERE workspace_id = $1 ${only}`;
    // (As a WITH query, so that the rows come back as rows, not as typeorm's [rows, count].)
    const before: ContactHourRow[] = await tx.query(contactIds === null ? del : `WITH d AS (${del} ${returning}) SELECT * FROM d`, params);
    // In primary key order: a rebuild's 1M+ inserts then go to neighbouring index pages.
    const after: ContactHourRow[] = await tx.query(
      `INSERT INTO contact_first (workspace_id, contact_id, channel, first_at)
       SELECT $1, contact_id, coalesce(channel, '*'), min(first_in_at) FROM conversation_hours
        WHERE workspace_id = $1 AND messages_in > 0 ${only}
        GROUP BY GROUPING SETS ((contact_id, channel), (contact_id))
        ORDER BY contact_id ${returning}`,
      params,
    );
    if (contactIds === null) return changed;
    const old = new Map(before.map((r) => [`${r.contact_id}\u0000${r.channel}`, Number(r.hour_s)]));
    const contacts = new Set<string>();
    const hours = new Set<number>();
    const note = (contact: string, hour: number | undefined) => {
      contacts.add(contact);
      if (hour !== undefined) hours.add(hour);
    };
    for (const r of after) {
      const key = `${r.contact_id}\u0000${r.channel}`;
      const was = old.get(key);
      old.delete(key);
      if (was !== Number(r.hour_s)) {
        note(r.contact_id, was);
        note(r.contact_id, Number(r.hour_s));
      }
    }
    for (const [key, was] of old) note(key.slice(0, key.indexOf('\u0000')), was);
    return { contacts: [...contacts], hoursS: [...hours] };
  }

  /**
   * Rebuilds the hourly_contacts rows of the given (hour, channel) pairs, and of the hours of the
   * given contacts' first messages (their flags changed), giving new contacts and conversations
   * their keys. Every statement is a lookup by an index's leading columns (`= ANY`) and the rows
   * are put together in TypeScript (contactSetEntries): joins here were planned as scans of the
   * whole workspace while its statistics still said it was empty (a new workspace).
   */
  async refreshContactSets(tx: EntityManager, workspaceId: number, touchedPairs: Touched['pairs'], firsts: { contacts: string[]; hoursS: number[] }): Promise<void> {
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

  /**
   * Adds (sign 1) or subtracts (sign −1) the conversations' facts to hourly_conversations, all of
   * the workspace's when `conversationIds` is null. A recompute subtracts the old facts before
   * the upsert and adds the new ones after it.
   */
  async countConversations(tx: EntityManager, workspaceId: number, conversationIds: string[] | null, sign: 1 | -1): Promise<void> {
    const only = conversationIds === null ? '' : 'AND conversation_id = ANY($3::text[])';
    await tx.query(
      `INSERT INTO hourly_conversations AS h (workspace_id, hour, channel, started, messages, converted, first_customer, with_response, automated, ratings, rating_sum, satisfied)
       SELECT $1, hour, channel, $2 * sum(started), $2 * sum(messages), $2 * sum(converted), $2 * sum(first_customer), $2 * sum(with_response), $2 * sum(automated),
              $2 * sum(ratings), $2 * sum(rating_sum), $2 * sum(satisfied) FROM (
         SELECT ${utcHour('started_at')} AS hour, channel,
                1 AS started, messages_in + messages_out AS messages, converted::int AS converted, 0 AS first_customer, 0 AS with_response, 0 AS automated,
                0 AS ratings, 0 AS rating_sum, 0 AS satisfied
           FROM conversation_facts WHERE workspace_id = $1 ${only}
         UNION ALL
         SELECT ${utcHour('first_customer_at')}, channel, 0, 0, 0, 1, has_response::int, (has_response AND automated)::int, 0, 0, 0
           FROM conversation_facts WHERE workspace_id = $1 AND first_customer_at IS NOT NULL ${only}
         UNION ALL
         SELECT ${utcHour('rated_at')}, channel, 0, 0, 0, 0, 0, 0, 1, rating, (rating >= 4)::int
           FROM conversation_facts WHERE workspace_id = $1 AND rated_at IS NOT NULL ${only}) x
        GROUP BY hour, channel
       ON CONFLICT (workspace_id, hour, channel) DO UPDATE SET
         started = h.started + excluded.started, messages = h.messages + excluded.messages, converted = h.converted + excluded.converted,
         first_customer = h.first_customer + excluded.first_customer, with_response = h.with_response + excluded.with_response,
         automated = h.automated + excluded.automated, ratings = h.ratings + excluded.ratings, rating_sum = h.rating_sum + excluded.rating_sum,
         satisfied = h.satisfied + excluded.satisfied`,
      conversationIds === null ? [workspaceId, sign] : [workspaceId, sign, conversationIds],
    );
  }

  /** Keys for every contact and conversation, and every hourly_contacts row (a rebuild's last step). */
  async rebuildContactSets(tx: EntityManager, workspaceId: number): Promise<void> {
    for (const [table, column] of [
      ['contact_keys', 'contact_id'],
      ['conversation_keys', 'conversation_id'],
    ] as const)
      await tx.query(assignKeys(table, column, `SELECT DISTINCT ${column} FROM conversation_hours WHERE workspace_id = $1 AND messages_in > 0`), [workspaceId]);
    await tx.query(BUILD_CONTACT_SETS, [workspaceId]);
  }

  /**
   * Replaces the conversations' reply_waits rows with `rows` (replyWaits of facts.calculations.ts).
   * `fresh`: the conversations have none yet (a rebuild), so nothing is deleted.
   */
  async replaceReplies(tx: EntityManager, workspaceId: number, conversationIds: string[], rows: ReplyWait[], fresh = false): Promise<void> {
    if (!fresh && conversationIds.length > 0)
      await tx.query(`DELETE FROM reply_waits WHERE workspace_id = $1 AND conversation_id = ANY($2::text[])`, [workspaceId, conversationIds]);
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO reply_waits (workspace_id, conversation_id, agent, n, opened_at, seconds, channel, responder)
       SELECT $1, r.conversation_id, r.agent, r.n, ${fromMicros('r.opened_us')}, r.seconds, r.channel, r.responder
         FROM unnest($2::text[], $3::bool[], $4::int[], $5::int8[], $6::float8[], $7::text[], $8::text[])
              AS r(conversation_id, agent, n, opened_us, seconds, channel, responder)`,
      [
        workspaceId,
        rows.map((r) => r.conversationId),
        rows.map((r) => r.agent),
        rows.map((r) => r.n),
        rows.map((r) => r.openedAtUs),
        rows.map((r) => r.seconds),
        rows.map((r) => r.channel),
        rows.map((r) => r.responder),
      ],
    );
  }

  async deleteAll(tx: EntityManager, workspaceId: number): Promise<void> {
    for (const table of ['conversation_hours', 'hourly_events', 'contact_first', 'reply_waits', 'hourly_contacts', 'hourly_conversations', 'hourly_revenue'])
      await tx.query(`DELETE FROM ${table} WHERE workspace_id = $1`, [workspaceId]);
  }
}
