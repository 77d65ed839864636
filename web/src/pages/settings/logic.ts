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

/** Why the workspace form cannot be sent yet, or null: the API's rule (shared WorkspaceNameSchema), said for people. */
export function workspaceNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'Enter a name for the workspace.';
  if ([...trimmed].length > 100) return 'The name must be at most 100 characters.';
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) return 'The name cannot contain tabs or line breaks.';
  return null;
}

/** Why the password form cannot be sent yet, or null. */
export function passwordChangeProblem(current: string, next: string, repeated: string): string | null {
  if (!current) return 'Enter your current password.';
  if (next.length < MIN_PASSWORD) return `The new password must be at least ${MIN_PASSWORD} characters.`;
  if (next !== repeated) return 'The new passwords do not match.';
  if (next === current) return 'The new password must differ from the current one.';
  return null;
}

/**
 * The API's "field: problem" with the field as the form labels it: "currentPassword: is not your
 * current password" → "Current password: is not your current password".
 */
export function labelledProblem(error: unknown, labels: Record<string, string>): string {
  const text = problem(error);
  return text.replace(/^(\w+): /, (whole, field: string) => (labels[field] ? `${labels[field]}: ` : whole));
}

/** The runtime's zones (empty where Intl cannot list them: a select then offers UTC and the current one). */
export const knownZones = (): readonly string[] => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []);

/** The zones to choose from: the runtime's IANA list, with UTC and the current one (a link name such as Asia/Kolkata may not be in it). */
export function timeZoneChoices(current: string, known: readonly string[]): string[] {
  // Plain code-point order: zone names are ASCII, and localeCompare builds a collator per call (slow over ~400 names).
  const others = [...new Set([current, ...known])].filter((z) => z !== 'UTC').sort();
  return ['UTC', ...others];
}

/** Why a password change failed, for the person: a wrong current password said plainly, else the API's words with the form's labels. */
export function passwordChangeError(error: unknown): string {
  if (error instanceof ApiError && error.status === 400 && error.message.startsWith('currentPassword: is not')) return 'the current password is wrong.';
  return labelledProblem(error, { currentPassword: 'Current password', newPassword: 'New password' });
}
