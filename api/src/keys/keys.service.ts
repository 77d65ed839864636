import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SCOPES, type Scope } from '@parley/shared';
import { BadRequest, NotFound } from '../common/errors.js';
import type { ApiKey } from './api-key.entity.js';
import { type KeyIdentity, KeysRepository } from './keys.repository.js';

const KEY_PREFIX = 'prly_';
/** Characters of the key kept in clear to tell keys apart (prly_ + 8). */
const SHOWN = KEY_PREFIX.length + 8;
const SHOWN_PATTERN = /^prly_[A-Za-z0-9_-]{8}$/;
/** last_used_at is written at most this often per key, not on every request. */
const TOUCH_EVERY_MS = 60_000;

export const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest();

export function parseScopes(text: string): Scope[] {
  const scopes = [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];
  const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (scopes.length === 0 || unknown.length)
    throw new BadRequest(`scopes: must be a comma-separated list of ${SCOPES.join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`);
  return scopes as Scope[];
}

@Injectable()
export class KeysService {
  constructor(private readonly keys: KeysRepository) {}

  /** Creates a key; the secret is returned here once and never stored. */
  async create(workspaceId: number, scopes: Scope[], name = ''): Promise<{ key: string; record: ApiKey }> {
    const key = KEY_PREFIX + randomBytes(32).toString('base64url');
    const record = await this.keys.insert(workspaceId, name, key.slice(0, SHOWN), hashKey(key), scopes);
    return { key, record };
  }

  /** The identity behind a bearer key, or null when it is unknown or revoked. */
  async authenticate(key: string): Promise<KeyIdentity | null> {
    if (!key.startsWith(KEY_PREFIX) || key.length > 200) return null;
    const identity = await this.keys.findActiveByHash(hashKey(key));
    if (identity && (!identity.lastUsedAt || Date.now() - identity.lastUsedAt.getTime() > TOUCH_EVERY_MS))
      await this.keys.touch(identity.workspaceId, identity.keyId);
    return identity;
  }

  list(workspaceId: number): Promise<ApiKey[]> {
    return this.keys.list(workspaceId);
  }

  async revoke(workspaceId: number, prefix: string): Promise<void> {
    const shown = prefix.slice(0, SHOWN);
    // Only what a key can start with reaches the database (a NUL there would be a 500).
    if (!SHOWN_PATTERN.test(shown)) throw new BadRequest(`key: give the key or its first ${SHOWN} characters (like prly_AbCd1234)`);
    if ((await this.keys.revoke(workspaceId, shown)) === 0)
      throw new NotFound('KEY_NOT_FOUND', `key: no live key starting ${shown} in this workspace`);
  }
}
