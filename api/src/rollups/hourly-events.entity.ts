import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Rollup: events and messages in/out per UTC hour and conversation channel (bigint: strings). */
@Entity({ name: 'hourly_events' })
export class HourlyEventsRecord {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer', primaryKeyConstraintName: 'pk_hourly_events' })
  workspaceId!: number;

  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'pk_hourly_events' })
  hour!: Date;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_hourly_events' })
  channel!: string;

  @Column({ type: 'bigint' })
  events!: string;

  @Column({ name: 'messages_in', type: 'bigint' })
  messagesIn!: string;

  @Column({ name: 'messages_out', type: 'bigint' })
  messagesOut!: string;
}
