import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Workspace } from './workspace.entity.js';

@Injectable()
export class WorkspacesRepository {
  constructor(@InjectRepository(Workspace) private readonly repo: Repository<Workspace>) {}

  findByName(name: string): Promise<Workspace | null> {
    return this.repo.findOneBy({ name });
  }

  findById(id: number): Promise<Workspace | null> {
    return this.repo.findOneBy({ id });
  }

  list(): Promise<Workspace[]> {
    return this.repo.find({ order: { id: 'ASC' } });
  }

  /** Inserts unless the name is taken; null when it is. */
  async create(name: string, timeZone: string): Promise<Workspace | null> {
    const rows: Workspace[] = await this.repo.query(
      `INSERT INTO workspaces (name, time_zone) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING
       RETURNING workspace_id AS id, name, time_zone AS "timeZone", created_at AS "createdAt"`,
      [name, timeZone],
    );
    return rows[0] ?? null;
  }

  /** Whether the database knows the zone too (metrics bucket with it in SQL). */
  async databaseKnowsZone(timeZone: string): Promise<boolean> {
    const rows: unknown[] = await this.repo.query(`SELECT 1 FROM pg_timezone_names WHERE name = $1`, [timeZone]);
    return rows.length > 0;
  }
}
