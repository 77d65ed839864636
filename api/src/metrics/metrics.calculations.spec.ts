/**
 * The metric math after SQL (metrics.md "Response time", "Engagement", "Loyalty", "Statistics";
 * metrics-decisions.md "Answers"): hand-worked aggregate rows in, metrics out. Statistics of
 * nothing are null, counts 0, revenue of nothing {}.
 */
import type { Bucket } from './period.calculations.js';
import type { AssignmentRow, ContactRow, ConversationRow, MessageRow, RatingRow, ReplyRow, ResolutionRow, RevenueRow, StartedRow } from './scope.js';
import { Cells, cohortTriangle, engagementMetrics, loyaltyMetrics, orderGroups, rate, ratio, responseMetrics, revenueIn, revenueOf, series } from './metrics.calculations.js';

const conversationRow = (x: Partial<ConversationRow> = {}): ConversationRow => ({
  b: 1,
  g: null,
  conversations: 0,
  responded: 0,
  frt_median: null,
  frt_p90: null,
  frt_sum_us: null,
  within_sla: 0,
  with_response: 0,
  automated: 0,
  ...x,
});
const revenue = (currency: string, amount: string, b = 1, g: string | null = null): RevenueRow => ({ b, g, currency, amount });

/** Three Berlin day buckets around the fall-back. */
const BUCKETS: Bucket[] = [
  { startMs: Date.UTC(2026, 9, 23, 22), label: '2026-10-24T00:00:00+02:00' },
  { startMs: Date.UTC(2026, 9, 24, 22), label: '2026-10-25T00:00:00+02:00' },
  { startMs: Date.UTC(2026, 9, 25, 23), label: '2026-10-26T00:00:00+01:00' },
];

describe('rate', () => {
  it('a / b, null when b is 0', () => {
    expect(rate(1, 4)).toBe(0.25);
    expect(rate(3, 3)).toBe(1);
    expect(rate(0, 5)).toBe(0);
    expect(rate(0, 0)).toBeNull();
    expect(rate(7, 0)).toBeNull();
  });
});

describe('ratio', () => {
  it('the double nearest to n / d: as IEEE division where both are exact doubles', () => {
    expect(ratio(0n, 7n)).toBe(0);
    expect(ratio(330_000_000n, 3_000_000n)).toBe(110);
    expect(ratio(1n, 3n)).toBe(1 / 3); // 0.3333333333333333
    expect(ratio(2n, 3n)).toBe(2 / 3); // 0.6666666666666666
    expect(ratio(7n, 1_000_000n)).toBe(0.000007);
  });

  it('past 2^53: rounded once, ties to even', () => {
    // 2^53 + 1 lies halfway between the doubles 2^53 and 2^53 + 2: the even one, 2^53.
    expect(ratio(2n ** 53n + 1n, 1n)).toBe(9007199254740992);
    // 2^53 + 3 lies halfway between 2^53 + 2 (odd mantissa) and 2^53 + 4 (even): 2^53 + 4.
    expect(ratio(2n ** 53n + 3n, 1n)).toBe(9007199254740996);
    // (2^54 + 3) / 2 = 2^53 + 1.5: nearer 2^53 + 2 than 2^53.
    expect(ratio(2n ** 54n + 3n, 2n)).toBe(9007199254740994);
    // (2^53 + 1) / 3 = 3,002,399,751,580,331 exactly; Number(2^53 + 1) / 3 would give …330.5.
    expect(ratio(2n ** 53n + 1n, 3n)).toBe(3002399751580331);
  });

  it('agrees with IEEE division on 20,000 random pairs of exact doubles', () => {
    // Division of two exact doubles is correctly rounded, so it is the reference here.
    let seed = 1;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 20_000; i++) {
      const n = Math.floor(random() * 2 ** Math.floor(random() * 54));
      const d = 1 + Math.floor(random() * 2 ** Math.floor(random() * 53));
      if (ratio(BigInt(n), BigInt(d)) !== n / d) throw new Error(`ratio(${n}, ${d}) ≠ ${n / d}`);
    }
  });
});

describe('responseMetrics', () => {
  it('nothing at all: counts 0, statistics and rates null', () => {
    expect(responseMetrics()).toEqual({
      conversations: 0,
      responded: 0,
      responseRate: null,
      firstResponseMedian: null,
      firstResponseP90: null,
      firstResponseMean: null,
      replyMedian: null,
      replyP90: null,
      resolutions: 0,
      resolutionMedian: null,
      withinSla: null,
      assignedConversations: 0,
      assignmentResponseMedian: null,
      assignmentResponseP90: null,
    });
  });

  it('hand-worked bucket: 4 conversations, 3 responded in 30 s, 60 s, 240 s; 2 within the SLA', () => {
    // First response times 30, 60, 240 → sum 330 s (330,000,000 µs), mean 330 / 3 = 110.
    // Median/p90 come from SQL (percentile_cont): 60 and 60 + 0.8 × (240 − 60) = 204.
    const c = conversationRow({ conversations: 4, responded: 3, frt_median: 60, frt_p90: 204, frt_sum_us: '330000000', within_sla: 2, with_response: 3, automated: 1 });
    const r: ReplyRow = { b: 1, g: null, reply_median: 45, reply_p90: 90 };
    const s: ResolutionRow = { b: 1, g: null, resolutions: 2, resolution_median: 3600 };
    const a: AssignmentRow = { b: 1, g: null, assigned: 3, assign_median: 120, assign_p90: 600 };
    expect(responseMetrics(c, r, s, a)).toEqual({
      conversations: 4,
      responded: 3,
      responseRate: 0.75, // 3 / 4
      firstResponseMedian: 60,
      firstResponseP90: 204,
      firstResponseMean: 110, // 330 / 3
      replyMedian: 45,
      replyP90: 90,
      resolutions: 2,
      resolutionMedian: 3600,
      withinSla: 0.5, // 2 of all 4 conversations (unanswered count as not within)
      assignedConversations: 3, // by firstAssignedAt, from SQL as they are
      assignmentResponseMedian: 120,
      assignmentResponseP90: 600,
    });
  });

  it('assignments: their count and statistics as the row gives them, whatever else is in the bucket', () => {
    const a: AssignmentRow = { b: 1, g: null, assigned: 3, assign_median: 42.5, assign_p90: 120 };
    expect(responseMetrics(undefined, undefined, undefined, a)).toMatchObject({ conversations: 0, responseRate: null, assignedConversations: 3, assignmentResponseMedian: 42.5, assignmentResponseP90: 120 });
    // Assigned but never answered by an agent: counted, no statistics.
    expect(responseMetrics(conversationRow({ conversations: 2 }), undefined, undefined, { b: 1, g: null, assigned: 2, assign_median: null, assign_p90: null })).toMatchObject({
      conversations: 2,
      assignedConversations: 2,
      assignmentResponseMedian: null,
    });
  });

  it('conversations, none answered: rate 0, withinSla 0, first-response statistics null', () => {
    const m = responseMetrics(conversationRow({ conversations: 2 }));
    expect(m).toMatchObject({ conversations: 2, responded: 0, responseRate: 0, withinSla: 0, firstResponseMedian: null, firstResponseP90: null, firstResponseMean: null });
  });

  it('a first response of 0 seconds gives a mean of 0, not null', () => {
    const m = responseMetrics(conversationRow({ conversations: 1, responded: 1, frt_median: 0, frt_p90: 0, frt_sum_us: '0', within_sla: 1 }));
    expect(m).toMatchObject({ firstResponseMean: 0, firstResponseMedian: 0, withinSla: 1, responseRate: 1 });
  });

  it('fractional seconds stay fractions', () => {
    // 1.5 + 2.25 = 3.75 s (3,750,000 µs) over 2 → 1.875.
    expect(responseMetrics(conversationRow({ conversations: 3, responded: 2, frt_sum_us: '3750000' })).firstResponseMean).toBe(1.875);
  });

  it('the mean divides the exact µs sum once: 0.1 s, 0.2 s, 0.3 s give 0.2, in any order', () => {
    // Float sums of the seconds depend on the order: (0.1 + 0.2) + 0.3 = 0.6000000000000001 (mean
    // 0.20000000000000004), (0.3 + 0.2) + 0.1 = 0.6 (mean 0.19999999999999998). In µs the sum is
    // 600,000 whatever the order, and 600,000 / 3,000,000 = 0.2.
    expect((0.1 + 0.2 + 0.3) / 3).not.toBe((0.3 + 0.2 + 0.1) / 3);
    expect(responseMetrics(conversationRow({ conversations: 3, responded: 3, frt_sum_us: '600000' })).firstResponseMean).toBe(0.2);
  });

  it('a µs sum past 2^53 (not a double) is still divided exactly', () => {
    // 9,007,199,254,740,993 µs = 2^53 + 1 over 3 conversations: exactly 3,002,399,751.580331 s.
    // Number() of the sum would first round it to 2^53.
    expect(responseMetrics(conversationRow({ conversations: 3, responded: 3, frt_sum_us: '9007199254740993' })).firstResponseMean).toBe(3002399751.580331);
  });

  it('only replies or only resolutions in a bucket (no conversation started there)', () => {
    const m = responseMetrics(undefined, { b: 2, g: null, reply_median: 12.5, reply_p90: 30 }, { b: 2, g: null, resolutions: 1, resolution_median: 7200 });
    expect(m).toEqual({
      conversations: 0,
      responded: 0,
      responseRate: null,
      firstResponseMedian: null,
      firstResponseP90: null,
      firstResponseMean: null,
      replyMedian: 12.5,
      replyP90: 30,
      resolutions: 1,
      resolutionMedian: 7200,
      withinSla: null,
      assignedConversations: 0,
      assignmentResponseMedian: null,
      assignmentResponseP90: null,
    });
  });

});

describe('revenueOf', () => {
  it('exact decimal text → JSON numbers', () => {
    expect(revenueOf([revenue('EUR', '120.50')])).toEqual({ EUR: 120.5 });
    expect(revenueOf([revenue('EUR', '0.30')])).toEqual({ EUR: 0.3 }); // SQL summed 0.1 + 0.2 exactly
    expect(revenueOf([revenue('EUR', '1234567.89')])).toEqual({ EUR: 1234567.89 });
    expect(revenueOf([revenue('EUR', '100')])).toEqual({ EUR: 100 });
    expect(revenueOf([revenue('EUR', '-20.00')])).toEqual({ EUR: -20 });
    expect(revenueOf([revenue('EUR', '0')])).toEqual({ EUR: 0 });
  });

  it('currencies in byte order', () => {
    const out = revenueOf([revenue('USD', '5.10'), revenue('CHF', '7'), revenue('EUR', '120.5')]);
    expect(out).toEqual({ CHF: 7, EUR: 120.5, USD: 5.1 });
    expect(Object.keys(out)).toEqual(['CHF', 'EUR', 'USD']);
  });

  it('none → {}', () => {
    expect(revenueOf([])).toEqual({});
  });

  it('does not reorder its input', () => {
    const rows = [revenue('USD', '1'), revenue('EUR', '2')];
    revenueOf(rows);
    expect(rows.map((r) => r.currency)).toEqual(['USD', 'EUR']);
  });
});

describe('revenueIn', () => {
  it('the rows of one bucket and group', () => {
    const rows = [revenue('EUR', '1', 1, 'sms'), revenue('EUR', '2', 2, 'sms'), revenue('USD', '3', 1, null), revenue('GBP', '4', 1, 'sms')];
    expect(revenueIn(rows, 1, 'sms')).toEqual([rows[0], rows[3]]);
    expect(revenueIn(rows, 1, null)).toEqual([rows[2]]);
    expect(revenueIn(rows, 3, 'sms')).toEqual([]);
  });
});

describe('engagementMetrics', () => {
  it('nothing at all: counts 0, rates null, revenue {}', () => {
    expect(engagementMetrics()).toEqual({
      conversations: 0,
      messagesIn: 0,
      messagesOut: 0,
      activeContacts: 0,
      messagesPerConversation: null,
      automationRate: null,
      conversionRate: null,
      revenue: {},
    });
  });

  it('hand-worked bucket', () => {
    // 4 conversations started with 6 + 4 + 7 + 5 = 22 messages in all; 1 converted.
    const s: StartedRow = { b: 1, g: null, conversations: 4, messages: 22, converted: 1 };
    // By firstCustomerAt: 3 with a response, 2 of them automated.
    const c = conversationRow({ conversations: 4, responded: 3, with_response: 3, automated: 2 });
    const m: MessageRow = { b: 1, g: null, messages_in: 12, messages_out: 10, active_contacts: 3 };
    const e = engagementMetrics(s, c, m, [revenue('USD', '5.10'), revenue('EUR', '120.50')]);
    expect(e).toEqual({
      conversations: 4,
      messagesIn: 12,
      messagesOut: 10,
      activeContacts: 3,
      messagesPerConversation: 5.5, // 22 / 4
      automationRate: 2 / 3, // 2 automated of 3 with a response
      conversionRate: 0.25, // 1 / 4
      revenue: { EUR: 120.5, USD: 5.1 },
    });
    expect(Object.keys(e.revenue)).toEqual(['EUR', 'USD']);
  });

  it('messages but no conversation started in the bucket: counts kept, per-conversation figures null', () => {
    const e = engagementMetrics(undefined, undefined, { b: 1, g: null, messages_in: 3, messages_out: 1, active_contacts: 2 });
    expect(e).toEqual({
      conversations: 0,
      messagesIn: 3,
      messagesOut: 1,
      activeContacts: 2,
      messagesPerConversation: null,
      automationRate: null,
      conversionRate: null,
      revenue: {},
    });
  });

  it('conversations without any response: automationRate null (nothing to take a share of), conversionRate 0', () => {
    const e = engagementMetrics({ b: 1, g: null, conversations: 2, messages: 2, converted: 0 }, conversationRow({ conversations: 2 }));
    expect(e).toMatchObject({ conversations: 2, messagesPerConversation: 1, automationRate: null, conversionRate: 0 });
  });

  it('revenue alone (a conversion in a bucket with nothing else)', () => {
    expect(engagementMetrics(undefined, undefined, undefined, [revenue('EUR', '9.99')])).toMatchObject({ conversations: 0, conversionRate: null, revenue: { EUR: 9.99 } });
  });
});

describe('loyaltyMetrics', () => {
  it('nothing at all: counts 0, rates and average null', () => {
    expect(loyaltyMetrics()).toEqual({
      activeContacts: 0,
      newContacts: 0,
      returningContacts: 0,
      returningRate: null,
      repeatContactRate: null,
      csatAverage: null,
      csatSatisfiedRate: null,
      csatResponses: 0,
    });
  });

  it('hand-worked bucket: returning = active − new', () => {
    // 10 active, 4 new → 6 returning; 3 wrote in 2+ conversations. Ratings 5, 4, 5, 3 → sum 17, 3 satisfied.
    const c: ContactRow = { b: 1, g: null, active: 10, new: 4, repeat: 3 };
    const r: RatingRow = { b: 1, g: null, ratings: 4, rating_sum: 17, satisfied: 3 };
    expect(loyaltyMetrics(c, r)).toEqual({
      activeContacts: 10,
      newContacts: 4,
      returningContacts: 6,
      returningRate: 0.6, // 6 / 10
      repeatContactRate: 0.3, // 3 / 10
      csatAverage: 4.25, // 17 / 4
      csatSatisfiedRate: 0.75, // 3 / 4
      csatResponses: 4,
    });
  });

  it('all new: returning 0, returningRate 0', () => {
    expect(loyaltyMetrics({ b: 1, g: null, active: 5, new: 5, repeat: 0 })).toMatchObject({ returningContacts: 0, returningRate: 0, repeatContactRate: 0 });
  });

  it('ratings without active contacts: csat figures, contact rates null', () => {
    expect(loyaltyMetrics(undefined, { b: 1, g: null, ratings: 2, rating_sum: 3, satisfied: 0 })).toEqual({
      activeContacts: 0,
      newContacts: 0,
      returningContacts: 0,
      returningRate: null,
      repeatContactRate: null,
      csatAverage: 1.5, // (1 + 2) / 2
      csatSatisfiedRate: 0,
      csatResponses: 2,
    });
  });
});

describe('Cells', () => {
  it('indexes rows by bucket and group, null distinct from the text "null"', () => {
    const rows = [
      { b: 1, g: 'sms', n: 1 },
      { b: 1, g: null, n: 2 },
      { b: 1, g: 'null', n: 3 },
      { b: 2, g: 'sms', n: 4 },
    ];
    const cells = new Cells(rows);
    expect(cells.get(1, 'sms')?.n).toBe(1);
    expect(cells.get(1, null)?.n).toBe(2);
    expect(cells.get(1, 'null')?.n).toBe(3);
    expect(cells.get(2, 'sms')?.n).toBe(4);
    expect(cells.get(2, null)).toBeUndefined();
    expect(cells.groups()).toEqual(['sms', null, 'null', 'sms']);
  });

  it('null distinct from any text a tag may be, "\u0001null" and "-" included', () => {
    const cells = new Cells([
      { b: 1, g: null, n: 1 },
      { b: 1, g: '\u0001null', n: 2 },
      { b: 1, g: '-', n: 3 },
      { b: 1, g: '', n: 4 },
    ]);
    expect([null, '\u0001null', '-', ''].map((g) => cells.get(1, g)?.n)).toEqual([1, 2, 3, 4]);
  });
});

describe('orderGroups', () => {
  it('unique, byte order, null last', () => {
    expect(orderGroups(['whatsapp', null, 'sms', 'whatsapp', 'instagram', null])).toEqual(['instagram', 'sms', 'whatsapp', null]);
  });

  it('byte order: upper case before lower case, ASCII before accented letters', () => {
    // 'Z' 0x5A < 'a' 0x61; 'agent-z' (0x7A) < 'agent-é' (0xC3 0xA9).
    expect(orderGroups(['agent-é', 'sms', 'agent-z', 'Zed'])).toEqual(['Zed', 'agent-z', 'agent-é', 'sms']);
  });

  it('byte order (UTF-8), not UTF-16 code units: U+FF21 before U+1F600', () => {
    // UTF-8: Ａ = EF BC A1 < 😀 = F0 9F 98 80 (UTF-16 would put 😀 = D83D… first).
    expect(orderGroups(['😀', 'Ａ'])).toEqual(['Ａ', '😀']);
  });

  it('only null, or nothing', () => {
    expect(orderGroups([null])).toEqual([null]);
    expect(orderGroups([])).toEqual([]);
  });
});

describe('series', () => {
  it('ungrouped: every bucket once, with no group key; build gets the 1-based bucket index', () => {
    const calls: [number, string | null][] = [];
    const out = series(BUCKETS, null, (b, g) => (calls.push([b, g]), { n: b * 10 }));
    expect(out).toEqual([
      { bucket: '2026-10-24T00:00:00+02:00', n: 10 },
      { bucket: '2026-10-25T00:00:00+02:00', n: 20 },
      { bucket: '2026-10-26T00:00:00+01:00', n: 30 },
    ]);
    for (const item of out) expect(item).not.toHaveProperty('group');
    expect(calls).toEqual([
      [1, null],
      [2, null],
      [3, null],
    ]);
  });

  it('grouped: every bucket for every group, by group then bucket, null group kept as null', () => {
    const out = series(BUCKETS.slice(0, 2), ['sms', null], (b, g) => ({ conversations: g === null ? 0 : b }));
    expect(out).toEqual([
      { bucket: '2026-10-24T00:00:00+02:00', group: 'sms', conversations: 1 },
      { bucket: '2026-10-25T00:00:00+02:00', group: 'sms', conversations: 2 },
      { bucket: '2026-10-24T00:00:00+02:00', group: null, conversations: 0 },
      { bucket: '2026-10-25T00:00:00+02:00', group: null, conversations: 0 },
    ]);
  });

  it('grouped with no group: empty series', () => {
    expect(series(BUCKETS, [], () => ({}))).toEqual([]);
  });

  it('bucket and group keys come first (CSV column order)', () => {
    const [item] = series(BUCKETS.slice(0, 1), ['sms'], () => ({ conversations: 1, revenue: {} }));
    expect(Object.keys(item)).toEqual(['bucket', 'group', 'conversations', 'revenue']);
  });

  it('a zero-filled bucket built from missing rows', () => {
    // Bucket 2 has no rows: every count 0, every statistic null.
    const cells = new Cells([conversationRow({ b: 1, conversations: 1, responded: 1, frt_sum_us: '30000000', frt_median: 30, frt_p90: 30, within_sla: 1 })]);
    const out = series(BUCKETS.slice(0, 2), null, (b, g) => responseMetrics(cells.get(b, g)));
    expect(out[0]).toMatchObject({ bucket: '2026-10-24T00:00:00+02:00', conversations: 1, firstResponseMean: 30, withinSla: 1 });
    expect(out[1]).toEqual({ bucket: '2026-10-25T00:00:00+02:00', ...responseMetrics() });
  });
});

describe('cohortTriangle', () => {
  it('retained[k] for every bucket up to the last, rate = retained / size, null for size 0', () => {
    // Cohort 1: 4 members, 2 back in bucket 2, 1 in bucket 3. Cohort 2: nobody new. Cohort 3: 5 members.
    const cells = [
      { c: 1, b: 1, contacts: 4 },
      { c: 1, b: 2, contacts: 2 },
      { c: 1, b: 3, contacts: 1 },
      { c: 3, b: 3, contacts: 5 },
    ];
    expect(cohortTriangle(BUCKETS, cells)).toEqual([
      { cohort: '2026-10-24T00:00:00+02:00', size: 4, retained: [4, 2, 1], rate: [1, 0.5, 0.25] },
      { cohort: '2026-10-25T00:00:00+02:00', size: 0, retained: [0, 0], rate: [null, null] },
      { cohort: '2026-10-26T00:00:00+01:00', size: 5, retained: [5], rate: [1] },
    ]);
  });

  it('a gap (nobody back in k = 1) is 0, and later retention still counts', () => {
    const cells = [
      { c: 1, b: 1, contacts: 3 },
      { c: 1, b: 3, contacts: 1 },
    ];
    expect(cohortTriangle(BUCKETS, cells)[0]).toEqual({ cohort: '2026-10-24T00:00:00+02:00', size: 3, retained: [3, 0, 1], rate: [1, 0, 1 / 3] });
  });

  it('cells beyond the last bucket are ignored', () => {
    const cells = [
      { c: 1, b: 1, contacts: 2 },
      { c: 1, b: 2, contacts: 1 },
      { c: 1, b: 3, contacts: 1 },
    ];
    expect(cohortTriangle(BUCKETS.slice(0, 2), cells)).toEqual([
      { cohort: '2026-10-24T00:00:00+02:00', size: 2, retained: [2, 1], rate: [1, 0.5] },
      { cohort: '2026-10-25T00:00:00+02:00', size: 0, retained: [0], rate: [null] },
    ]);
  });

  it('no buckets → no cohorts', () => {
    expect(cohortTriangle([], [])).toEqual([]);
  });
});
