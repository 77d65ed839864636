import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../../api/client';
import {
  MIN_PASSWORD,
  labelledProblem,
  newUserProblem,
  passwordChangeError,
  passwordChangeProblem,
  problem,
  roleInSentence,
  sameEmail,
  shownRole,
  timeZoneChoices,
  withScope,
  workspaceNameProblem,
} from './logic';

describe('Settings rules', () => {
  it('says what a failed request means, with the wait when rate-limited', () => {
    expect(problem(new ApiError(409, 'email: cy@example.com already has an account'))).toBe('email: cy@example.com already has an account');
    expect(problem(new ApiError(429, 'slow down', 30))).toBe('Too many requests. Wait 30 seconds and try again.');
    expect(problem(new ApiError(429, 'slow down'))).toBe('Too many requests. Wait a few seconds and try again.');
    expect(problem(new TypeError('Failed to fetch'))).toBe('Failed to fetch');
    expect(problem('offline')).toBe('offline');
  });

  it('compares emails without case', () => {
    expect(sameEmail('Ana@Example.com', 'ana@example.COM')).toBe(true);
    expect(sameEmail('ana@example.com', 'bo@example.com')).toBe(false);
  });

  it('ticks and unticks scopes, ticked ones in order', () => {
    expect(withScope(['read'], 'ingest', true)).toEqual(['ingest', 'read']);
    expect(withScope(['ingest', 'read'], 'ingest', false)).toEqual(['read']);
    expect(withScope(['ingest'], 'ingest', false)).toEqual([]);
  });

  it('asks for an email, then a long enough password', () => {
    expect(newUserProblem('  ', 'long enough secret')).toBe('Enter their email address.');
    expect(newUserProblem('cy@example.com', 'x'.repeat(MIN_PASSWORD - 1))).toBe(`The password must be at least ${MIN_PASSWORD} characters.`);
    expect(newUserProblem(' cy@example.com ', 'x'.repeat(MIN_PASSWORD))).toBeNull();
  });

  it('names roles in sentences', () => {
    expect(roleInSentence('admin')).toBe('an admin');
    expect(roleInSentence('member')).toBe('a member');
  });

  it('shows the role being saved, then a demotion waiting for its confirmation, then the stored role', () => {
    expect(shownRole('member', 'admin', false)).toBe('admin');
    expect(shownRole('admin', 'admin', true)).toBe('admin');
    expect(shownRole('admin', null, true)).toBe('member');
    expect(shownRole('admin', null, false)).toBe('admin');
  });

  it('checks a workspace name as the API does: trimmed, 1–100 characters, no control characters', () => {
    expect(workspaceNameProblem('  ')).toBe('Enter a name for the workspace.');
    expect(workspaceNameProblem(' Acme ')).toBeNull();
    expect(workspaceNameProblem('é'.repeat(100))).toBeNull();
    expect(workspaceNameProblem('x'.repeat(101))).toBe('The name must be at most 100 characters.');
    expect(workspaceNameProblem('a\tb')).toBe('The name cannot contain tabs or line breaks.');
  });

  it('checks a password change before sending it', () => {
    const long = 'x'.repeat(MIN_PASSWORD);
    expect(passwordChangeProblem('', long, long)).toBe('Enter your current password.');
    expect(passwordChangeProblem('old', 'short', 'short')).toBe(`The new password must be at least ${MIN_PASSWORD} characters.`);
    expect(passwordChangeProblem('old', long, `${long}!`)).toBe('The new passwords do not match.');
    expect(passwordChangeProblem(long, long, long)).toBe('The new password must differ from the current one.');
    expect(passwordChangeProblem('old', long, long)).toBeNull();
  });

  it("names the API's field as the form labels it", () => {
    const labels = { currentPassword: 'Current password' };
    expect(labelledProblem(new ApiError(400, 'currentPassword: is not your current password'), labels)).toBe('Current password: is not your current password');
    expect(labelledProblem(new ApiError(400, 'body: bad'), labels)).toBe('body: bad');
    expect(labelledProblem(new ApiError(429, 'x', 12), labels)).toBe('Too many requests. Wait 12 seconds and try again.');
  });

  it('says a wrong current password plainly', () => {
    expect(passwordChangeError(new ApiError(400, 'currentPassword: is not your current password'))).toBe('the current password is wrong.');
    expect(passwordChangeError(new ApiError(400, 'newPassword: must differ from the current password'))).toBe('New password: must differ from the current password');
  });

  it('offers UTC first, then every zone once, the current one included', () => {
    expect(timeZoneChoices('Asia/Kolkata', ['Europe/Berlin', 'Asia/Calcutta', 'UTC'])).toEqual(['UTC', 'Asia/Calcutta', 'Asia/Kolkata', 'Europe/Berlin']);
    expect(timeZoneChoices('UTC', [])).toEqual(['UTC']);
  });
});
