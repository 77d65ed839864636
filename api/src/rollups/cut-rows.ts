/**
 * The cuts of the hourly rollups (migration CutRollups). hourly_events, hourly_revenue,
 * hourly_conversations and hourly_contacts hold each (hour, channel) sum three ways, told apart
 * by `cut`:
 *
 *   cut ''      cut_value ''     the totals (every conversation once): what plain reports read;
 *   cut 'team'  cut_value team   per team, '' for no team (a conversation in exactly one row);
 *   cut 'tag'   cut_value tag    per tag, '' for no tags (a conversation under each of its tags).
 *
 * So a team filter or groupBy=team reads its few rows as a channel filter does, instead of a
 * team's every conversation_hours row or fact (table-decider.ts decides which rows answer).
 * Teams and tags are facts a reassignment or a late tag moves: the rows are kept by difference
 * from the conversation's rows before and after, like the totals. Team and tag values are never
 * empty (events.md), so '' cannot be confused with a name.
 *
 * hourly_conversations alone also holds the groups of groupBy=agent (migration ResponderBins):
 *
 *   cut 'responder'        cut_value first responder        ('' for none; responder=any)
 *   cut 'agent_responder'  cut_value agent first responder  ('' for none; responder=agent)
 *
 * (sender ids are never empty either).
 */
export type Cut = '' | 'team' | 'tag' | 'responder' | 'agent_responder';

/**
 * SQL: a lateral join giving each row of `a` (its alias, with team and tags columns, and with
 * `responders` first_responder and agent_first_responder) once per cut it counts in, as
 * `cr.cut` and `cr.cut_value`.
 */
export const cutRows = (a: string, responders = false) => `CROSS JOIN LATERAL (
    SELECT ''::text AS cut, ''::text AS cut_value
    UNION ALL SELECT 'team', coalesce(${a}.team, '')
    UNION ALL SELECT 'tag', t FROM unnest(CASE WHEN cardinality(${a}.tags) = 0 THEN ARRAY['']::text[] ELSE ${a}.tags END) AS t${
      responders
        ? `
    UNION ALL SELECT 'responder', coalesce(${a}.first_responder, '')
    UNION ALL SELECT 'agent_responder', coalesce(${a}.agent_first_responder, '')`
        : ''
    }) AS cr`;
