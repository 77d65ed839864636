import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface DimensionCount {
  name: string;
  conversations: number;
}

/** The teams and tags of one workspace's conversations (conversation_facts); every statement is scoped by workspace_id. */
@Injectable()
export class DimensionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Up to `limit` teams, most conversations first, ties by name in byte order (stable across databases). */
  async teams(workspaceId: number, limit: number): Promise<DimensionCount[]> {
    const rows: { name: string; conversations: string }[] = await this.db.query(
      `SELECT team AS name, count(*) AS conversations FROM conversation_facts
        WHERE workspace_id = $1 AND team IS NOT NULL
        GROUP BY team ORDER BY count(*) DESC, team COLLATE "C" LIMIT $2`,
      [workspaceId, limit],
    );
    return rows.map((r) => ({ name: r.name, conversations: Number(r.conversations) }));
  }

  /** Up to `limit` tags (a conversation counts once under each of its tags), ordered as teams. */
  async tags(workspaceId: number, limit: number): Promise<DimensionCount[]> {
    const rows: { name: string; conversations: string }[] = await this.db.query(
      `SELECT tag AS name, count(*) AS conversations FROM conversation_facts, unnest(tags) AS tag
        WHERE workspace_id = $1
        GROUP BY tag ORDER BY count(*) DESC, tag COLLATE "C" LIMIT $2`,
      [workspaceId, limit],
    );
    return rows.map((r) => ({ name: r.name, conversations: Number(r.conversations) }));
  }

  /** Conversations without a team and without tags (what the filter value none selects). */
  async without(workspaceId: number): Promise<{ team: number; tags: number }> {
    const rows: { team: string; tags: string }[] = await this.db.query(
      `SELECT count(*) FILTER (WHERE team IS NULL) AS team, count(*) FILTER (WHERE cardinality(tags) = 0) AS tags
         FROM conversation_facts WHERE workspace_id = $1`,
      [workspaceId],
    );
    return { team: Number(rows[0]?.team ?? 0), tags: Number(rows[0]?.tags ?? 0) };
  }
}
