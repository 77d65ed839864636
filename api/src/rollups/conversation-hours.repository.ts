import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Staging } from '../database/staging.js';
import { fromMicros } from '../facts/facts.repository.js';
import { hourlyEventsDelta } from './hourly-events.repository.js';
import { hourlyRevenueDelta } from './hourly-revenue.repository.js';
import type { ConversationHour } from './rollups.calculations.js';

/** The UTC hour an instant falls in (whatever the session's zone). */
export const utcHour = (instant: string) => `date_bin('1 hour', ${instant}, TIMESTAMPTZ '2000-01-01 00:00:00+00')`;
/** A UTC hour start as seconds since the epoch. */
export const HOUR_S = `extract(epoch FROM hour)::int8 AS hour_s`;
/** Seconds since the epoch (int8[] parameter) → the timestamptz[] of those UTC hours. */
export const HOURS_PARAM = (p: string) => `ARRAY(SELECT to_timestamp(x) FROM unnest(${p}::int8[]) AS x)`;

/** A contact, a channel and a UTC hour (seconds, as pg answers int8: text). */
export interface ContactHourRow {
  contact_id: string;
  channel: string;
  hour_s: string;
}

/** An (hour, channel) pair of the rollups keyed by both. */
export interface HourChannel {
  hourS: number;
  channel: string;
}

/** What a change of conversation_hours rows with customer messages touched: for contact_first and hourly_contacts. */
export interface Touched {
  contacts: string[];
  pairs: HourChannel[];
}

function touched(rows: ContactHourRow[]): Touched {
  const contacts = new Set<string>();
  const pairs = new Map<string, HourChannel>();
  for (const r of rows) {
    contacts.add(r.contact_id);
    pairs.set(`${r.hour_s} ${r.channel}`, { hourS: Number(r.hour_s), channel: r.channel });
  }
  return { contacts: [...contacts], pairs: [...pairs.values()] };
}

const insert = (table: string) => `INSERT INTO ${table} (workspace_id, conversation_id, hour, contact_id, channel, events, messages_in, messages_out, first_in_at, revenue, team, tags)
         SELECT $1, r.conversation_id, to_timestamp(r.hour_s), r.contact_id, r.channel, r.events, r.messages_in, r.messages_out, ${fromMicros('r.first_in_us')}, r.revenue::jsonb,
                r.team, ARRAY(SELECT json_array_elements_text(r.tags))
           FROM unnest($2::text[], $3::int8[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[], $9::int8[], $10::text[], $11::text[], $12::json[])
                AS r(conversation_id, hour_s, contact_id, channel, events, messages_in, messages_out, first_in_us, revenue, team, tags)`;

/** The parameters of insert(…). */
function insertParams(workspaceId: number, rows: ConversationHour[]): unknown[] {
  return [
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
    rows.map((r) => r.team),
    // A text[][] cannot be ragged: each row's tags travel as one JSON array.
    rows.map((r) => JSON.stringify(r.tags)),
  ];
}

/**
 * conversation_hours (migration Rollups): per conversation, UTC hour and contact, rows made in
 * Node from the conversation's events (conversationHours). On ingest a conversation's rows are
 * replaced, and its sums in hourly_events and hourly_revenue follow by difference in the same
 * two statements (data-modifying CTEs: nothing is read back). A rebuild stages page by page and
 * leaves the sums to HourlyEventsRepository and HourlyRevenueRepository.rebuild.
 */
@Injectable()
export class ConversationHoursRepository {
  /**
   * Replaces the conversations' rows with `rows` (their new conversationHours), moving their share
   * of hourly_events and hourly_revenue; returns what their customer messages touched, before and after.
   */
  async recompute(tx: EntityManager, workspaceId: number, conversationIds: string[], rows: ConversationHour[]): Promise<Touched> {
    const before: ContactHourRow[] = await tx.query(
      `WITH old AS (
         DELETE FROM conversation_hours WHERE workspace_id = $1 AND conversation_id = ANY($2::text[])
         RETURNING hour, channel, team, tags, contact_id, events, messages_in, messages_out, revenue
       ), subtracted AS (
         ${hourlyEventsDelta('old', -1)}
       ), subtracted_revenue AS (
         ${hourlyRevenueDelta('old', -1)}
       )
       SELECT DISTINCT contact_id, ${HOUR_S}, channel FROM old WHERE messages_in > 0`,
      [workspaceId, conversationIds],
    );
    const after: ContactHourRow[] =
      rows.length === 0
        ? []
        : await tx.query(
            `WITH new AS (
               ${insert('conversation_hours')}
               RETURNING hour, channel, team, tags, contact_id, events, messages_in, messages_out, revenue
             ), added AS (
               ${hourlyEventsDelta('new', 1)}
             ), added_revenue AS (
               ${hourlyRevenueDelta('new', 1)}
             )
             SELECT DISTINCT contact_id, ${HOUR_S}, channel FROM new WHERE messages_in > 0`,
            insertParams(workspaceId, rows),
          );
    const b = touched(before);
    const a = touched(after);
    return { contacts: [...new Set([...b.contacts, ...a.contacts])], pairs: [...b.pairs, ...a.pairs] };
  }

  /** Deletes the workspace's rows: a rebuild's first step, before every page goes to `stage`. */
  async clear(tx: EntityManager, workspaceId: number): Promise<void> {
    await tx.query(`DELETE FROM conversation_hours WHERE workspace_id = $1`, [workspaceId]);
  }

  /** Where a rebuild writes the rows before they go into conversation_hours in order of time. */
  readonly staging = new Staging('conversation_hours', 'hour, conversation_id, contact_id');

  /** Adds a rebuild page's rows to its stage (`staging.create` first); the hourly sums are made once at the end. */
  async stage(tx: EntityManager, workspaceId: number, rows: ConversationHour[]): Promise<void> {
    if (rows.length > 0) await tx.query(insert(this.staging.name), insertParams(workspaceId, rows));
  }
}
