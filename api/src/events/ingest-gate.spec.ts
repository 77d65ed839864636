import { Busy, IngestGate, Semaphore } from './ingest-gate.js';

const tick = () => new Promise((r) => setImmediate(r));
/** A promise and the function that resolves it. */
function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('Semaphore', () => {
  it('admits up to its limit, then queues first in, first out', async () => {
    const s = new Semaphore(2, 10);
    const a = await s.acquire(1000);
    const b = await s.acquire(1000);
    const order: string[] = [];
    const c = s.acquire(1000).then((r) => (order.push('c'), r));
    const d = s.acquire(1000).then((r) => (order.push('d'), r));
    await tick();
    expect(order).toEqual([]);
    expect(s.queued).toBe(2);
    a!();
    a!(); // a second release of the same slot frees nothing more
    await tick();
    expect(order).toEqual(['c']);
    b!();
    await tick();
    expect(order).toEqual(['c', 'd']);
    (await c)!();
    (await d)!();
    expect(s.idle).toBe(true);
  });

  it('refuses at once when the queue is full or the wait is zero, and after the wait otherwise', async () => {
    jest.useFakeTimers();
    try {
      const s = new Semaphore(1, 1);
      const held = await s.acquire(0);
      expect(held).not.toBeNull();
      expect(await s.acquire(0)).toBeNull();
      const waiting = s.acquire(500);
      expect(await s.acquire(500)).toBeNull(); // queue of 1 is full
      jest.advanceTimersByTime(499);
      expect(s.queued).toBe(1);
      jest.advanceTimersByTime(1);
      expect(await waiting).toBeNull();
      expect(s.queued).toBe(0);
      held!();
      expect(s.idle).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('IngestGate', () => {
  it('writes one transaction per workspace at a time, other workspaces alongside', async () => {
    const gate = new IngestGate({ parallel: 4, queue: 10, writers: 4 });
    const running: string[] = [];
    const log: string[] = [];
    const steps = new Map<string, ReturnType<typeof deferred>>();
    const write = (name: string, ws: number) =>
      gate.write(ws, 10_000, async () => {
        running.push(name);
        log.push(`${name}:${running.join(',')}`);
        const d = deferred();
        steps.set(name, d);
        await d.promise;
        running.splice(running.indexOf(name), 1);
      });
    const a1 = write('a1', 1);
    const a2 = write('a2', 1);
    const b1 = write('b1', 2);
    await tick();
    expect(log).toEqual(['a1:a1', 'b1:a1,b1']);
    steps.get('a1')!.resolve();
    await a1;
    await tick();
    expect(log).toEqual(['a1:a1', 'b1:a1,b1', 'a2:b1,a2']);
    steps.get('b1')!.resolve();
    steps.get('a2')!.resolve();
    await Promise.all([a2, b1]);
  });

  it("bounds every writer: a workspace's second writer gives up with Busy (workspace) after the wait", async () => {
    const gate = new IngestGate({ parallel: 4, queue: 10, writers: 4 });
    const d = deferred();
    const first = gate.write(1, 10_000, () => d.promise);
    await expect(gate.write(1, 20, async () => 'never')).rejects.toMatchObject({ scope: 'workspace' });
    d.resolve();
    await first;
    expect(await gate.write(1, 20, async () => 'now')).toBe('now');
  });

  it('all workspaces together take at most `writers` transactions; past the wait, Busy (server)', async () => {
    const gate = new IngestGate({ parallel: 4, queue: 10, writers: 1 });
    const d = deferred();
    const first = gate.write(1, 10_000, () => d.promise);
    const err = await gate.write(2, 20, async () => 'never').catch((e) => e);
    expect(err).toBeInstanceOf(Busy);
    expect(err).toMatchObject({ scope: 'server' });
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    d.resolve();
    await first;
  });

  it('admits `parallel` requests of a workspace, queues `queue` more, refuses the rest at once', async () => {
    const gate = new IngestGate({ parallel: 2, queue: 1, writers: 4 });
    const r1 = await gate.admit(7, 1000);
    const r2 = await gate.admit(7, 1000);
    const third = gate.admit(7, 1000);
    const t0 = Date.now();
    await expect(gate.admit(7, 1000)).rejects.toMatchObject({ scope: 'workspace' });
    expect(Date.now() - t0).toBeLessThan(100); // refused at once, not after the wait
    // Another workspace is not affected.
    const other = await gate.admit(8, 0);
    other();
    r1();
    const r3 = await third;
    r2();
    r3();
  });
});
