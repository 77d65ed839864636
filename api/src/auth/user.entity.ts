import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@parley/shared';
import { Workspace } from '../workspaces/workspace.entity.js';

@Entity({ name: 'users' })
@Check('users_role_check', `role IN ('admin', 'member')`)
// Unique on (workspace_id, lower(email)) and found by lower(email): expression indexes, which
// TypeORM cannot describe, so it only names them. Across workspaces, user_emails keeps an email
// to one user (sign-in asks for the email only).
@Index('uq_users_email', { synchronize: false })
@Index('ix_users_email', { synchronize: false })
export class User {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer', primaryKeyConstraintName: 'pk_users' })
  @ForeignKey(() => Workspace, { name: 'users_workspace_id_fkey', onDelete: 'CASCADE' })
  workspaceId!: number;

  @PrimaryGeneratedColumn('identity', { name: 'user_id', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'pk_users' })
  id!: number;

  @Column({ type: 'text' })
  email!: string;

  /** scrypt (password.ts). */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'text' })
  role!: Role;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
