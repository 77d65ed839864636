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

  /** Grows with every write: a recomputation stops when the schedule it works for is replaced. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  /** Recomputing the biz_ columns after a change (business-time.service.ts); all null when none is due. */
  @Column({ name: 'recompute_total', type: 'integer', nullable: true })
  recomputeTotal!: number | null;

  @Column({ name: 'recompute_done', type: 'integer', nullable: true })
  recomputeDone!: number | null;

  /** The last conversation id recomputed (byte order); null before the first page. */
  @Column({ name: 'recompute_after', type: 'text', collation: 'C', nullable: true })
  recomputeAfter!: string | null;

  @Column({ name: 'recompute_started_at', type: 'timestamptz', nullable: true })
  recomputeStartedAt!: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
