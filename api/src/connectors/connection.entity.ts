import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Workspace } from '../workspaces/workspace.entity.js';

/** bigint counters as numbers (they stay far below 2^53). */
const count = { type: 'bigint', default: 0, transformer: { to: (v: number) => v, from: (v: string | null) => Number(v ?? 0) } } as const;

/** A platform account whose webhooks become events (connectors.md, "Connections"). */
@Entity({ name: 'connections' })
@Index('ix_connections_id', ['id'])
@Check('connections_sender_type_check', `sender_type IN ('agent', 'bot')`)
export class ConnectionRecord {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer', primaryKeyConstraintName: 'pk_connections' })
  @ForeignKey(() => Workspace, { name: 'connections_workspace_id_fkey', onDelete: 'CASCADE' })
  workspaceId!: number;

  /** 128 random bits, base64url: the webhook URL's locator, unguessable. */
  @PrimaryColumn({ name: 'connection_id', type: 'text', collation: 'C', primaryKeyConstraintName: 'pk_connections' })
  id!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Overrides the kind's channel when set. */
  @Column({ type: 'text', nullable: true })
  channel!: string | null;

  @Column({ name: 'sender_type', type: 'text' })
  senderType!: 'agent' | 'bot';

  @Column({ name: 'sender_id', type: 'text' })
  senderId!: string;

  @Column({ name: 'session_gap_hours', type: 'integer', default: 24 })
  sessionGapHours!: number;

  /** AES-256-GCM (secrets.calculations.ts), never selected unless asked for. */
  @Column({ type: 'bytea', select: false })
  secrets!: Buffer;

  @Column({ ...count })
  deliveries!: number;

  @Column({ name: 'events_made', ...count })
  eventsMade!: number;

  @Column({ ...count })
  duplicates!: number;

  @Column({ ...count })
  ignored!: number;

  @Column({ ...count })
  rejected!: number;

  @Column({ name: 'last_delivery_at', type: 'timestamptz', nullable: true })
  lastDeliveryAt!: Date | null;

  @Column({ name: 'last_rejection', type: 'text', nullable: true })
  lastRejection!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
