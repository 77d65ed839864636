import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { User } from './user.entity.js';

/** A device cookie (hashed) issued at a successful sign-in: that browser has its own failure count. */
@Entity({ name: 'login_devices' })
@ForeignKey(() => User, ['workspaceId', 'userId'], ['workspaceId', 'id'], { name: 'fk_login_devices_user', onDelete: 'CASCADE' })
@Index('ix_login_devices_user', ['workspaceId', 'userId'])
@Index('ix_login_devices_expires', ['expiresAt'])
@Index('ix_login_devices_token', ['tokenHash'])
export class LoginDevice {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer', primaryKeyConstraintName: 'pk_login_devices' })
  workspaceId!: number;

  @PrimaryColumn({ name: 'token_hash', type: 'bytea', primaryKeyConstraintName: 'pk_login_devices' })
  tokenHash!: Buffer;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
