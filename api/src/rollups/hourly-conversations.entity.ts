import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Rollup: per UTC hour and conversation channel, conversation counts, each by the hour of its own
 * instant (started: startedAt; first customer: firstCustomerAt; ratings: ratedAt; assigned:
 * firstAssignedAt). bigint: strings.
 */
@Entity({ name: 'hourly_conversations' })
export class HourlyConversationsRecord {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer', primaryKeyConstraintName: 'pk_hourly_conversations' })
  workspaceId!: number;

  /** '' (totals), 'team', 'tag', 'responder' or 'agent_responder': rollups/cut-rows.ts. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_hourly_conversations' })
  cut!: string;

  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'pk_hourly_conversations' })
  hour!: Date;

  /** The team, tag or first responder ('' for none, and in the totals). */
  @PrimaryColumn({ name: 'cut_value', type: 'text', primaryKeyConstraintName: 'pk_hourly_conversations' })
  cutValue!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_hourly_conversations' })
  channel!: string;

  @Column({ type: 'bigint' })
  started!: string;

  @Column({ type: 'bigint' })
  messages!: string;

  @Column({ type: 'bigint' })
  converted!: string;

  @Column({ name: 'first_customer', type: 'bigint' })
  firstCustomer!: string;

  @Column({ name: 'with_response', type: 'bigint' })
  withResponse!: string;

  @Column({ type: 'bigint' })
  automated!: string;

  @Column({ type: 'bigint' })
  ratings!: string;

  @Column({ name: 'rating_sum', type: 'bigint' })
  ratingSum!: string;

  @Column({ type: 'bigint' })
  satisfied!: string;

  /** Conversations by firstAssignedAt (migration DurationBins). */
  @Column({ type: 'bigint', default: 0 })
  assigned!: string;

  /**
   * In the 'responder' cut only (0 elsewhere): conversations by firstCustomerAt whose first
   * response came from a bot, which marks the group's responder as one (migration ResponderBins).
   */
  @Column({ name: 'bot_first', type: 'bigint', default: 0 })
  botFirst!: string;
}
