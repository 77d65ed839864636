import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Rollup: the facts' reply times as rows, by the instant their wait opened, for both responders. */
@Entity({ name: 'reply_waits' })
// With INCLUDE columns: TypeORM only names it.
@Index('ix_reply_waits_opened', { synchronize: false })
// A team's or the tagged waits alone (migration CutChannelFirsts).
@Index('ix_reply_waits_team', { synchronize: false })
@Index('ix_reply_waits_tagged', { synchronize: false })
// By bin of the value (migration DurationBins): exact percentiles read one bin's values.
@Index('ix_reply_waits_bin', { synchronize: false })
export class ReplyWaitRecord {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer', primaryKeyConstraintName: 'pk_reply_waits' })
  workspaceId!: number;

  @PrimaryColumn({ name: 'conversation_id', type: 'text', collation: 'C', primaryKeyConstraintName: 'pk_reply_waits' })
  conversationId!: string;

  /** true: the agent responder's waits; false: any responder's. */
  @PrimaryColumn({ type: 'boolean', primaryKeyConstraintName: 'pk_reply_waits' })
  agent!: boolean;

  /** 1-based position in the facts' wait arrays. */
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_reply_waits' })
  n!: number;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  @Column({ type: 'double precision' })
  seconds!: number;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ type: 'text', nullable: true })
  responder!: string | null;

  /** The conversation's team and tags (facts), recomputed with it. */
  @Column({ type: 'text', nullable: true })
  team!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  /** seconds in business time (migration BusinessTime): null without a schedule. */
  @Column({ name: 'biz_seconds', type: 'double precision', nullable: true })
  bizSeconds!: number | null;
}
