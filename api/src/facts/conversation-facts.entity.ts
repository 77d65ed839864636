import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per conversation: every fact of events.md (ConversationFacts in facts.calculations.ts).
 * Upserted and read with raw SQL (facts, metrics, exports); the entity documents the table.
 * Times are seconds (double precision); the reply waits are parallel arrays.
 */
@Entity({ name: 'conversation_facts' })
// Partial and/or with INCLUDE columns (covering the metric queries): TypeORM only names them.
@Index('ix_facts_started_id', { synchronize: false })
@Index('ix_facts_first_customer', { synchronize: false })
@Index('ix_facts_resolved', { synchronize: false })
@Index('ix_facts_rated', { synchronize: false })
@Index('ix_facts_first_assigned', { synchronize: false })
// A team's or tagged conversations alone (migration CutFirsts).
@Index('ix_facts_started_team', { synchronize: false })
@Index('ix_facts_started_tagged', { synchronize: false })
@Index('ix_facts_first_customer_team', { synchronize: false })
@Index('ix_facts_first_customer_tagged', { synchronize: false })
@Index('ix_facts_rated_team', { synchronize: false })
@Index('ix_facts_rated_tagged', { synchronize: false })
// By last event, for GET /live (migrations Live, LiveOpen): all, and the open ones.
@Index('ix_facts_last_event', { synchronize: false })
@Index('ix_facts_open', { synchronize: false })
// GET /conversations in each sort's order, and the unanswered ones (migration ListOrder).
@Index('ix_facts_order_first_response_time', { synchronize: false })
@Index('ix_facts_order_agent_first_response_time', { synchronize: false })
@Index('ix_facts_order_biz_first_response_time', { synchronize: false })
@Index('ix_facts_order_biz_agent_first_response_time', { synchronize: false })
@Index('ix_facts_order_resolution_time', { synchronize: false })
@Index('ix_facts_order_biz_resolution_time', { synchronize: false })
@Index('ix_facts_order_waiting_since', { synchronize: false })
@Index('ix_facts_order_agent_waiting_since', { synchronize: false })
@Index('ix_facts_order_rating', { synchronize: false })
@Index('ix_facts_unanswered', { synchronize: false })
export class ConversationFactsRecord {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer', primaryKeyConstraintName: 'pk_conversation_facts' })
  workspaceId!: number;

  @PrimaryColumn({ name: 'conversation_id', type: 'text', collation: 'C', primaryKeyConstraintName: 'pk_conversation_facts' })
  conversationId!: string;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ name: 'contact_id', type: 'text', collation: 'C' })
  contactId!: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'last_event_at', type: 'timestamptz' })
  lastEventAt!: Date;

  @Column({ name: 'first_customer_at', type: 'timestamptz', nullable: true })
  firstCustomerAt!: Date | null;

  @Column({ name: 'first_response_at', type: 'timestamptz', nullable: true })
  firstResponseAt!: Date | null;

  @Column({ name: 'first_response_time', type: 'double precision', nullable: true })
  firstResponseTime!: number | null;

  @Column({ name: 'first_responder', type: 'text', nullable: true })
  firstResponder!: string | null;

  @Column({ name: 'agent_first_response_at', type: 'timestamptz', nullable: true })
  agentFirstResponseAt!: Date | null;

  @Column({ name: 'agent_first_response_time', type: 'double precision', nullable: true })
  agentFirstResponseTime!: number | null;

  @Column({ name: 'agent_first_responder', type: 'text', nullable: true })
  agentFirstResponder!: string | null;

  @Column({ name: 'reply_wait_starts', type: 'timestamptz', array: true })
  replyWaitStarts!: Date[];

  @Column({ name: 'reply_times', type: 'double precision', array: true })
  replyTimes!: number[];

  @Column({ name: 'agent_reply_wait_starts', type: 'timestamptz', array: true })
  agentReplyWaitStarts!: Date[];

  @Column({ name: 'agent_reply_times', type: 'double precision', array: true })
  agentReplyTimes!: number[];

  @Column({ name: 'has_response', type: 'boolean' })
  hasResponse!: boolean;

  @Column({ type: 'boolean' })
  automated!: boolean;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'resolution_time', type: 'double precision', nullable: true })
  resolutionTime!: number | null;

  @Column({ type: 'smallint', nullable: true })
  rating!: number | null;

  @Column({ name: 'rated_at', type: 'timestamptz', nullable: true })
  ratedAt!: Date | null;

  @Column({ type: 'boolean' })
  converted!: boolean;

  @Column({ type: 'integer' })
  conversions!: number;

  /** Exact decimal strings per currency, e.g. {"EUR": "120.5"}. */
  @Column({ type: 'jsonb' })
  revenue!: Record<string, string>;

  @Column({ name: 'messages_in', type: 'integer' })
  messagesIn!: number;

  @Column({ name: 'messages_out', type: 'integer' })
  messagesOut!: number;

  @Column({ type: 'integer' })
  events!: number;

  @Column({ type: 'text', nullable: true })
  team!: string | null;

  @Column({ type: 'text', nullable: true })
  assignee!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @Column({ name: 'first_assigned_at', type: 'timestamptz', nullable: true })
  firstAssignedAt!: Date | null;

  @Column({ name: 'assignment_response_time', type: 'double precision', nullable: true })
  assignmentResponseTime!: number | null;

  /** Business-time twins of the durations (migration BusinessTime): null without a schedule. */
  @Column({ name: 'biz_first_response_time', type: 'double precision', nullable: true })
  bizFirstResponseTime!: number | null;

  @Column({ name: 'biz_agent_first_response_time', type: 'double precision', nullable: true })
  bizAgentFirstResponseTime!: number | null;

  @Column({ name: 'biz_resolution_time', type: 'double precision', nullable: true })
  bizResolutionTime!: number | null;

  @Column({ name: 'biz_assignment_response_time', type: 'double precision', nullable: true })
  bizAssignmentResponseTime!: number | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  /** The start of the wait the reply-time walk ends with open (responder any / agent); null when not waiting. */
  @Column({ name: 'waiting_since', type: 'timestamptz', nullable: true })
  waitingSince!: Date | null;

  @Column({ name: 'agent_waiting_since', type: 'timestamptz', nullable: true })
  agentWaitingSince!: Date | null;
}
