import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { DeltaFolder, FOLD_AFTER_MS } from './delta-folder.service.js';
import type { DurationBinsRepository } from './duration-bins.repository.js';

/** A folder over a fake database: `remaining` folds per workspace before it has no deltas left. */
function folder(remaining: Record<number, number>, fail = new Set<number>()) {
  const folds: number[] = [];
  const warnings: unknown[] = [];
  const bins = {
    fold: async (_m: EntityManager, ws: number) => {
      folds.push(ws);
      if (fail.has(ws)) throw new Error('canceling statement due to statement timeout');
      remaining[ws] = Math.max(0, (remaining[ws] ?? 1) - 1);
      return remaining[ws] > 0;
    },
  } as unknown as DurationBinsRepository;
  const dataSource = { transaction: (fn: (m: EntityManager) => Promise<unknown>) => fn({} as EntityManager) } as unknown as DataSource;
  const logger = { child: () => ({ warn: (o: unknown) => warnings.push(o) }) } as unknown as Logger;
  return { f: new DeltaFolder(dataSource, bins, logger), folds, warnings };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

it('folds a burst of writes once, FOLD_AFTER_MS after the first', async () => {
  const { f, folds } = folder({});
  f.wrote(1);
  f.wrote(1);
  f.wrote(2);
  await jest.advanceTimersByTimeAsync(FOLD_AFTER_MS - 1);
  expect(folds).toEqual([]);
  await jest.advanceTimersByTimeAsync(1);
  await f.settled();
  expect(folds).toEqual([1, 2]);
});

it('takes workspaces in turn while one has more than a fold left', async () => {
  const { f, folds } = folder({ 1: 3, 2: 1 });
  f.wrote(1);
  f.wrote(2);
  await f.settled();
  expect(folds).toEqual([1, 2, 1, 1]);
});

it('a failed fold is logged and leaves the deltas for the next write; the others still fold', async () => {
  const { f, folds, warnings } = folder({}, new Set([1]));
  f.wrote(1);
  f.wrote(2);
  await f.settled();
  expect(folds).toEqual([1, 2]);
  expect(warnings).toEqual([{ workspaceId: 1, err: 'canceling statement due to statement timeout' }]);
  f.wrote(3);
  await f.settled();
  expect(folds).toEqual([1, 2, 3]);
});

it('a write during a fold is folded after it', async () => {
  const { f, folds } = folder({});
  f.wrote(1);
  await jest.advanceTimersByTimeAsync(FOLD_AFTER_MS);
  f.wrote(2); // the fold of 1 may still be running
  await f.settled();
  expect(folds).toEqual([1, 2]);
});

it('after shutdown, writes schedule nothing', async () => {
  const { f, folds } = folder({});
  f.wrote(1);
  await f.beforeApplicationShutdown();
  f.wrote(2);
  await jest.advanceTimersByTimeAsync(10 * FOLD_AFTER_MS);
  expect(folds).toEqual([]);
});
