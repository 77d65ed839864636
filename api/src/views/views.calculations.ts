import type { SavedView } from '@parley/shared';
import type { ViewRow } from './views.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path's view id is a UUID (anything else is a 400 naming `id`, not a database error). */
export const isViewId = (id: string): boolean => UUID.test(id);

/** A stored view as the API answers it. */
export const viewAnswer = (r: ViewRow): SavedView => ({
  id: r.id,
  name: r.name,
  path: r.path as SavedView['path'],
  query: r.query,
  createdAt: new Date(r.createdAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
});

/** Whether a database error is a second view of the same name (any case) for one user. */
export const isDuplicateName = (e: unknown, index: string): boolean =>
  typeof e === 'object' && e !== null && (e as { code?: string }).code === '23505' && (e as { constraint?: string }).constraint === index;
