import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Changes of duration_bins' counts appended by ingest, per measure, channel, UTC hour and bin
 * (migration DurationBins): reads fold them into duration_bins and add those not folded yet
 * (duration-bins.repository.ts). The key is a read's range (a measure's hours), then arrival.
 */
@Entity({ name: 'duration_deltas' })
export class DurationDeltaRecord {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer', primaryKeyConstraintName: 'pk_duration_deltas' })
  workspaceId!: number;

  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'pk_duration_deltas' })
  measure!: number;

  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'pk_duration_deltas' })
  hour!: Date;

  @PrimaryGeneratedColumn('identity', { name: 'delta_id', type: 'bigint', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'pk_duration_deltas' })
  id!: string;

  @Column({ type: 'text' })
  channel!: string;

  /** As duration_bins.responder. */
  @Column({ type: 'text', default: '' })
  responder!: string;

  @Column({ type: 'integer' })
  bin!: number;

  /** Values added less values taken away. */
  @Column({ type: 'integer' })
  n!: number;

  /** Their sum in whole µs, likewise. */
  @Column({ type: 'bigint' })
  us!: string;
}
