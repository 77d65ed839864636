import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { User } from '../auth/user.entity.js';

/** A user's named dashboard URL (docs/api.md "Saved views"); private to that user. */
@Entity({ name: 'saved_views' })
@ForeignKey(() => User, ['workspaceId', 'userId'], ['workspaceId', 'id'], { name: 'fk_saved_views_user', onDelete: 'CASCADE' })
@Check('saved_views_name_check', `char_length(name) BETWEEN 1 AND 80`)
@Check('saved_views_query_check', `char_length(query) <= 2000`)
// Unique on (workspace, user, lower(name)): an expression index, which TypeORM cannot describe, so it only names it.
@Index('uq_saved_views_user_name', { synchronize: false })
export class SavedViewRecord {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer', primaryKeyConstraintName: 'pk_saved_views' })
  workspaceId!: number;

  /** A random UUID made in Node (randomUUID), so ids say nothing about how many views exist. */
  @PrimaryColumn({ name: 'view_id', type: 'uuid', primaryKeyConstraintName: 'pk_saved_views' })
  id!: string;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  path!: string;

  @Column({ type: 'text' })
  query!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
