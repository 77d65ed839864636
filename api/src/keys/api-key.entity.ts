import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Scope } from '@parley/shared';

@Entity({ name: 'api_keys' })
export class ApiKey {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer' })
  workspaceId!: number;

  @PrimaryGeneratedColumn('identity', { name: 'key_id', generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column({ type: 'text' })
  name!: string;

  /** The first characters of the key, shown to tell keys apart; never enough to use it. */
  @Column({ type: 'text' })
  prefix!: string;

  /** SHA-256 of the whole key. Keys are 256-bit random, so a fast hash is safe here. */
  @Column({ name: 'key_hash', type: 'bytea', select: false })
  keyHash!: Buffer;

  @Column({ type: 'text', array: true })
  scopes!: Scope[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
