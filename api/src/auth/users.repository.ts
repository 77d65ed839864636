import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Raw, type Repository } from 'typeorm';
import type { Role } from '@parley/shared';
import { EventRecord } from '../events/event.entity.js';
import { Workspace } from '../workspaces/workspace.entity.js';
import { LoginDevice } from './login-device.entity.js';
import { Session } from './session.entity.js';
import { UserEmail } from './user-email.entity.js';
import { User } from './user.entity.js';

/** Who a live session belongs to (sessions ⋈ users ⋈ workspaces). */
export interface SessionIdentity {
  workspaceId: number;
  timeZone: string;
  sessionId: number;
  userId: number;
  email: string;
  role: Role;
  csrfToken: string;
}

/** Emails are matched case-insensitively (ix_users_email, on lower(email)); user_emails keeps each to one user. */
const sameEmail = (email: string) => Raw((column) => `lower(${column}) = lower(:email)`, { email });

@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @InjectRepository(LoginDevice) private readonly devices: Repository<LoginDevice>,
    @InjectRepository(Workspace) private readonly workspaces: Repository<Workspace>,
    @InjectRepository(EventRecord) private readonly events: Repository<EventRecord>,
  ) {}

  /** Inserts unless the email is taken (in any workspace); false when it is. */
  async insert(workspaceId: number, email: string, passwordHash: string, role: Role): Promise<boolean> {
    const taken = new Error('email taken');
    try {
      await this.users.manager.transaction(async (tx) => {
        // The only unique keys are (workspace, email) and the generated id: "any conflict" is the email's.
        const user = await tx.getRepository(User).createQueryBuilder().insert().values({ workspaceId, email, passwordHash, role }).orIgnore().updateEntity(false).returning('user_id').execute();
        if (user.raw.length === 0) throw taken;
        // Another workspace's user with this email: user_emails' key says so, and the user goes again.
        const claimed = await tx
          .getRepository(UserEmail)
          .createQueryBuilder()
          .insert()
          // lower() as uq_users_email and the migration's backfill have it (not JS's toLowerCase).
          .values({ email: () => 'lower(:email)', workspaceId, userId: user.raw[0].user_id })
          .setParameter('email', email)
          .orIgnore()
          .updateEntity(false)
          .returning('email')
          .execute();
        if (claimed.raw.length === 0) throw taken;
      });
      return true;
    } catch (e) {
      if (e === taken) return false;
      throw e;
    }
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email: sameEmail(email) });
  }

  async createSession(workspaceId: number, userId: number, tokenHash: Buffer, csrfToken: string, ttlHours: number): Promise<void> {
    // Expiry by the database's clock, which findSession compares it with.
    await this.sessions
      .createQueryBuilder()
      .insert()
      .values({ workspaceId, userId, tokenHash, csrfToken, expiresAt: () => 'now() + make_interval(hours => :ttlHours)' })
      .setParameter('ttlHours', ttlHours)
      .updateEntity(false)
      .execute();
  }

  /** The live (not revoked, not expired) session with this token hash. */
  async findSession(tokenHash: Buffer): Promise<SessionIdentity | null> {
    const row = await this.sessions
      .createQueryBuilder('s')
      .innerJoin(User, 'u', 'u.workspaceId = s.workspaceId AND u.id = s.userId')
      .innerJoin(Workspace, 'w', 'w.id = s.workspaceId')
      .select('s.workspaceId', 'workspaceId')
      .addSelect('w.timeZone', 'timeZone')
      .addSelect('s.id', 'sessionId')
      .addSelect('u.id', 'userId')
      .addSelect('u.email', 'email')
      .addSelect('u.role', 'role')
      .addSelect('s.csrfToken', 'csrfToken')
      .where('s.tokenHash = :tokenHash', { tokenHash })
      .andWhere('s.revokedAt IS NULL')
      .andWhere('s.expiresAt > now()')
      .getRawOne<SessionIdentity>();
    return row ?? null;
  }

  /** Whether a live device cookie (by its hash) was issued to the user with this email. */
  isDeviceOf(tokenHash: Buffer, email: string): Promise<boolean> {
    return this.devices
      .createQueryBuilder('d')
      .innerJoin(User, 'u', 'u.workspaceId = d.workspaceId AND u.id = d.userId')
      .where('d.tokenHash = :tokenHash', { tokenHash })
      .andWhere('d.expiresAt > now()')
      .andWhere('lower(u.email) = lower(:email)', { email })
      .getExists();
  }

  async createDevice(workspaceId: number, userId: number, tokenHash: Buffer, ttlDays: number): Promise<void> {
    await this.devices
      .createQueryBuilder()
      .insert()
      .values({ workspaceId, userId, tokenHash, expiresAt: () => 'now() + make_interval(days => :ttlDays)' })
      .setParameter('ttlDays', ttlDays)
      .updateEntity(false)
      .execute();
  }

  async deleteDevice(tokenHash: Buffer): Promise<void> {
    await this.devices.delete({ tokenHash });
  }

  async revokeSession(workspaceId: number, sessionId: number): Promise<void> {
    await this.sessions.update({ workspaceId, id: sessionId }, { revokedAt: () => 'now()' });
  }

  /**
   * The occurredAt of the workspace's earliest and latest event, µs since the epoch (exact, as
   * text); null without events. min and max over ix_events_occurred_id (workspace_id,
   * occurred_at, …) are each one index probe, whatever the number of events.
   */
  async eventRange(workspaceId: number): Promise<{ firstUs: string | null; lastUs: string | null }> {
    const row = await this.events
      .createQueryBuilder('e')
      .select('(extract(epoch FROM min(e.occurredAt)) * 1000000)::bigint::text', 'firstUs')
      .addSelect('(extract(epoch FROM max(e.occurredAt)) * 1000000)::bigint::text', 'lastUs')
      .where('e.workspaceId = :workspaceId', { workspaceId })
      .getRawOne<{ firstUs: string | null; lastUs: string | null }>();
    return row ?? { firstUs: null, lastUs: null };
  }

  /** Whether the workspace has a business-hours schedule, and the progress of recomputing business time after a change. */
  async businessHoursState(workspaceId: number): Promise<{ set: boolean; recompute: { done: number; total: number } | null }> {
    const rows: { recompute_total: number | null; recompute_done: number | null }[] = await this.events.manager.query(
      `SELECT recompute_total, recompute_done FROM business_hours WHERE workspace_id = $1`,
      [workspaceId],
    );
    const r = rows[0];
    return { set: r !== undefined, recompute: r && r.recompute_total !== null ? { done: r.recompute_done ?? 0, total: r.recompute_total } : null };
  }

  async workspaceName(workspaceId: number): Promise<string> {
    const workspace = await this.workspaces.findOneOrFail({ select: { name: true }, where: { id: workspaceId } });
    return workspace.name;
  }

  list(workspaceId: number): Promise<Pick<User, 'email' | 'role' | 'createdAt'>[]> {
    return this.users.createQueryBuilder('u').select(['u.email', 'u.role', 'u.createdAt']).where({ workspaceId }).orderBy('lower(u.email)').getMany();
  }

  /** Every user (of one workspace, or of all), with their workspace's name: never password hashes. */
  listWithWorkspace(workspaceId?: number): Promise<{ email: string; role: Role; workspace: string; createdAt: Date }[]> {
    const q = this.users
      .createQueryBuilder('u')
      .innerJoin(Workspace, 'w', 'w.id = u.workspaceId')
      .select('u.email', 'email')
      .addSelect('u.role', 'role')
      .addSelect('w.name', 'workspace')
      .addSelect('u.createdAt', 'createdAt')
      .orderBy('w.name')
      .addOrderBy('lower(u.email)');
    if (workspaceId !== undefined) q.where('u.workspaceId = :workspaceId', { workspaceId });
    return q.getRawMany();
  }

  /** The stored hash of one user's password (to check the current one before a change). */
  async passwordHash(workspaceId: number, userId: number): Promise<string | null> {
    const user = await this.users.findOne({ select: { passwordHash: true }, where: { workspaceId, id: userId } });
    return user?.passwordHash ?? null;
  }

  /**
   * Sets a user's password and ends their live sessions, all but `keepSessionId` (the one that
   * changed it), in one transaction; answers how many sessions ended.
   */
  setPassword(workspaceId: number, userId: number, passwordHash: string, keepSessionId: number | null): Promise<number> {
    return this.users.manager.transaction(async (tx) => {
      await tx.getRepository(User).update({ workspaceId, id: userId }, { passwordHash });
      const q = tx
        .getRepository(Session)
        .createQueryBuilder()
        .update()
        .set({ revokedAt: () => 'now()' })
        .where('workspace_id = :workspaceId AND user_id = :userId AND revoked_at IS NULL AND expires_at > now()', { workspaceId, userId });
      if (keepSessionId !== null) q.andWhere('session_id <> :keepSessionId', { keepSessionId });
      return (await q.execute()).affected ?? 0;
    });
  }

  /** Changes a user's role unless it would leave the workspace without an admin. */
  setRole(workspaceId: number, email: string, role: Role): Promise<'ok' | 'missing' | 'last-admin'> {
    return this.users.manager.transaction(async (tx) => {
      const users = await this.lockUsers(tx.getRepository(User), workspaceId);
      const user = users.find((u) => u.email.toLowerCase() === email.toLowerCase());
      if (!user) return 'missing';
      if (user.role === 'admin' && role !== 'admin' && users.filter((u) => u.role === 'admin').length === 1) return 'last-admin';
      await tx.getRepository(User).update({ workspaceId, id: user.id }, { role });
      return 'ok';
    });
  }

  /** Removes a user (and so their sessions) unless it is the last admin. */
  remove(workspaceId: number, email: string): Promise<'ok' | 'missing' | 'last-admin'> {
    return this.users.manager.transaction(async (tx) => {
      const users = await this.lockUsers(tx.getRepository(User), workspaceId);
      const user = users.find((u) => u.email.toLowerCase() === email.toLowerCase());
      if (!user) return 'missing';
      if (user.role === 'admin' && users.filter((u) => u.role === 'admin').length === 1) return 'last-admin';
      await tx.getRepository(User).delete({ workspaceId, id: user.id });
      await tx.getRepository(UserEmail).delete({ workspaceId, userId: user.id });
      return 'ok';
    });
  }

  /** The workspace's users, locked (FOR UPDATE) so two admins cannot demote or remove each other at once. */
  private lockUsers(users: Repository<User>, workspaceId: number): Promise<Pick<User, 'id' | 'email' | 'role'>[]> {
    return users.find({ select: { id: true, email: true, role: true }, where: { workspaceId }, lock: { mode: 'pessimistic_write' } });
  }
}
