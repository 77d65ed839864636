import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

@Entity({ name: 'workspaces' })
@Unique('uq_workspaces_name', ['name'])
export class Workspace {
  @PrimaryGeneratedColumn('identity', { name: 'workspace_id', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'pk_workspaces' })
  id!: number;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'time_zone', type: 'text', default: 'UTC' })
  timeZone!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
