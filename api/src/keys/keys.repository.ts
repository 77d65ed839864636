import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import type { Scope } from '@parley/shared';
import { ApiKey } from './api-key.entity.js';

export interface KeyIdentity {
  workspaceId: number;
  /** The workspace's default time zone (metrics use it when the request names none). */
  timeZone: string;
  keyId: number;
  scopes: Scope[];
  lastUsedAt: Date | null;
}

@Injectable()
export class KeysRepository {
  constructor(@InjectRepository(ApiKey) private readonly repo: Repository<ApiKey>) {}

  async insert(workspaceId: number, name: string, prefix: string, keyHash: Buffer, scopes: Scope[]): Promise<ApiKey> {
    const rows: ApiKey[] = await this.repo.query(
      `INSERT INTO api_keys (workspace_id, name, prefix, key_hash, scopes) VALUES ($1, $2, $3, $4, $5)
       RETURNING workspace_id AS "workspaceId", key_id AS id, name, prefix, scopes, created_at AS "createdAt",
                 last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`,
      [workspaceId, name, prefix, keyHash, scopes],
    );
    return rows[0];
  }

  /** The live (not revoked) key with this hash. */
  async findActiveByHash(keyHash: Buffer): Promise<KeyIdentity | null> {
    const rows: KeyIdentity[] = await this.repo.query(
      `SELECT k.workspace_id AS "workspaceId", w.time_zone AS "timeZone", k.key_id AS "keyId", k.scopes, k.last_used_at AS "lastUsedAt"
         FROM api_keys k JOIN workspaces w USING (workspace_id)
        WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
      [keyHash],
    );
    return rows[0] ?? null;
  }

  async touch(workspaceId: number, keyId: number): Promise<void> {
    await this.repo.query(`UPDATE api_keys SET last_used_at = now() WHERE workspace_id = $1 AND key_id = $2`, [workspaceId, keyId]);
  }

  list(workspaceId: number): Promise<ApiKey[]> {
    return this.repo.find({ where: { workspaceId }, order: { id: 'ASC' } });
  }

  /** Revokes the workspace's live keys whose prefix is `prefix`; returns how many. */
  async revoke(workspaceId: number, prefix: string): Promise<number> {
    const result = await this.repo.update({ workspaceId, prefix, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    return result.affected ?? 0;
  }
}
