import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TableActivity } from './statistics.calculations.js';

/** Reads how much the tables changed since their last ANALYZE, and analyzes one. */
@Injectable()
export class StatisticsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async activity(tables: readonly string[]): Promise<TableActivity[]> {
    const rows: { table: string; rows: number; changed: string }[] = await this.dataSource.query(
      `SELECT c.relname AS table, c.reltuples::float8 AS rows, s.n_mod_since_analyze AS changed
         FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
        WHERE s.schemaname = current_schema() AND s.relname = ANY($1::text[])`,
      [tables],
    );
    return rows.map((r) => ({ table: r.table, rows: Number(r.rows), changed: Number(r.changed) }));
  }

  /** `table` is one of statistics.service.ts's names, never input. */
  async analyze(table: string): Promise<void> {
    await this.dataSource.query(`ANALYZE "${table.replace(/"/g, '""')}"`);
  }
}
