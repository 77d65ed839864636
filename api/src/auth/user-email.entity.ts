import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Each email (lower-cased) to its one user: sign-in asks for the email only, so an email belongs
 * to one workspace. Kept apart from users so that every key of users leads with workspace_id
 * (docs/scaling.md: a small reference table under Citus). Written with the user, in one
 * transaction (users.repository.ts).
 */
@Entity({ name: 'user_emails' })
export class UserEmail {
  @PrimaryColumn({ type: 'text', collation: 'C', primaryKeyConstraintName: 'pk_user_emails' })
  email!: string;

  @Column({ name: 'workspace_id', type: 'integer' })
  workspaceId!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;
}
