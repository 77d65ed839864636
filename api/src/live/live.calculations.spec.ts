import { deriveFacts } from '../facts/facts.calculations.js';
import { agentSent, at, botSent, ev, received } from '../facts/fact-events.fixtures.js';
import { type LiveCounts, type LiveFilter, kept, liveFigures } from './live.calculations.js';

const ALL: LiveFilter = { channels: null, teams: null, tags: null, responder: 'any' };

describe('kept (the live filters)', () => {
  const f = { channel: 'sms', team: 'Sales', tags: ['vip', 'refund'] };
  it('ORs the values of one filter and ANDs the filters; none keeps those without', () => {
    expect(kept(f, ALL)).toBe(true);
    expect(kept(f, { ...ALL, channels: ['web', 'sms'], teams: ['Sales'], tags: ['refund', 'x'] })).toBe(true);
    expect(kept(f, { ...ALL, teams: ['Support'] })).toBe(false);
    expect(kept(f, { ...ALL, tags: ['none'] })).toBe(false);
    expect(kept({ channel: 'sms', team: null, tags: [] }, { ...ALL, teams: ['none'], tags: ['none'] })).toBe(true);
    expect(kept(f, { ...ALL, channels: ['web'] })).toBe(false);
  });
});

describe('liveFigures', () => {
  // asOf = T0 + 1 h (T0 = 08:00Z); open looks back to T0 − 1 day here.
  const asOfMs = at(3600) / 1000;
  const openSinceMs = asOfMs - 86_400_000;
  const stored: LiveCounts = {
    open: 5,
    waiting: 2,
    longest: [
      { conversationId: 'b', channel: 'sms', contactId: 'k1', team: null, waitingSinceUs: at(600) },
      { conversationId: 'c', channel: 'sms', contactId: 'k2', team: 'Sales', waitingSinceUs: at(1200) },
    ],
  };

  it('adds the conversations derived as of asOf: a wait that ties sorts by id, waitingSeconds from asOf', () => {
    // 'a' waits since 08:10 (as 'b' does): before 'b' by id. Its bot reply does not end an agent wait.
    const a = deriveFacts('a', [received('r1', at(600)), botSent('s1', at(700)), received('r2', at(600))]);
    const figures = liveFigures(stored, [a], ALL, asOfMs, openSinceMs);
    expect(figures.open).toBe(6);
    // For "any", the bot's reply at 08:11:40 ended the wait of 08:10 and nothing came after it.
    expect(figures.waiting).toBe(2);
    const agent = liveFigures(stored, [a], { ...ALL, responder: 'agent' }, asOfMs, openSinceMs);
    expect(agent.waiting).toBe(3);
    expect(agent.longestWaits.map((w) => [w.conversationId, w.waitingSince, w.waitingSeconds])).toEqual([
      ['a', '2026-11-20T08:10:00.000000Z', 3000],
      ['b', '2026-11-20T08:10:00.000000Z', 3000],
      ['c', '2026-11-20T08:20:00.000000Z', 2400],
    ]);
  });

  it('leaves out resolved, filtered-out and long-quiet conversations', () => {
    const resolved = deriveFacts('r', [received('r1', at(0)), ev('x', 'conversation.resolved', at(10))]);
    const otherTeam = deriveFacts('t', [received('r1', at(0)), ev('as', 'conversation.assigned', at(5), { agentId: 'a', team: 'Support' })]);
    const quiet = deriveFacts('q', [received('r1', at(-2 * 86_400))]);
    const answered = deriveFacts('w', [received('r1', at(0)), agentSent('s1', at(30))]);
    const figures = liveFigures({ open: 0, waiting: 0, longest: [] }, [resolved, otherTeam, quiet, answered], { ...ALL, teams: ['none'] }, asOfMs, openSinceMs);
    expect(figures).toEqual({ open: 1, waiting: 0, longestWaits: [] });
  });

  it('lists at most 20, longest first', () => {
    const many = Array.from({ length: 25 }, (_, i) => deriveFacts(`m${String(i).padStart(2, '0')}`, [received('r', at(3000 - i * 10))]));
    const figures = liveFigures({ open: 0, waiting: 0, longest: [] }, many, ALL, asOfMs, openSinceMs);
    expect(figures.waiting).toBe(25);
    expect(figures.longestWaits.map((w) => w.conversationId)).toEqual(Array.from({ length: 20 }, (_, i) => `m${String(24 - i).padStart(2, '0')}`));
  });
});
