import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Rollup: the calendar first response, resolution and assignment response times of
 * conversation_facts as rows (migration DurationBins), written where they change after the facts
 * (duration-bins.repository.ts); exact percentiles read one bin's values from its index.
 * measure: first response 4 (any responder) and 5 (agent), resolution 8, assignment response 12.
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

  /** The conversation's first responders (facts), its group under groupBy=agent (migration ResponderBins). */
  @Column({ name: 'first_responder', type: 'text', nullable: true })
  firstResponder!: string | null;

  @Column({ name: 'agent_first_responder', type: 'text', nullable: true })
  agentFirstResponder!: string | null;
}
