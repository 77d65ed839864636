import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import type { Scope } from '@parley/shared';
import { Workspace } from '../workspaces/workspace.entity.js';
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
    const key = this.repo.create({ workspaceId, name, prefix, keyHash, scopes, lastUsedAt: null, revokedAt: null });
    await this.repo.insert(key); // fills in the generated id and createdAt
    return key;
  }

  /** The live (not revoked) key with this hash. */
  async findActiveByHash(keyHash: Buffer): Promise<KeyIdentity | null> {
    const row = await this.repo
      .createQueryBuilder('k')
      .innerJoin(Workspace, 'w', 'w.id = k.workspaceId')
      .select('k.workspaceId', 'workspaceId')
      .addSelect('w.timeZone', 'timeZone')
      .addSelect('k.id', 'keyId')
      .addSelect('k.scopes', 'scopes')
      .addSelect('k.lastUsedAt', 'lastUsedAt')
      .where('k.keyHash = :keyHash', { keyHash })
      .andWhere('k.revokedAt IS NULL')
      .getRawOne<KeyIdentity>();
    return row ?? null;
  }

  async touch(workspaceId: number, keyId: number): Promise<void> {
    await this.repo.update({ workspaceId, id: keyId }, { lastUsedAt: () => 'now()' });
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
