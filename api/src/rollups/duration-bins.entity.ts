import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Rollup: counts of calendar durations in 1024 log-spaced bins per UTC hour or day, measure and
 * channel (migration DurationBins), kept with reply_waits and fact_durations (duration-bins.repository.ts). Exact percentiles
 * locate their rank here and read only that bin's values (metrics/binned-percentiles.*).
 */
@Entity({ name: 'duration_bins' })
export class DurationBinsRecord {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer', primaryKeyConstraintName: 'pk_duration_bins' })
  workspaceId!: number;

  /**
   * Reply time 0 (any responder) and 1 (agent); first response 4 and 5; resolution 8;
   * assignment response 12; each by first responder at 16 + that (+ 1 by the agent first
   * responder for resolution and assignment: 25, 29), migration ResponderBins.
   */
  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'pk_duration_bins' })
  measure!: number;

  /** true: the UTC day starting at `at`; false: the UTC hour. */
  @PrimaryColumn({ type: 'boolean', primaryKeyConstraintName: 'pk_duration_bins' })
  day!: boolean;

  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'pk_duration_bins' })
  at!: Date;

  /** A channel, or '*' for all (no channel name starts with it). */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_duration_bins' })
  channel!: string;

  /** '' in the plain measures; in the grouped ones (16 on) the first responder, '' for none (migration ResponderBins). */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_duration_bins', default: '' })
  responder!: string;

  /** The non-zero bins, 0 … 1023 (bin 0: under 1 µs; database function duration_bin), in order… */
  @Column({ type: 'integer', array: true })
  bins!: number[];

  /** …and how many values each holds (ns[i] in bins[i]). */
  @Column({ type: 'integer', array: true })
  ns!: number[];

  /** The sum of the row's durations in whole µs (bigint: a string). */
  @Column({ name: 'sum_us', type: 'bigint' })
  sumUs!: string;
}
