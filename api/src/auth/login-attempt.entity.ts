import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A fixed-window counter of sign-in attempts, keyed by a SHA-256 of its kind and subject. */
@Entity({ name: 'login_attempts' })
@Index('ix_login_attempts_window', ['windowStart'])
export class LoginAttempt {
  @PrimaryColumn({ type: 'bytea', primaryKeyConstraintName: 'pk_login_attempts' })
  key!: Buffer;

  @Column({ name: 'window_start', type: 'timestamptz' })
  windowStart!: Date;

  @Column({ type: 'integer' })
  attempts!: number;
}
