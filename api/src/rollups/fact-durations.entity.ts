import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Rollup: the calendar first response, resolution and assignment response times of
 * conversation_facts as rows (migration DurationBins), written where they change after the facts
 * (duration-bins.repository.ts); exact percentiles read one bin's values from its index.
 * measure: first response 4 (any responder) and 5 (agent), resolution 8, assignment response 12;
 * grouped by first responder 20, 21, 24, 25, 28, 29 (duration_bins' numbering).
 */
@Entity({ name: 'fact_durations' })
// By bin of the value, with INCLUDE columns: TypeORM only names it.
@Index('ix_fact_durations_bin', { synchronize: false })
export class FactDurationRecord {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer', primaryKeyConstraintName: 'pk_fact_durations' })
  workspaceId!: number;

  @PrimaryColumn({ name: 'conversation_id', type: 'text', collation: 'C', primaryKeyConstraintName: 'pk_fact_durations' })
  conversationId!: string;

  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'pk_fact_durations' })
  measure!: number;

  /** The instant the measure is reported at (firstCustomerAt, resolvedAt, firstAssignedAt). */
  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'double precision' })
  seconds!: number;

  @Column({ type: 'text' })
  channel!: string;

  /** '' in the plain measures; in the grouped ones the conversation's first responder, '' for none (migration ResponderBins). */
  @Column({ type: 'text', default: '' })
  responder!: string;
}
