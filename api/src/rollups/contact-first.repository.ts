import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { tagRows } from '../metrics/scope.repository.js';
import { type ContactHourRow, type HourChannel, utcHour } from './conversation-hours.repository.js';

/** The UTC hour of contact_first.first_at, as seconds since the epoch. */
export const FIRST_HOUR_S = `extract(epoch FROM ${utcHour('first_at')})::int8 AS hour_s`;

/**
 * The contacts whose first hour changed in some channel, with their old and new first hours
 * (seconds), and the (hour, channel) pairs of rows whose cut flags changed.
 */
export interface FirstsChanged {
  contacts: string[];
  hoursS: number[];
  pairs: HourChannel[];
}

/** Inserts contact_first from conversation_hours ($1: workspace; `only`: a further condition). */
const insertFirsts = (only: string, returning: string) =>
  // In primary key order: a rebuild's 1M+ inserts then go to neighbouring index pages.
  `INSERT INTO contact_first (workspace_id, contact_id, channel, first_at)
   SELECT $1, contact_id, coalesce(channel, '*'), min(first_in_at) FROM conversation_hours
    WHERE workspace_id = $1 AND messages_in > 0 ${only}
    GROUP BY GROUPING SETS ((contact_id, channel), (contact_id))
    ORDER BY contact_id ${returning}`;

/**
 * Sets conversation_hours' cut flags (migration CutFirsts) of the rows with customer messages of
 * workspace $1 (`only`: a further condition on them): `first_in_team` on the rows holding a
 * contact's first customer message among its conversations of the same team (no team being one
 * too), `first_in_tags` the tags (NULL: none) for which a row holds the first among its
 * conversations carrying that tag, and `first_in_team_channel` / `first_in_tags_channel` the same
 * among those of the row's channel (migration CutChannelFirsts: new contacts per channel within a
 * team or tag, as the channels report asks). A team or tag cut so counts new contacts without looking back
 * through each contact's history (metrics.md: "first message ever" is within the kept
 * conversations); hourly_contacts' team and tag rows carry them too. Writes only rows whose flags
 * change; `returning`: answers their (hour_s, channel) pairs, whose hourly_contacts rows are then stale.
 */
export const setCutFirsts = (only: string, returning = false) => `
  WITH r AS (
    SELECT conversation_id, hour, contact_id, first_in_at, team, channel, gt.tag,
           first_in_at = min(first_in_at) OVER (PARTITION BY contact_id, team) AS first_team,
           first_in_at = min(first_in_at) OVER (PARTITION BY contact_id, team, channel) AS first_team_channel
      FROM conversation_hours ${tagRows()}
     WHERE workspace_id = $1 AND messages_in > 0 ${only}
  ), flags AS (
    SELECT conversation_id, hour, contact_id, bool_or(first_team) AS first_in_team, bool_or(first_team_channel) AS first_in_team_channel,
           coalesce(array_agg(tag ORDER BY tag) FILTER (WHERE first_tag), '{}') AS first_in_tags,
           coalesce(array_agg(tag ORDER BY tag) FILTER (WHERE first_tag_channel), '{}') AS first_in_tags_channel
      FROM (SELECT *, first_in_at = min(first_in_at) OVER (PARTITION BY contact_id, tag) AS first_tag,
                   first_in_at = min(first_in_at) OVER (PARTITION BY contact_id, tag, channel) AS first_tag_channel FROM r) x
     GROUP BY 1, 2, 3
  )
  -- One join of the flags with the table (a second would be planned as a nested loop of both).
  ${returning ? ', changed AS (' : ''}
  UPDATE conversation_hours h SET first_in_team = f.first_in_team, first_in_tags = f.first_in_tags,
         first_in_team_channel = f.first_in_team_channel, first_in_tags_channel = f.first_in_tags_channel
    FROM flags f
   WHERE h.workspace_id = $1 AND h.conversation_id = f.conversation_id AND h.hour = f.hour AND h.contact_id = f.contact_id
     AND (h.first_in_team IS DISTINCT FROM f.first_in_team OR h.first_in_tags IS DISTINCT FROM f.first_in_tags
          OR h.first_in_team_channel IS DISTINCT FROM f.first_in_team_channel OR h.first_in_tags_channel IS DISTINCT FROM f.first_in_tags_channel)
  ${returning ? `RETURNING extract(epoch FROM h.hour)::int8 AS hour_s, h.channel) SELECT DISTINCT hour_s, channel FROM changed` : ''}`;

/**
 * contact_first (migration Rollups): each contact's first customer message per channel and over
 * all (`*`), from conversation_hours, and conversation_hours' cut flags (setCutFirsts). Recomputed
 * for every contact a changed conversation_hours row named.
 */
@Injectable()
export class ContactFirstRepository {
  /** Recomputes the contacts' rows; returns those whose first hour changed in some channel (for hourly_contacts' flags). */
  async recompute(tx: EntityManager, workspaceId: number, contactIds: string[]): Promise<FirstsChanged> {
    if (contactIds.length === 0) return { contacts: [], hoursS: [], pairs: [] };
    const only = 'AND contact_id = ANY($2::text[])';
    const returning = `RETURNING contact_id, channel, ${FIRST_HOUR_S}`;
    // (As a WITH query, so that the rows come back as rows, not as typeorm's [rows, count].)
    const before: ContactHourRow[] = await tx.query(`WITH d AS (DELETE FROM contact_first WHERE workspace_id = $1 ${only} ${returning}) SELECT * FROM d`, [
      workspaceId,
      contactIds,
    ]);
    const after: ContactHourRow[] = await tx.query(insertFirsts(only, returning), [workspaceId, contactIds]);
    const flagged: { hour_s: string; channel: string }[] = await tx.query(setCutFirsts(only, true), [workspaceId, contactIds]);
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
    return { contacts: [...contacts], hoursS: [...hours], pairs: flagged.map((r) => ({ hourS: Number(r.hour_s), channel: r.channel })) };
  }

  /** Replaces the workspace's rows from its conversation_hours. */
  async rebuild(tx: EntityManager, workspaceId: number): Promise<void> {
    await tx.query(`DELETE FROM contact_first WHERE workspace_id = $1`, [workspaceId]);
    await tx.query(insertFirsts('', ''), [workspaceId]);
    await tx.query(setCutFirsts(''), [workspaceId]);
  }
}
