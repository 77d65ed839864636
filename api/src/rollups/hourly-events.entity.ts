import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Rollup: events and messages in/out per UTC hour and conversation channel (bigint: strings). */
@Entity({ name: 'hourly_events' })
export class HourlyEventsRecord {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer', primaryKeyConstraintName: 'pk_hourly_events' })
  workspaceId!: number;

  /** '' (totals), 'team' or 'tag': rollups/cut-rows.ts. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_hourly_events' })
  cut!: string;

  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'pk_hourly_events' })
  hour!: Date;

  /** The team or tag ('' for none, and in the totals). */
  @PrimaryColumn({ name: 'cut_value', type: 'text', primaryKeyConstraintName: 'pk_hourly_events' })
  cutValue!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_hourly_events' })
  channel!: string;

  @Column({ type: 'bigint' })
  events!: string;

  @Column({ name: 'messages_in', type: 'bigint' })
  messagesIn!: string;

  @Column({ name: 'messages_out', type: 'bigint' })
  messagesOut!: string;
}
