import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { ConnectionRecord } from './connection.entity.js';

/**
 * The latest label set Chatwoot's conversation_updated reported for a conversation (connectors.md:
 * labels go on the next event made for it). The newest report wins, whatever order they arrive in.
 */
@Entity({ name: 'chatwoot_labels' })
@ForeignKey(() => ConnectionRecord, ['workspaceId', 'connectionId'], ['workspaceId', 'id'], { name: 'chatwoot_labels_connection_fkey', onDelete: 'CASCADE' })
export class ChatwootLabelsRecord {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer', primaryKeyConstraintName: 'pk_chatwoot_labels' })
  workspaceId!: number;

  @PrimaryColumn({ name: 'connection_id', type: 'text', collation: 'C', primaryKeyConstraintName: 'pk_chatwoot_labels' })
  connectionId!: string;

  /** Our conversation id (`cw:<connection>:c:<display id>`). */
  @PrimaryColumn({ name: 'conversation_id', type: 'text', collation: 'C', primaryKeyConstraintName: 'pk_chatwoot_labels' })
  conversationId!: string;

  @Column({ type: 'text', array: true })
  labels!: string[];

  /** When Chatwoot reported this set (the conversation's updated_at). */
  @Column({ name: 'as_of', type: 'timestamptz' })
  asOf!: Date;
}
