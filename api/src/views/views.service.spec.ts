import { MAX_VIEWS_PER_USER } from '@parley/shared';
import type { Caller } from '../auth/caller.js';
import { ParleyError } from '../common/errors.js';
import { isDuplicateName, isViewId, viewAnswer } from './views.calculations.js';
import { UNIQUE_NAME, type ViewOwner, type ViewRow, ViewsRepository } from './views.repository.js';
import { ViewsService, ownerOf } from './views.service.js';

const user: Caller = { workspaceId: 7, timeZone: 'UTC', scopes: ['read'], user: { userId: 3, email: 'a@example.com', role: 'member', sessionId: 1 } };
const key: Caller = { workspaceId: 7, timeZone: 'UTC', scopes: ['read'], keyId: 9 };
const ID = '0b6c3a52-8f51-4c61-9d3e-7d0c1f2a3b4c';
const row = (over: Partial<ViewRow> = {}): ViewRow => ({ id: ID, name: 'Weekly', path: '/', query: 'period=7d', createdAt: new Date('2026-12-01T10:00:00Z'), updatedAt: new Date('2026-12-02T10:00:00Z'), ...over });

/** A repository that records what it was asked and answers what the test says. */
function fakeRepository(answers: { insert?: ViewRow | null | Error; update?: ViewRow | null | Error; delete?: boolean } = {}) {
  const asked: { method: string; owner: ViewOwner; args: unknown[] }[] = [];
  const answer = <T>(v: T | Error | undefined): Promise<T> => (v instanceof Error ? Promise.reject(v) : Promise.resolve(v as T));
  const repo = {
    list: (owner: ViewOwner) => (asked.push({ method: 'list', owner, args: [] }), Promise.resolve([row()])),
    insert: (owner: ViewOwner, ...args: unknown[]) => (asked.push({ method: 'insert', owner, args }), answer(answers.insert)),
    update: (owner: ViewOwner, ...args: unknown[]) => (asked.push({ method: 'update', owner, args }), answer(answers.update)),
    delete: (owner: ViewOwner, ...args: unknown[]) => (asked.push({ method: 'delete', owner, args }), Promise.resolve(answers.delete ?? false)),
  };
  return { service: new ViewsService(repo as unknown as ViewsRepository), asked };
}

const refusal = async (p: Promise<unknown>) => {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(ParleyError);
  const { status, code, detail } = e as ParleyError;
  return { status, code, detail };
};

describe('ViewsService', () => {
  it("scopes every call to the caller's workspace and user", async () => {
    const { service, asked } = fakeRepository({ insert: row(), update: row(), delete: true });
    await service.list(user);
    await service.create(user, { name: 'Weekly', path: '/', query: 'period=7d' });
    await service.update(user, ID, { name: 'W' });
    await service.remove(user, ID);
    expect(asked.map((a) => a.owner)).toEqual(Array(4).fill({ workspaceId: 7, userId: 3 }));
    expect(asked[1].args).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/), { name: 'Weekly', path: '/', query: 'period=7d' }, MAX_VIEWS_PER_USER]);
  });

  it('refuses API keys before anything is read', async () => {
    const { service, asked } = fakeRepository();
    expect(await refusal(service.list(key))).toEqual({ status: 403, code: 'FORBIDDEN', detail: expect.stringMatching(/API keys cannot/) });
    expect(() => ownerOf(key)).toThrow(ParleyError);
    expect(asked).toEqual([]);
  });

  it('answers 400 naming the field, 404 for a view not found, 409 for a taken name or the limit', async () => {
    expect(await refusal(fakeRepository().service.create(user, { name: '', path: '/' }))).toEqual({ status: 400, code: 'BAD_REQUEST', detail: ['name: must not be empty'] });
    expect(await refusal(fakeRepository().service.update(user, 'nope', { name: 'x' }))).toEqual({ status: 400, code: 'BAD_REQUEST', detail: 'id: must be a view id (a UUID)' });
    expect((await refusal(fakeRepository({ update: null }).service.update(user, ID, { name: 'x' }))).code).toBe('VIEW_NOT_FOUND');
    expect((await refusal(fakeRepository({ delete: false }).service.remove(user, ID))).status).toBe(404);
    const duplicate = Object.assign(new Error('duplicate key'), { code: '23505', constraint: UNIQUE_NAME });
    expect(await refusal(fakeRepository({ insert: duplicate }).service.create(user, { name: 'weekly', path: '/' }))).toEqual({
      status: 409,
      code: 'VIEW_EXISTS',
      detail: "name: you already have a view named 'weekly' (names are compared ignoring case)",
    });
    expect((await refusal(fakeRepository({ insert: null }).service.create(user, { name: 'one more', path: '/' }))).code).toBe('VIEW_LIMIT');
    // Any other database error is not disguised as a conflict.
    const other = Object.assign(new Error('boom'), { code: '57P01' });
    await expect(fakeRepository({ insert: other }).service.create(user, { name: 'x', path: '/' })).rejects.toBe(other);
  });
});

describe('views.calculations', () => {
  it('reads ids, answers and duplicate-name errors', () => {
    expect(isViewId(ID)).toBe(true);
    expect(isViewId(ID.toUpperCase())).toBe(true);
    expect(isViewId(`${ID}x`)).toBe(false);
    expect(viewAnswer(row())).toEqual({ id: ID, name: 'Weekly', path: '/', query: 'period=7d', createdAt: '2026-12-01T10:00:00.000Z', updatedAt: '2026-12-02T10:00:00.000Z' });
    expect(isDuplicateName({ code: '23505', constraint: UNIQUE_NAME }, UNIQUE_NAME)).toBe(true);
    expect(isDuplicateName({ code: '23505', constraint: 'pk_saved_views' }, UNIQUE_NAME)).toBe(false);
    expect(isDuplicateName(null, UNIQUE_NAME)).toBe(false);
  });
});
