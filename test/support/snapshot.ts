/**
 * A workspace's derived state (facts and every rollup) in exact text form, to compare the state
 * kept by ingest with what `facts rebuild` derives (facts e2e, drills).
 */
import type { Client } from 'pg';
import {
  sqlContactKey,
  sqlContactWord,
  sqlConversationKey,
  sqlEntryCount,
  sqlFirstEver,
  sqlFirstInChannel,
} from '../../api/src/rollups/contact-set.codec';

export interface DerivedState {
  facts: Record<string, unknown>[];
  rollups: Record<string, unknown[]>;
}

export async function derivedState(client: Client, workspace: string): Promise<DerivedState> {
  return { facts: await factRows(client, workspace), rollups: await rollupRows(client, workspace) };
}

export async function factRows(client: Client, workspace: string): Promise<Record<string, unknown>[]> {
  // Every fact column, in text form (exact), without the bookkeeping ones.
  const { rows } = await client.query(
    `SELECT to_jsonb(f) - 'workspace_id' - 'updated_at' AS row
       FROM conversation_facts f JOIN workspaces w USING (workspace_id)
      WHERE w.name = $1 ORDER BY f.conversation_id`,
    [workspace],
  );
  return rows.map((r) => r.row);
}

/** The rollup tables (and message_status, campaign_touches, fact_durations) of a workspace, in text form; hourly_events and hourly_conversations rows that netted to zero left out. */
export async function rollupRows(client: Client, workspace: string): Promise<Record<string, unknown[]>> {
  const rows = async (sql: string) => (await client.query(sql, [workspace])).rows.map((r) => r.row);
  const of = (table: string, order: string, extra = '') =>
    rows(`SELECT to_jsonb(t) - 'workspace_id' AS row FROM ${table} t JOIN workspaces w USING (workspace_id)
           WHERE w.name = $1 ${extra} ORDER BY ${order}`);
  return {
    conversationHours: await of('conversation_hours', 'conversation_id, hour, contact_id'),
    hourlyEvents: await of('hourly_events', 'cut, hour, cut_value, channel', 'AND t.events <> 0'),
    contactFirst: await of('contact_first', 'contact_id, channel'),
    replyWaits: await of('reply_waits', 'conversation_id, agent, n'),
    contactSets: await contactSets(client, workspace),
    hourlyConversations: await of('hourly_conversations', 'cut, hour, cut_value, channel', 'AND (t.started <> 0 OR t.first_customer <> 0 OR t.ratings <> 0 OR t.assigned <> 0)'),
    hourlyRevenue: await of('hourly_revenue', 'cut, hour, cut_value, channel, currency', 'AND t.rows <> 0'),
    messageStatus: await of('message_status', 'message_id'),
    campaignTouches: await of('campaign_touches', 'occurred_at, event_id'),
    factDurations: await of('fact_durations', 'conversation_id, measure'),
    // As reads see them: duration_bins plus the deltas ingest appended and no read folded yet.
    durationBins: await rows(`
      SELECT jsonb_build_object('measure', measure, 'channel', channel, 'responder', responder, 'day', day, 'at', at, 'sum_us', sum(us),
                                'counts', jsonb_agg(jsonb_build_array(b, n) ORDER BY b) FILTER (WHERE n <> 0)) AS row FROM (
        SELECT measure, channel, responder, day, at, b, sum(n) AS n, sum(us) AS us FROM (
          SELECT t.measure, t.channel, t.responder, t.day, t.at, u.b, u.n, CASE WHEN u.k = 1 THEN t.sum_us ELSE 0 END AS us
            FROM duration_bins t JOIN workspaces w USING (workspace_id)
           CROSS JOIN LATERAL (SELECT * FROM unnest(t.bins, t.ns) WITH ORDINALITY AS u(b, n, k) UNION ALL SELECT -1, 0, 1 WHERE cardinality(t.bins) = 0) u
           WHERE w.name = $1
          UNION ALL
          SELECT x.measure, c.ch, x.responder, d.day, d.t, x.bin, x.n, x.us FROM duration_deltas x JOIN workspaces w USING (workspace_id)
           CROSS JOIN LATERAL (VALUES (x.channel), ('*')) AS c(ch)
           CROSS JOIN LATERAL (VALUES (false, x.hour), (true, date_bin('1 day', x.hour, TIMESTAMPTZ 'epoch'))) AS d(day, t)
           WHERE w.name = $1) y
         GROUP BY 1, 2, 3, 4, 5, 6) z
       GROUP BY measure, channel, responder, day, at HAVING bool_or(n <> 0) ORDER BY measure, channel, responder, day, at`),
  };
}

/** hourly_contacts entries decoded to ids (keys differ between workspaces), in a fixed order; `cut` (rollups/cut-rows.ts) only the rows of that cut. */
export async function contactSets(client: Client, workspace: string, cut?: '' | 'team' | 'tag'): Promise<unknown[]> {
  const { rows } = await client.query(
    `SELECT to_jsonb(x) AS row FROM (
       SELECT ${cut === undefined ? 't.cut, t.cut_value, ' : ''}t.hour, t.channel, ck.contact_id, vk.conversation_id, ${sqlFirstEver('d.word')} AS first_ever, ${sqlFirstInChannel('d.word')} AS first_in_channel
         FROM hourly_contacts t JOIN workspaces ws USING (workspace_id)
        CROSS JOIN LATERAL generate_series(0, ${sqlEntryCount('t.entries')} - 1) AS i
        CROSS JOIN LATERAL (SELECT ${sqlContactWord('t.entries', 'i')} AS word, ${sqlConversationKey('t.entries', 'i')} AS conversation) d
         JOIN contact_keys ck ON ck.workspace_id = t.workspace_id AND ck.key = ${sqlContactKey('d.word')}
         JOIN conversation_keys vk ON vk.workspace_id = t.workspace_id AND vk.key = d.conversation
        WHERE ws.name = $1 AND ($2::text IS NULL OR t.cut = $2)) x
      ORDER BY ${cut === undefined ? 'x.cut, x.hour, x.cut_value' : 'x.hour'}, x.channel, x.contact_id, x.conversation_id`,
    [workspace, cut ?? null],
  );
  return rows.map((r) => r.row);
}
