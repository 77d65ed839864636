import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Rollup: per conversation, UTC hour and contact with any event, the conversation's channel, its
 * message counts, the contact's first customer message in that hour and the hour's conversion
 * sums. Replaced per conversation with its facts (raw SQL); the entity documents the table.
 */
@Entity({ name: 'conversation_hours' })
// Partial, one with INCLUDE columns: TypeORM only names them.
@Index('ix_conversation_hours_hour', { synchronize: false })
@Index('ix_conversation_hours_contact', { synchronize: false })
@Index('ix_conversation_hours_team', { synchronize: false })
@Index('ix_conversation_hours_tagged', { synchronize: false })
export class ConversationHourRecord {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer', primaryKeyConstraintName: 'pk_conversation_hours' })
  workspaceId!: number;

  @PrimaryColumn({ name: 'conversation_id', type: 'text', collation: 'C', primaryKeyConstraintName: 'pk_conversation_hours' })
  conversationId!: string;

  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'pk_conversation_hours' })
  hour!: Date;

  @PrimaryColumn({ name: 'contact_id', type: 'text', collation: 'C', primaryKeyConstraintName: 'pk_conversation_hours' })
  contactId!: string;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ type: 'integer' })
  events!: number;

  @Column({ name: 'messages_in', type: 'integer' })
  messagesIn!: number;

  @Column({ name: 'messages_out', type: 'integer' })
  messagesOut!: number;

  @Column({ name: 'first_in_at', type: 'timestamptz', nullable: true })
  firstInAt!: Date | null;

  /** Conversion sums per currency, exact decimal strings. */
  @Column({ type: 'jsonb', nullable: true })
  revenue!: Record<string, string> | null;

  /** The conversation's team and tags (facts), replaced with its rows. */
  @Column({ type: 'text', nullable: true })
  team!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  /** This row holds the contact's first customer message among its conversations of this team (none included): setCutFirsts. */
  @Column({ name: 'first_in_team', type: 'boolean', default: false })
  firstInTeam!: boolean;

  /** The tags (NULL: no tags) for which this row holds the contact's first customer message among its conversations carrying it. */
  @Column({ name: 'first_in_tags', type: 'text', array: true, default: () => "'{}'" })
  firstInTags!: (string | null)[];

  /** first_in_team among the contact's conversations of the row's channel (migration CutChannelFirsts). */
  @Column({ name: 'first_in_team_channel', type: 'boolean', default: false })
  firstInTeamChannel!: boolean;

  /** first_in_tags among the contact's conversations of the row's channel. */
  @Column({ name: 'first_in_tags_channel', type: 'text', array: true, default: () => "'{}'" })
  firstInTagsChannel!: (string | null)[];
}
