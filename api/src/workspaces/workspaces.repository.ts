import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Not, type Repository } from 'typeorm';
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

  /**
   * Sets the name and/or zone of one workspace; 'taken' when another workspace has the name
   * (uq_workspaces_name), 'missing' when the workspace is gone.
   */
  async update(id: number, changes: { name?: string; timeZone?: string }): Promise<Workspace | 'taken' | 'missing'> {
    const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    return this.repo.manager.transaction(async (tx) => {
      const repo = tx.getRepository(Workspace);
      if (set.name !== undefined && (await repo.exists({ where: { name: set.name, id: Not(id) } }))) return 'taken';
      try {
        await repo.update({ id }, set);
      } catch (e) {
        // Two renames to one name at once: the unique index decides.
        if ((e as { code?: string }).code === '23505') return 'taken';
        throw e;
      }
      return (await repo.findOneBy({ id })) ?? 'missing';
    });
  }

  /** Whether the database knows the zone too (metrics bucket with it in SQL). */
  async databaseKnowsZone(timeZone: string): Promise<boolean> {
    // Raw SQL: a system view, not a table of ours.
    const rows: unknown[] = await this.repo.query(`SELECT 1 FROM pg_timezone_names WHERE name = $1`, [timeZone]);
    return rows.length > 0;
  }
}
