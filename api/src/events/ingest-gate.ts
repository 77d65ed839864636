import { RetryLater } from '../common/errors.js';

/**
 * Back-pressure for ingest (docs/architecture.md, "Load, waits and timeouts"). Requests of one
 * workspace are admitted a few at a time before their bodies are read, and write one at a time,
 * so a busy workspace waits in this process's memory, never on a pooled connection, and its
 * callers learn when to come back (429 + Retry-After) instead of timing out. All writers together
 * take at most the ingest pool's connections.
 */

/**
 * Why a request was not let through, as the client sees it: 429 WORKSPACE_BUSY when its workspace
 * is busy, 503 SERVER_BUSY when the whole server is; both with Retry-After.
 */
export class Busy extends RetryLater {
  constructor(
    readonly scope: 'workspace' | 'server',
    retryAfterSeconds: number,
  ) {
    super(
      scope === 'workspace' ? 'WORKSPACE_BUSY' : 'SERVER_BUSY',
      scope === 'workspace' ? 429 : 503,
      `${scope === 'workspace' ? 'this workspace' : 'the server'} is ingesting as fast as it can; retry after ${retryAfterSeconds} s`,
      retryAfterSeconds,
    );
  }
}

/** A counting semaphore with a FIFO queue of bounded length and a bounded wait. */
export class Semaphore {
  private active = 0;
  private readonly waiters: { grant(): void }[] = [];

  constructor(
    private readonly limit: number,
    private readonly maxQueue: number,
  ) {}

  get idle(): boolean {
    return this.active === 0 && this.waiters.length === 0;
  }

  /** How many are queued (not counting those admitted). */
  get queued(): number {
    return this.waiters.length;
  }

  /** A release function once admitted; null when the queue is full or `waitMs` passed first. */
  acquire(waitMs: number): Promise<(() => void) | null> {
    if (this.active < this.limit && this.waiters.length === 0) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiters.length >= this.maxQueue || waitMs <= 0) return Promise.resolve(null);
    return new Promise((resolve) => {
      const waiter = {
        grant: () => {
          clearTimeout(timer);
          this.active++;
          resolve(this.releaser());
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        resolve(null);
      }, waitMs);
      this.waiters.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiters.shift()?.grant();
    };
  }
}

export interface GateLimits {
  /** Requests of one workspace admitted at once (bodies in memory). */
  parallel: number;
  /** Requests of one workspace that may queue for admission. */
  queue: number;
  /** Transactions of all workspaces at once (the ingest pool's size). */
  writers: number;
}

export class IngestGate {
  private readonly admission = new Map<number, Semaphore>();
  private readonly turns = new Map<number, Semaphore>();
  private readonly writers: Semaphore;
  /** A moving average of one write's duration, for Retry-After. */
  private writeMs = 200;

  constructor(private readonly limits: GateLimits) {
    // Every workspace has at most one writer waiting here, so this queue is bounded by them.
    this.writers = new Semaphore(limits.writers, Number.MAX_SAFE_INTEGER);
  }

  /** Admits one request of the workspace (before its body is read); throws Busy past `waitMs`. */
  async admit(workspaceId: number, waitMs: number): Promise<() => void> {
    const s = this.semaphore(this.admission, workspaceId, this.limits.parallel, this.limits.queue);
    const queuedAhead = s.queued;
    const release = await s.acquire(waitMs);
    if (!release) {
      this.forget(this.admission, workspaceId);
      throw new Busy('workspace', this.retryAfter(queuedAhead + 1));
    }
    return () => {
      release();
      this.forget(this.admission, workspaceId);
    };
  }

  /**
   * Runs `write` (one transaction) when it is the workspace's turn and a connection of the ingest
   * pool is free; throws Busy when that takes longer than `waitMs`.
   */
  async write<T>(workspaceId: number, waitMs: number, write: () => Promise<T>): Promise<T> {
    const started = Date.now();
    // One writer per workspace: the transactions take the workspace's lock anyway, and the others
    // must not hold pooled connections while they wait for it.
    const turns = this.semaphore(this.turns, workspaceId, 1, Number.MAX_SAFE_INTEGER);
    const queuedAhead = turns.queued;
    const turn = await turns.acquire(waitMs);
    if (!turn) {
      this.forget(this.turns, workspaceId);
      throw new Busy('workspace', this.retryAfter(queuedAhead + 1));
    }
    try {
      const slot = await this.writers.acquire(waitMs - (Date.now() - started));
      if (!slot) throw new Busy('server', this.retryAfter(1));
      const t0 = Date.now();
      try {
        return await write();
      } finally {
        slot();
        this.writeMs = 0.8 * this.writeMs + 0.2 * (Date.now() - t0);
      }
    } finally {
      turn();
      this.forget(this.turns, workspaceId);
    }
  }

  /** Seconds until about `ahead` writes of one workspace are done (at least 1). */
  private retryAfter(ahead: number): number {
    return Math.max(1, Math.ceil((ahead * this.writeMs) / 1000));
  }

  private semaphore(map: Map<number, Semaphore>, workspaceId: number, limit: number, queue: number): Semaphore {
    let s = map.get(workspaceId);
    if (!s) map.set(workspaceId, (s = new Semaphore(limit, queue)));
    return s;
  }

  /** Idle workspaces are dropped, so the maps hold only workspaces ingesting now. */
  private forget(map: Map<number, Semaphore>, workspaceId: number): void {
    if (map.get(workspaceId)?.idle) map.delete(workspaceId);
  }
}
