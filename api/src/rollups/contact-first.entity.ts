import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Rollup: each contact's first customer message per channel, and over all channels (channel '*'). */
@Entity({ name: 'contact_first' })
// Several channels' firsts in a period (migration ContactFirstAt; with INCLUDE, TypeORM only names it).
@Index('ix_contact_first_at', { synchronize: false })
export class ContactFirstRecord {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer', primaryKeyConstraintName: 'pk_contact_first' })
  workspaceId!: number;

  @PrimaryColumn({ name: 'contact_id', type: 'text', collation: 'C', primaryKeyConstraintName: 'pk_contact_first' })
  contactId!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_contact_first' })
  channel!: string;

  @Column({ name: 'first_at', type: 'timestamptz' })
  firstAt!: Date;
}
