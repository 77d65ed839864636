import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A stored event (events.md): typed columns for everything metrics filter on. Written and read
 * with raw SQL (events.repository.ts, metrics, exports); the entity documents the table.
 * Ids are text COLLATE "C" (byte order, as events.md sorts them).
 */
@Entity({ name: 'events' })
@Index('ix_events_conversation', ['workspaceId', 'conversationId'])
@Index('ix_events_occurred_id', ['workspaceId', 'occurredAt', 'eventId'])
// Partial, with INCLUDE columns: more than TypeORM describes, so it only names it.
@Index('ix_events_conversion', { synchronize: false })
@Index('ix_events_contact_messages', { synchronize: false })
@Index('ix_events_campaign', { synchronize: false })
@Index('ix_events_contact_response', { synchronize: false })
export class EventRecord {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer', primaryKeyConstraintName: 'pk_events' })
  workspaceId!: number;

  @PrimaryColumn({ name: 'event_id', type: 'text', collation: 'C', primaryKeyConstraintName: 'pk_events' })
  eventId!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'conversation_id', type: 'text', collation: 'C' })
  conversationId!: string;

  @Column({ name: 'contact_id', type: 'text', collation: 'C' })
  contactId!: string;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ name: 'sender_type', type: 'text', nullable: true })
  senderType!: string | null;

  @Column({ name: 'sender_id', type: 'text', nullable: true })
  senderId!: string | null;

  @Column({ name: 'campaign_id', type: 'text', nullable: true })
  campaignId!: string | null;

  @Column({ name: 'message_id', type: 'text', nullable: true })
  messageId!: string | null;

  @Column({ name: 'agent_id', type: 'text', nullable: true })
  agentId!: string | null;

  @Column({ type: 'text', nullable: true })
  team!: string | null;

  @Column({ type: 'smallint', nullable: true })
  rating!: number | null;

  /** numeric: an exact decimal, read as a string. */
  @Column({ type: 'numeric', nullable: true })
  value!: string | null;

  @Column({ type: 'character', length: 3, nullable: true })
  currency!: string | null;

  @Column({ type: 'text', array: true, nullable: true })
  tags!: string[] | null;

  @Column({ type: 'jsonb', nullable: true })
  attributes!: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
