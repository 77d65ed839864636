import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Derived: the first instant of each status type (events.md "Message status") per messageId of a
 * workspace, whatever conversation the status came in. Maintained by MessageStatusRepository.
 */
@Entity({ name: 'message_status' })
export class MessageStatusRecord {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer', primaryKeyConstraintName: 'pk_message_status' })
  workspaceId!: number;

  @PrimaryColumn({ name: 'message_id', type: 'text', collation: 'C', primaryKeyConstraintName: 'pk_message_status' })
  messageId!: string;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;

  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt!: Date | null;
}
