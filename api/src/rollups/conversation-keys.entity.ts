import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** A dense integer key (1, 2, …) per conversation of a workspace, never reused (hourly_contacts entries). */
@Entity({ name: 'conversation_keys' })
@Unique('uq_conversation_keys_key', ['workspaceId', 'key'])
export class ConversationKeyRecord {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer', primaryKeyConstraintName: 'pk_conversation_keys' })
  workspaceId!: number;

  @PrimaryColumn({ name: 'conversation_id', type: 'text', collation: 'C', primaryKeyConstraintName: 'pk_conversation_keys' })
  conversationId!: string;

  @Column({ type: 'integer' })
  key!: number;
}
