import { type Asked, type Tables, decidePartialHour, decideTables } from './table-decider.js';

const ms = (iso: string) => Date.parse(iso);

const ROLLUPS: Tables = {
  conversations: 'hourly_conversations',
  revenue: 'hourly_revenue',
  messages: 'hourly_events',
  contacts: 'hourly_contacts',
  first: 'ever',
  cut: { cut: '', values: null },
  percentiles: 'duration_bins',
};
const RAW: Tables = { conversations: 'conversation_facts', revenue: 'events', messages: 'events', contacts: 'events', first: 'ever', cut: { cut: '', values: null }, percentiles: 'sort' };
const SORTED = { percentiles: 'sort' } as const;

// 2026-10-20 … 2026-10-23 in Europe/Berlin (UTC+2): local midnights are 22:00 UTC.
const berlinDays: Asked = {
  fromMs: ms('2026-10-19T22:00:00Z'),
  toMs: ms('2026-10-22T22:00:00Z'),
  bounds: [ms('2026-10-19T22:00:00Z'), ms('2026-10-20T22:00:00Z'), ms('2026-10-21T22:00:00Z')],
  channels: null,
  teams: null,
  tags: null,
  group: 'none',
  responder: 'any',
  hours: 'calendar',
};

describe('decideTables', () => {
  it('reads every family from the rollups when the period and buckets are on whole UTC hours', () => {
    expect(decideTables(berlinDays)).toEqual(ROLLUPS);
    expect(decideTables({ ...berlinDays, group: 'channel' })).toEqual({ ...ROLLUPS, first: 'channel' });
  });

  it('sorts durations in business hours: duration_bins counts calendar durations only', () => {
    expect(decideTables({ ...berlinDays, hours: 'business' })).toEqual({ ...ROLLUPS, ...SORTED });
  });

  it('reads every family from the raw tables when from or to is not on a whole hour', () => {
    expect(decideTables({ ...berlinDays, fromMs: ms('2026-10-20T10:15:00Z') })).toEqual(RAW);
    expect(decideTables({ ...berlinDays, toMs: ms('2026-10-22T22:00:00.001Z') })).toEqual(RAW);
  });

  it('reads the raw tables when a bucket inside the period starts off the hour (Asia/Kolkata days, UTC+5:30)', () => {
    const kolkata: Asked = {
      fromMs: ms('2026-10-20T00:00:00Z'),
      toMs: ms('2026-10-22T00:00:00Z'),
      bounds: [ms('2026-10-19T18:30:00Z'), ms('2026-10-20T18:30:00Z'), ms('2026-10-21T18:30:00Z')],
      channels: null,
      teams: null,
      tags: null,
      group: 'none',
      responder: 'any',
      hours: 'calendar',
    };
    expect(decideTables(kolkata)).toEqual(RAW);
    // The totals of the same request (one bucket [from, to)) are on whole hours: decided per scope.
    expect(decideTables({ ...kolkata, bounds: [kolkata.fromMs] })).toEqual(ROLLUPS);
  });

  it('ignores a first bucket start before from, which the period cuts', () => {
    const cut: Asked = { fromMs: ms('2026-10-20T00:00:00Z'), toMs: ms('2026-10-20T12:00:00Z'), bounds: [ms('2026-10-19T18:30:00Z')], channels: null, teams: null, tags: null, group: 'none', responder: 'any', hours: 'calendar' };
    expect(decideTables(cut)).toEqual(ROLLUPS);
  });

  it("grouped by first responder: hourly_conversations' and duration_bins' rows of the responder's first responders; the other families read the raw tables", () => {
    const byResponder = (cut: 'responder' | 'agent_responder'): Tables => ({
      conversations: 'hourly_conversations',
      revenue: 'events',
      messages: 'events',
      contacts: 'events',
      first: null,
      cut: { cut, values: null },
      percentiles: 'duration_bins',
    });
    expect(decideTables({ ...berlinDays, group: 'agent' })).toEqual(byResponder('responder'));
    expect(decideTables({ ...berlinDays, group: 'agent', responder: 'agent' })).toEqual(byResponder('agent_responder'));
    expect(decideTables({ ...berlinDays, group: 'agent', channels: ['sms', 'email'] })).toEqual(byResponder('responder'));
    // The first responder rows hold no team or tag: a team or tag filter reads the facts and sorts.
    expect(decideTables({ ...berlinDays, group: 'agent', teams: ['Sales'] })).toMatchObject({ conversations: 'conversation_facts', cut: null, percentiles: 'sort' });
    expect(decideTables({ ...berlinDays, group: 'agent', tags: ['vip'] })).toMatchObject({ conversations: 'conversation_facts', cut: null, percentiles: 'sort' });
    // Business hours and partial hours sort, as ungrouped.
    expect(decideTables({ ...berlinDays, group: 'agent', hours: 'business' })).toMatchObject({ conversations: 'hourly_conversations', percentiles: 'sort' });
    expect(decideTables({ ...berlinDays, group: 'agent', toMs: berlinDays.toMs + 60_000 })).toMatchObject({ conversations: 'conversation_facts', percentiles: 'sort' });
  });

  it("reads a team's or a tag's rollup rows for the cuts they give ('' for none)", () => {
    // One team or tag: its rows, and the "ever" flag is the first within it.
    // (duration_bins has no rows per team or tag: reply times sort.)
    expect(decideTables({ ...berlinDays, teams: ['Sales'] })).toEqual({ ...ROLLUPS, ...SORTED, cut: { cut: 'team', values: ['Sales'] } });
    expect(decideTables({ ...berlinDays, tags: ['none'] })).toEqual({ ...ROLLUPS, ...SORTED, cut: { cut: 'tag', values: [''] } });
    // Grouped: every team's or tag's rows; new contacts are not asked grouped, and no flag gives them.
    const grouped = { ...ROLLUPS, ...SORTED, contacts: 'conversation_hours', first: null } as const;
    expect(decideTables({ ...berlinDays, group: 'team' })).toEqual({ ...grouped, cut: { cut: 'team', values: null } });
    expect(decideTables({ ...berlinDays, group: 'tag' })).toEqual({ ...grouped, cut: { cut: 'tag', values: null } });
    expect(decideTables({ ...berlinDays, group: 'team', teams: ['Sales', 'none'] })).toEqual({ ...grouped, cut: { cut: 'team', values: ['Sales', ''] } });
    // Several teams add up (one team per conversation), but no flag marks "first in Sales or Billing".
    expect(decideTables({ ...berlinDays, teams: ['Sales', 'Billing'] })).toEqual({ ...grouped, cut: { cut: 'team', values: ['Sales', 'Billing'] } });
    // One team and a channel, or grouped by channel: the channel bit marks "first in Sales on sms".
    expect(decideTables({ ...berlinDays, teams: ['Sales'], channels: ['sms'] })).toEqual({ ...ROLLUPS, ...SORTED, first: 'channel', cut: { cut: 'team', values: ['Sales'] } });
    expect(decideTables({ ...berlinDays, tags: ['vip'], group: 'channel', channels: ['sms', 'web'] })).toEqual({ ...ROLLUPS, ...SORTED, first: 'channel', cut: { cut: 'tag', values: ['vip'] } });
    // One team and two channels, not grouped: no bit marks "first in Sales on sms or web".
    expect(decideTables({ ...berlinDays, teams: ['Sales'], channels: ['sms', 'web'] })).toEqual({ ...grouped, cut: { cut: 'team', values: ['Sales'] } });
  });

  it('a cut the rollups do not give reads messages and contacts from conversation_hours, the rest from the facts and events', () => {
    const CUT: Tables = { ...RAW, messages: 'conversation_hours', contacts: 'conversation_hours', cut: null };
    // Two tags: a conversation with both would count twice in the tag rows.
    expect(decideTables({ ...berlinDays, tags: ['vip', 'refund'] })).toEqual({ ...CUT, first: 'ever' });
    // A team and a tag: the rows hold one or the other.
    expect(decideTables({ ...berlinDays, teams: ['Sales'], tags: ['vip'] })).toEqual({ ...CUT, first: 'ever' });
    // groupBy=tag with a tag filter: a kept conversation also counts under its other tags.
    expect(decideTables({ ...berlinDays, tags: ['vip'], group: 'tag' })).toEqual({ ...CUT, first: 'ever' });
    expect(decideTables({ ...berlinDays, tags: ['vip'], group: 'team' })).toEqual({ ...CUT, first: 'ever' });
    // Off whole hours, the raw events (the cut decided all the same).
    expect(decideTables({ ...berlinDays, teams: ['Sales'], fromMs: ms('2026-10-20T10:15:00Z') })).toEqual({ ...RAW, cut: { cut: 'team', values: ['Sales'] } });
  });

  it("chooses the hourly_contacts flag for a contact's first message in the scope's channels", () => {
    const first = (channels: string[] | null, group: Asked['group']) => decideTables({ ...berlinDays, channels, group }).first;
    expect(first(null, 'none')).toBe('ever');
    // Grouped by first responder, contacts are not read from the rollups (no report asks for them).
    expect(first(null, 'agent')).toBeNull();
    expect(first(null, 'channel')).toBe('channel');
    expect(first(['sms'], 'none')).toBe('channel');
    expect(first(['sms', 'whatsapp'], 'channel')).toBe('channel');
    // Several channels, not grouped: no flag says "first in sms or whatsapp", so contact_first answers.
    expect(first(['sms', 'whatsapp'], 'none')).toBeNull();
    expect(first(['sms', 'whatsapp'], 'agent')).toBeNull();
  });
});

describe('decidePartialHour: a running period\'s whole hours from the rollups, its last hour apart', () => {
  const running: Asked = { ...berlinDays, toMs: ms('2026-10-22T13:45:10.250Z') };
  it('splits where the whole hours are the rollups\' in every family, with a first flag', () => {
    expect(decidePartialHour(running)).toEqual({ hourMs: ms('2026-10-22T13:00:00Z'), whole: ROLLUPS });
    expect(decidePartialHour({ ...running, group: 'channel' })).toEqual({ hourMs: ms('2026-10-22T13:00:00Z'), whole: { ...ROLLUPS, first: 'channel' } });
    // One team: its rows, and its "first in team" flag.
    expect(decidePartialHour({ ...running, teams: ['support'] })?.whole.cut).toEqual({ cut: 'team', values: ['support'] });
  });
  it('does not split what the rollups would not answer in full', () => {
    // Already whole hours: decideTables alone.
    expect(decidePartialHour(berlinDays)).toBeNull();
    // Several channels: their firsts are not a flag.
    expect(decidePartialHour({ ...running, channels: ['sms', 'email'] })).toBeNull();
    // By agent: the per-channel conversation rollups cannot split by first responder.
    expect(decidePartialHour({ ...running, group: 'agent' })).toBeNull();
    // A team with a tag: not in the rollups.
    expect(decidePartialHour({ ...running, teams: ['support'], tags: ['vip'] })).toBeNull();
    // A +05:30 midnight.
    expect(decidePartialHour({ ...running, fromMs: ms('2026-10-19T18:30:00Z'), bounds: [ms('2026-10-19T18:30:00Z')] })).toBeNull();
  });
});
