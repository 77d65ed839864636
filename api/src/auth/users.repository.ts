import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '@parley/shared';

export interface UserRow {
  workspaceId: number;
  userId: number;
  email: string;
  role: Role;
  passwordHash: string;
}

export interface SessionIdentity {
  workspaceId: number;
  timeZone: string;
  sessionId: number;
  userId: number;
  email: string;
  role: Role;
  csrfToken: string;
}

@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(workspaceId: number, email: string, passwordHash: string, role: Role): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO users (workspace_id, email, password_hash, role) VALUES ($1, $2, $3, $4)
       ON CONFLICT ((lower(email))) DO NOTHING RETURNING user_id`,
      [workspaceId, email, passwordHash, role],
    );
    return rows.length > 0;
  }

  async findByEmail(email: string): Promise<UserRow | null> {
    const rows: UserRow[] = await this.dataSource.query(
      `SELECT workspace_id AS "workspaceId", user_id AS "userId", email, role, password_hash AS "passwordHash"
         FROM users WHERE lower(email) = lower($1)`,
      [email],
    );
    return rows[0] ?? null;
  }

  async createSession(workspaceId: number, userId: number, tokenHash: Buffer, csrfToken: string, ttlHours: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO sessions (workspace_id, user_id, token_hash, csrf_token, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))`,
      [workspaceId, userId, tokenHash, csrfToken, ttlHours],
    );
  }

  /** The live (not revoked, not expired) session with this token hash. */
  async findSession(tokenHash: Buffer): Promise<SessionIdentity | null> {
    const rows: SessionIdentity[] = await this.dataSource.query(
      `SELECT s.workspace_id AS "workspaceId", w.time_zone AS "timeZone", s.session_id AS "sessionId", u.user_id AS "userId",
              u.email, u.role, s.csrf_token AS "csrfToken"
         FROM sessions s JOIN users u USING (workspace_id, user_id) JOIN workspaces w USING (workspace_id)
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()`,
      [tokenHash],
    );
    return rows[0] ?? null;
  }

  /** Whether a live device cookie (by its hash) was issued to the user with this email. */
  async isDeviceOf(tokenHash: Buffer, email: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM login_devices d JOIN users u USING (workspace_id, user_id)
        WHERE d.token_hash = $1 AND d.expires_at > now() AND lower(u.email) = lower($2)`,
      [tokenHash, email],
    );
    return rows.length > 0;
  }

  async createDevice(workspaceId: number, userId: number, tokenHash: Buffer, ttlDays: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO login_devices (workspace_id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(days => $4))`,
      [workspaceId, userId, tokenHash, ttlDays],
    );
  }

  async deleteDevice(tokenHash: Buffer): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_devices WHERE token_hash = $1`, [tokenHash]);
  }

  async revokeSession(workspaceId: number, sessionId: number): Promise<void> {
    await this.dataSource.query(`UPDATE sessions SET revoked_at = now() WHERE workspace_id = $1 AND session_id = $2`, [workspaceId, sessionId]);
  }

  async hasEvents(workspaceId: number): Promise<boolean> {
    const rows: { has: boolean }[] = await this.dataSource.query(`SELECT EXISTS (SELECT 1 FROM events WHERE workspace_id = $1) AS has`, [workspaceId]);
    return rows[0].has;
  }

  async workspaceName(workspaceId: number): Promise<string> {
    const rows: { name: string }[] = await this.dataSource.query(`SELECT name FROM workspaces WHERE workspace_id = $1`, [workspaceId]);
    return rows[0].name;
  }

  list(workspaceId: number): Promise<{ email: string; role: Role; createdAt: Date }[]> {
    return this.dataSource.query(
      `SELECT email, role, created_at AS "createdAt" FROM users WHERE workspace_id = $1 ORDER BY lower(email)`,
      [workspaceId],
    );
  }

  /** Changes a user's role unless it would leave the workspace without an admin; rows changed. */
  async setRole(workspaceId: number, email: string, role: Role): Promise<'ok' | 'missing' | 'last-admin'> {
    return this.dataSource.transaction(async (tx) => {
      // Lock the workspace's users so two admins cannot demote each other at once.
      const users: { email: string; role: Role }[] = await tx.query(`SELECT email, role FROM users WHERE workspace_id = $1 FOR UPDATE`, [workspaceId]);
      const user = users.find((u) => u.email.toLowerCase() === email.toLowerCase());
      if (!user) return 'missing';
      if (user.role === 'admin' && role !== 'admin' && users.filter((u) => u.role === 'admin').length === 1) return 'last-admin';
      await tx.query(`UPDATE users SET role = $3 WHERE workspace_id = $1 AND lower(email) = lower($2)`, [workspaceId, email, role]);
      return 'ok';
    });
  }

  /** Removes a user (and so their sessions) unless it is the last admin. */
  async remove(workspaceId: number, email: string): Promise<'ok' | 'missing' | 'last-admin'> {
    return this.dataSource.transaction(async (tx) => {
      const users: { email: string; role: Role }[] = await tx.query(`SELECT email, role FROM users WHERE workspace_id = $1 FOR UPDATE`, [workspaceId]);
      const user = users.find((u) => u.email.toLowerCase() === email.toLowerCase());
      if (!user) return 'missing';
      if (user.role === 'admin' && users.filter((u) => u.role === 'admin').length === 1) return 'last-admin';
      await tx.query(`DELETE FROM users WHERE workspace_id = $1 AND lower(email) = lower($2)`, [workspaceId, email]);
      return 'ok';
    });
  }
}
