import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** A dense integer key (1, 2, …) per contact of a workspace, never reused (hourly_contacts entries). */
@Entity({ name: 'contact_keys' })
@Unique('uq_contact_keys_key', ['workspaceId', 'key'])
export class ContactKeyRecord {
  @PrimaryColumn({ name: 'workspace_id', type: 'integer', primaryKeyConstraintName: 'pk_contact_keys' })
  workspaceId!: number;

  @PrimaryColumn({ name: 'contact_id', type: 'text', collation: 'C', primaryKeyConstraintName: 'pk_contact_keys' })
  contactId!: string;

  @Column({ type: 'integer' })
  key!: number;
}
