import type { DataSource } from 'typeorm';
import { RollupMetricsRepository } from './rollup-metrics.repository.js';
import type { Scope } from './scope.js';
import { encodeContactSet } from '../rollups/contact-set.codec.js';

const entry = (contactKey: number, conversationKey: number, firstEver = false) => ({ contactKey, conversationKey, firstEver, firstInChannel: firstEver });

/** hourly_contacts rows as Postgres answers them: two hours of day 1, one of day 2. */
const ROWS = [
  { hour_s: Date.parse('2026-03-01T10:00:00Z') / 1000, channel: 'sms', cut_value: '', entries: encodeContactSet([entry(1, 10, true), entry(2, 20)]) },
  { hour_s: Date.parse('2026-03-01T10:00:00Z') / 1000, channel: 'whatsapp', cut_value: '', entries: encodeContactSet([entry(2, 21)]) },
  { hour_s: Date.parse('2026-03-02T08:00:00Z') / 1000, channel: 'sms', cut_value: '', entries: encodeContactSet([entry(1, 10)]) },
];

function scope(over: Partial<Scope>, shared: Map<string, Promise<unknown>>): Scope {
  return {
    workspaceId: 7,
    from: '2026-03-01T00:00:00.000Z',
    to: '2026-03-03T00:00:00.000Z',
    bounds: ['2026-03-01T00:00:00.000Z'],
    channels: null,
    teams: null,
    tags: null,
    group: 'none',
    responder: 'any',
    hours: 'calendar',
    rollupCut: { cut: '', values: null },
    shared,
    ...over,
  };
}

describe('RollupMetricsRepository contact sets', () => {
  let queries: string[];
  let repo: RollupMetricsRepository;
  beforeEach(() => {
    queries = [];
    const dataSource = {
      query: async (sql: string) => {
        queries.push(sql);
        return ROWS.map((r) => ({ ...r }));
      },
    } as unknown as DataSource;
    repo = new RollupMetricsRepository(dataSource);
  });

  it("reads the rows once for a request's scopes and buckets and groups them per scope", async () => {
    const shared = new Map<string, Promise<unknown>>();
    const [perDay, total, perChannel] = await Promise.all([
      repo.contacts(scope({ bounds: ['2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z'] }, shared), 'ever'),
      repo.contacts(scope({}, shared), 'ever'),
      repo.contacts(scope({ group: 'channel' }, shared), 'channel'),
    ]);
    expect(queries.filter((q) => q.includes('FROM hourly_contacts'))).toHaveLength(1);
    // Day 1: contacts 1 (new) and 2 (two conversations: repeat); day 2: contact 1 again.
    expect(perDay).toEqual([
      { b: 1, g: null, active: 2, new: 1, repeat: 1 },
      { b: 2, g: null, active: 1, new: 0, repeat: 0 },
    ]);
    expect(total).toEqual([{ b: 1, g: null, active: 2, new: 1, repeat: 1 }]);
    expect(perChannel).toEqual([
      { b: 1, g: 'sms', active: 2, new: 1, repeat: 0 },
      { b: 1, g: 'whatsapp', active: 1, new: 0, repeat: 0 },
    ]);
  });

  it('reads again for other rows (another period, channel filter or cut) and without a shared map', async () => {
    const shared = new Map<string, Promise<unknown>>();
    await repo.contacts(scope({}, shared), 'ever');
    await repo.contacts(scope({ from: '2026-03-02T00:00:00.000Z' }, shared), 'ever');
    await repo.contacts(scope({ channels: ['sms'] }, shared), 'channel');
    await repo.contacts(scope({ rollupCut: { cut: 'team', values: null } }, shared), 'ever');
    await repo.contacts(scope({}, shared), 'ever');
    expect(queries).toHaveLength(4);
    await repo.contacts({ ...scope({}, shared), shared: undefined }, 'ever');
    expect(queries).toHaveLength(5);
  });
});
