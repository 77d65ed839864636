import { type ContactSet, cohortCounts, contactCounts, widthBucket } from './contacts.calculations.js';
import { FIRST_EVER, FIRST_IN_CHANNEL, encodeContactSet } from '../rollups/contact-set.codec.js';

/** A row's entries as hourly_contacts stores them; flags: FIRST_EVER and/or FIRST_IN_CHANNEL. */
function entries(...list: [contact: number, conversation: number, flags?: number][]): Uint8Array {
  return encodeContactSet(
    list.map(([contactKey, conversationKey, f = 0]) => ({ contactKey, conversationKey, firstEver: (f & FIRST_EVER) !== 0, firstInChannel: (f & FIRST_IN_CHANNEL) !== 0 })),
  );
}
const set = (b: number, channel: string, ...list: [number, number, number?][]): ContactSet => ({ b, g: channel, entries: entries(...list) });
/** The same sets, not grouped (g null): as a read without groupBy gives them. */
const ungrouped = (sets: ContactSet[]) => sets.map((s) => ({ ...s, g: null }));
const E = FIRST_EVER;
const C = FIRST_IN_CHANNEL;

describe('contactCounts', () => {
  // Two day buckets (b 1, 2) of hourly rows, in hour order.
  // Contact 1: first message ever at hour 1 (whatsapp, conversation 10), writes again in
  //   conversation 11 on day 1 (sms: its first there), and on day 2 in conversation 10.
  // Contact 2: a returning contact (no first flag), conversation 20 twice on day 1 (two hours).
  // Contact 3: new on day 2 in sms (ever and channel).
  const sets = [
    set(1, 'whatsapp', [1, 10, E | C], [2, 20]),
    set(1, 'sms', [1, 11, C]),
    set(1, 'whatsapp', [2, 20]),
    set(2, 'sms', [3, 30, E | C]),
    set(2, 'whatsapp', [1, 10]),
  ];

  it('counts distinct active contacts, new by the first-ever flag, repeat by a second conversation', () => {
    expect(contactCounts(ungrouped(sets), 'ever')).toEqual([
      // Day 1: contacts 1 and 2 active; 1 is new; 1 wrote in conversations 10 and 11 (repeat),
      // 2 only in 20 (in two hours: still one conversation).
      { b: 1, g: null, active: 2, new: 1, repeat: 1 },
      // Day 2: contacts 3 and 1; 3 is new; nobody in two conversations.
      { b: 2, g: null, active: 2, new: 1, repeat: 0 },
    ]);
  });

  it('per channel: each channel counts its own contacts and its own firsts', () => {
    expect(contactCounts(sets, 'channel')).toEqual([
      { b: 1, g: 'whatsapp', active: 2, new: 1, repeat: 0 },
      { b: 2, g: 'whatsapp', active: 1, new: 0, repeat: 0 },
      // Contact 1's first sms message is on day 1, so it is new in sms then (though not new ever).
      { b: 1, g: 'sms', active: 1, new: 1, repeat: 0 },
      { b: 2, g: 'sms', active: 1, new: 1, repeat: 0 },
    ]);
  });

  it('counts nobody new without a flag, and a contact in three conversations as one repeat', () => {
    const three = [set(1, 'web', [5, 1, E], [5, 2], [5, 3])];
    expect(contactCounts(ungrouped(three), null)).toEqual([{ b: 1, g: null, active: 1, new: 0, repeat: 1 }]);
  });

  it('counts a contact new once when its first hour has entries in two channels', () => {
    // First-ever flags are per hour, so both channels' entries of that hour carry them.
    const both = [set(1, 'sms', [7, 1, E | C]), set(1, 'web', [7, 2, E | C])];
    expect(contactCounts(ungrouped(both), 'ever')).toEqual([{ b: 1, g: null, active: 1, new: 1, repeat: 1 }]);
  });

  it('gives nothing for no rows or empty rows', () => {
    expect(contactCounts(ungrouped([]), 'ever')).toEqual([]);
    expect(contactCounts([set(1, 'sms')], 'ever')).toEqual([]);
  });
});

describe('cohortCounts', () => {
  // Week cohorts b 1..3. Contact 1 first writes in week 1, again in week 3 (twice).
  // Contact 2 first in week 2, writes in week 2 and 3. Contact 9 is not a member (its first is
  // before the first cohort: no flag in these rows) though it writes in week 1.
  const sets = [
    set(1, 'sms', [1, 1, E | C], [9, 90]),
    set(2, 'web', [2, 2, E | C]),
    set(2, 'web', [2, 2]),
    set(3, 'sms', [1, 3]),
    set(3, 'web', [1, 4], [2, 2]),
  ];

  it('counts members per cohort and the buckets they wrote in, each contact once per bucket', () => {
    const cells = cohortCounts(sets, 'ever').sort((x, y) => x.c - y.c || x.b - y.b);
    expect(cells).toEqual([
      { c: 1, b: 1, contacts: 1 },
      { c: 1, b: 3, contacts: 1 },
      { c: 2, b: 2, contacts: 1 },
      { c: 2, b: 3, contacts: 1 },
    ]);
  });

  it('follows the flag asked for', () => {
    // Contact 4's first web message is in week 2 though its first ever was earlier.
    const cells = cohortCounts([set(1, 'sms', [4, 1]), set(2, 'web', [4, 1, C])], 'ever');
    expect(cells).toEqual([]);
    expect(cohortCounts([set(1, 'web', [4, 1]), set(2, 'web', [4, 1, C])], 'channel')).toEqual([{ c: 2, b: 2, contacts: 1 }]);
  });
});

describe('widthBucket', () => {
  // Postgres: SELECT width_bucket(x, ARRAY[10, 20, 30]) for x = 5, 10, 15, 20, 29, 30, 99 gives 0, 1, 1, 2, 2, 3, 3.
  it('counts the bounds at or below x, as SQL width_bucket does', () => {
    expect([5, 10, 15, 20, 29, 30, 99].map((x) => widthBucket(x, [10, 20, 30]))).toEqual([0, 1, 1, 2, 2, 3, 3]);
  });
  it('with one bound (a totals scope): 1 from it on', () => {
    expect([9, 10, 11].map((x) => widthBucket(x, [10]))).toEqual([0, 1, 1]);
  });
});
