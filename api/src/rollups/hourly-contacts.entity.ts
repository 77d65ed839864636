import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Rollup: the hour's customer-message contacts per conversation channel, as packed 8-byte
 * big-endian entries (contact key with first-message flags in bits 31 and 30, conversation key).
 */
@Entity({ name: 'hourly_contacts' })
export class HourlyContactsRecord {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer', primaryKeyConstraintName: 'pk_hourly_contacts' })
  workspaceId!: number;

  /** '' (totals), 'team' or 'tag': rollups/cut-rows.ts. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_hourly_contacts' })
  cut!: string;

  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'pk_hourly_contacts' })
  hour!: Date;

  /** The team or tag ('' for none, and in the totals). */
  @PrimaryColumn({ name: 'cut_value', type: 'text', primaryKeyConstraintName: 'pk_hourly_contacts' })
  cutValue!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_hourly_contacts' })
  channel!: string;

  @Column({ type: 'bytea' })
  entries!: Buffer;
}
