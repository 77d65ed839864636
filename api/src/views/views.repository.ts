import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** A stored view as the service sees it. */
export interface ViewRow {
  id: string;
  name: string;
  path: string;
  query: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Whose views: every statement is scoped by both, so another user's view is never found. */
export interface ViewOwner {
  workspaceId: number;
  userId: number;
}

const COLUMNS = `view_id AS id, name, path, query, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** The unique index a second view of the same name (any case) runs into. */
export const UNIQUE_NAME = 'uq_saved_views_user_name';

@Injectable()
export class ViewsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The owner's views, by name as a person sorts them (case-insensitive). */
  list(o: ViewOwner): Promise<ViewRow[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM saved_views WHERE workspace_id = $1 AND user_id = $2 ORDER BY lower(name), view_id`, [o.workspaceId, o.userId]);
  }

  /**
   * Inserts a view unless the owner already has `limit` of them; null when at the limit. The
   * owner's user row is locked first (FOR NO KEY UPDATE: sign-ins, which only reference the row,
   * go on), so two saves at once are counted one after the other and never pass the limit together.
   */
  insert(o: ViewOwner, id: string, v: { name: string; path: string; query: string }, limit: number): Promise<ViewRow | null> {
    return this.db.transaction(async (m) => {
      await m.query(`SELECT 1 FROM users WHERE workspace_id = $1 AND user_id = $2 FOR NO KEY UPDATE`, [o.workspaceId, o.userId]);
      const rows: ViewRow[] = await m.query(
        `INSERT INTO saved_views (workspace_id, view_id, user_id, name, path, query)
         SELECT $1, $3, $2, $4, $5, $6
          WHERE (SELECT count(*) FROM saved_views WHERE workspace_id = $1 AND user_id = $2) < $7
         RETURNING ${COLUMNS}`,
        [o.workspaceId, o.userId, id, v.name, v.path, v.query, limit],
      );
      return rows[0] ?? null;
    });
  }

  /** Changes the fields given; null when the owner has no view with this id. */
  async update(o: ViewOwner, id: string, v: { name?: string; path?: string; query?: string }): Promise<ViewRow | null> {
    const rows: [ViewRow[], number] = await this.db.query(
      `UPDATE saved_views SET name = coalesce($4, name), path = coalesce($5, path), query = coalesce($6, query), updated_at = now()
        WHERE workspace_id = $1 AND user_id = $2 AND view_id = $3
       RETURNING ${COLUMNS}`,
      [o.workspaceId, o.userId, id, v.name ?? null, v.path ?? null, v.query ?? null],
    );
    // pg answers an UPDATE … RETURNING as [rows, count].
    return rows[0][0] ?? null;
  }

  /** Deletes the owner's view; false when there is none with this id. */
  async delete(o: ViewOwner, id: string): Promise<boolean> {
    const result: [unknown[], number] = await this.db.query(`DELETE FROM saved_views WHERE workspace_id = $1 AND user_id = $2 AND view_id = $3`, [o.workspaceId, o.userId, id]);
    return result[1] > 0;
  }
}
