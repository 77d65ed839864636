/** The rules behind the Settings forms and messages, kept apart from the components to be tested alone. */
import type { Role, Scope } from '@parley/shared';
import { ApiError } from '../../api/client';

export const MIN_PASSWORD = 10;

/** What a failed request says, for the person who made it. */
export function problem(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) return `Too many requests. Wait ${error.retryAfter ?? 'a few'} seconds and try again.`;
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export const sameEmail = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The chosen scopes after ticking (on) or unticking one; ticked ones come back sorted. */
export const withScope = (scopes: Scope[], scope: Scope, on: boolean): Scope[] => (on ? [...scopes, scope].sort() : scopes.filter((x) => x !== scope));

/** Why the add-user form cannot be sent yet (the email is trimmed first), or null. */
export function newUserProblem(email: string, password: string): string | null {
  if (!email.trim()) return 'Enter their email address.';
  if (password.length < MIN_PASSWORD) return `The password must be at least ${MIN_PASSWORD} characters.`;
  return null;
}

/** A role in a sentence: "an admin", "a member". */
export const roleInSentence = (role: Role) => (role === 'admin' ? 'an admin' : 'a member');

/**
 * The role a user's select shows: the one being saved, else "member" on one's own row while the
 * demotion waits for its confirmation, else the stored one.
 */
export const shownRole = (stored: Role, pending: Role | null, ownDemotionAsked: boolean): Role => pending ?? (ownDemotionAsked ? 'member' : stored);
