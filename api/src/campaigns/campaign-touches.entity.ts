import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Derived: one row per campaign message (touch) with its conversation's channel, team and tags,
 * its status instants and its contact's first reply and conversion after it (migration
 * CampaignTouches). Maintained by CampaignTouchesRepository.
 */
@Entity({ name: 'campaign_touches' })
@Index('ix_campaign_touches_conversation', ['workspaceId', 'conversationId'])
@Index('ix_campaign_touches_message', ['workspaceId', 'messageId'])
@Index('ix_campaign_touches_contact', ['workspaceId', 'contactId', 'occurredAt'])
export class CampaignTouchRecord {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer', primaryKeyConstraintName: 'pk_campaign_touches' })
  workspaceId!: number;

  @PrimaryColumn({ name: 'occurred_at', type: 'timestamptz', primaryKeyConstraintName: 'pk_campaign_touches' })
  occurredAt!: Date;

  @PrimaryColumn({ name: 'event_id', type: 'text', collation: 'C', primaryKeyConstraintName: 'pk_campaign_touches' })
  eventId!: string;

  @Column({ name: 'campaign_id', type: 'text' })
  campaignId!: string;

  @Column({ name: 'contact_id', type: 'text', collation: 'C' })
  contactId!: string;

  @Column({ name: 'conversation_id', type: 'text', collation: 'C' })
  conversationId!: string;

  @Column({ name: 'message_id', type: 'text', collation: 'C', nullable: true })
  messageId!: string | null;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ type: 'text', nullable: true })
  team!: string | null;

  @Column({ type: 'text', array: true })
  tags!: string[];

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;

  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt!: Date | null;

  @Column({ name: 'reply_at', type: 'timestamptz', nullable: true })
  replyAt!: Date | null;

  @Column({ name: 'conversion_at', type: 'timestamptz', nullable: true })
  conversionAt!: Date | null;
}
