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
    const workspace = this.repo.create({ name, timeZone });
    // The only unique keys are the name and the generated id, so "any conflict" is the name's.
    const result = await this.repo.createQueryBuilder().insert().values(workspace).orIgnore().execute();
    return result.raw.length > 0 ? workspace : null;
  }

  /** Whether the database knows the zone too (metrics bucket with it in SQL). */
  async databaseKnowsZone(timeZone: string): Promise<boolean> {
    // Raw SQL: a system view, not a table of ours.
    const rows: unknown[] = await this.repo.query(`SELECT 1 FROM pg_timezone_names WHERE name = $1`, [timeZone]);
    return rows.length > 0;
  }
}
