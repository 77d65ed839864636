import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity.js';

/** A signed-in browser: the cookie holds a random token, stored here hashed. */
@Entity({ name: 'sessions' })
@Index('ix_sessions_token', ['tokenHash'])
@ForeignKey(() => User, ['workspaceId', 'userId'], ['workspaceId', 'id'], { name: 'fk_sessions_user', onDelete: 'CASCADE' })
export class Session {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer', primaryKeyConstraintName: 'pk_sessions' })
  workspaceId!: number;

  @PrimaryGeneratedColumn('identity', { name: 'session_id', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'pk_sessions' })
  id!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash!: Buffer;

  @Column({ name: 'csrf_token', type: 'text' })
  csrfToken!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
