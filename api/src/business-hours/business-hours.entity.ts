import { Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Workspace } from '../workspaces/workspace.entity.js';

/** A workspace's business-hours schedule (metrics.md, "Business hours"), stored normalised. */
@Entity({ name: 'business_hours' })
export class BusinessHoursRecord {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer', primaryKeyConstraintName: 'pk_business_hours' })
  @ForeignKey(() => Workspace, { name: 'fk_business_hours_workspace', onDelete: 'CASCADE' })
  workspaceId!: number;

  @Column({ type: 'jsonb' })
  schedule!: unknown;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
