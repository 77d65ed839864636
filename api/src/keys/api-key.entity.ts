import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Scope } from '@parley/shared';
import { Workspace } from '../workspaces/workspace.entity.js';

@Entity({ name: 'api_keys' })
// Found by its hash alone; 256 random bits need no unique constraint (which Citus could not
// keep across workspaces: migration DistributionKeys).
@Index('ix_api_keys_hash', ['keyHash'])
export class ApiKey {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer', primaryKeyConstraintName: 'pk_api_keys' })
  @ForeignKey(() => Workspace, { name: 'api_keys_workspace_id_fkey', onDelete: 'CASCADE' })
  workspaceId!: number;

  @PrimaryGeneratedColumn('identity', { name: 'key_id', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'pk_api_keys' })
  id!: number;

  @Column({ type: 'text', default: '' })
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
