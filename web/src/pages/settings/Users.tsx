/** The users section: add someone who can sign in, change a role (one's own demotion asks first), remove someone. */
import { useId, useRef, useState, type FormEvent } from 'react';
import type { Role, UserInfo } from '@parley/shared';
import { useCreateUser, useRemoveUser, useUpdateUserRole, useUsers } from '../../api/hooks';
import { ConfirmButton } from '../../components/ConfirmButton';
import { QueryView } from '../../components/status';
import { MIN_PASSWORD, newUserProblem, problem, roleInSentence, sameEmail, shownRole } from './logic';
import { Cell, Instant, SettingsSection, SettingsTable } from './parts';

// A copy of shared's roles (a value import would bundle zod); `satisfies` keeps it in step.
const ROLE_OPTIONS = [
  { role: 'member', label: 'Member' },
  { role: 'admin', label: 'Admin' },
] as const satisfies readonly { role: Role; label: string }[];
/** The options of both role selects (the new user's and each row's). */
const ROLE_CHOICES = ROLE_OPTIONS.map((o) => (
  <option key={o.role} value={o.role}>
    {o.label}
  </option>
));

export function Users({ myEmail }: { myEmail: string }) {
  const users = useUsers();
  const add = useCreateUser();
  const setRole = useUpdateUserRole(myEmail);
  const remove = useRemoveUser();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setNewRole] = useState<Role>('member');
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  // Demoting oneself asks first: it takes Settings away.
  const [demoteSelf, setDemoteSelf] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const emailInput = useRef<HTMLInputElement>(null);
  const mySelect = useRef<HTMLSelectElement>(null);
  const id = useId();

  const cancelDemote = () => {
    setDemoteSelf(null);
    mySelect.current?.focus();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (add.isPending) return;
    const refused = newUserProblem(email, password);
    if (refused) return setFormError(refused);
    const trimmed = email.trim();
    setFormError(null);
    setNotice('');
    add.mutate(
      { email: trimmed, password, role },
      {
        onSuccess: (u) => {
          setEmail('');
          setPassword('');
          setNotice(`Added ${u?.email ?? trimmed} as ${roleInSentence(role)}. Give them the password privately.`);
          emailInput.current?.focus();
        },
      },
    );
  };

  const changeRole = (u: UserInfo, next: Role) => {
    setNotice('');
    if (sameEmail(u.email, myEmail) && next !== 'admin') return setDemoteSelf(u.email);
    setDemoteSelf(null);
    setRole.mutate({ email: u.email, role: next }, { onSuccess: () => setNotice(`${u.email} is now ${roleInSentence(next)}.`) });
  };

  const removeUser = (u: UserInfo) =>
    remove.mutate(u.email, {
      onSuccess: () => {
        setNotice(`Removed ${u.email}. They can no longer sign in.`);
        heading.current?.focus();
      },
    });

  const pendingRole = (u: UserInfo): Role | null => (setRole.isPending && setRole.variables?.email === u.email ? setRole.variables.role : null);

  return (
    <SettingsSection
      id={id}
      testId="settings-users"
      title="Users"
      headingRef={heading}
      description="Members read every report and export data; admins also manage API keys and users."
    >
      <form className="settings-form" onSubmit={submit} aria-label="Add a user">
        <label className="field settings-email">
          <span className="field-label">Email</span>
          <input
            ref={emailInput}
            className="control"
            type="email"
            name="new-user-email"
            autoComplete="off"
            required
            maxLength={254}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <div className="field settings-password">
          <label className="field-label" htmlFor={`${id}-password`}>
            Password
          </label>
          <input
            id={`${id}-password`}
            className="control"
            type="password"
            name="new-user-password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD}
            maxLength={1024}
            aria-describedby={`${id}-password-hint`}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <span id={`${id}-password-hint`} className="hint">
            At least {MIN_PASSWORD} characters. They sign in with this email and password.
          </span>
        </div>
        <label className="field settings-role">
          <span className="field-label">Role</span>
          <select className="control" name="new-user-role" value={role} onChange={(e) => setNewRole(e.target.value as Role)}>
            {ROLE_CHOICES}
          </select>
        </label>
        <button type="submit" className="button primary" aria-disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add user'}
        </button>
        {(formError || add.isError) && (
          <p className="form-error settings-form-error" role="alert" data-testid="user-error">
            {formError ?? `The user was not added: ${problem(add.error)}`}
          </p>
        )}
      </form>

      <p className="settings-notice" role="status">
        {notice}
      </p>
      {setRole.isError && (
        <p className="form-error" role="alert" data-testid="role-error">
          The role of {setRole.variables?.email} was not changed: {problem(setRole.error)}
        </p>
      )}
      {remove.isError && (
        <p className="form-error" role="alert" data-testid="remove-error">
          {remove.variables} was not removed: {problem(remove.error)}
        </p>
      )}
      {demoteSelf && (
        <div className="confirm-panel" role="group" aria-label="Change your own role" onKeyDown={(e) => e.key === 'Escape' && cancelDemote()}>
          <p>You will no longer be able to manage keys and users (another admin can make you an admin again).</p>
          <div className="confirm">
            <button
              type="button"
              className="button small danger"
              autoFocus
              onClick={() => {
                setRole.mutate({ email: demoteSelf, role: 'member' });
                setDemoteSelf(null);
                mySelect.current?.focus();
              }}
            >
              Make me a member
            </button>
            <button type="button" className="button small" onClick={cancelDemote}>
              Cancel
            </button>
          </div>
        </div>
      )}

      <QueryView query={users} skeletonHeight={120}>
        {(list) => (
          <SettingsTable caption="Users" columns={['Email', 'Role', 'Added', '']}>
            {list.map((u) => {
              const mine = sameEmail(u.email, myEmail);
              const pending = pendingRole(u);
              return (
                <tr key={u.email} role="row" data-testid={`user-row-${u.email}`}>
                  <th scope="row" role="rowheader" data-label="Email" className="user-email-cell">
                    <span>
                      {u.email}
                      {mine && <span className="muted"> (you)</span>}
                    </span>
                  </th>
                  <Cell label="Role">
                    <select
                      ref={mine ? mySelect : undefined}
                      className="control"
                      aria-label={`Role of ${u.email}`}
                      value={shownRole(u.role, pending, mine && demoteSelf !== null)}
                      aria-busy={pending !== null}
                      onChange={(e) => changeRole(u, e.target.value as Role)}
                    >
                      {ROLE_CHOICES}
                    </select>
                  </Cell>
                  <Cell label="Added">
                    <Instant iso={u.createdAt} />
                  </Cell>
                  <Cell label="" className="actions">
                    {mine ? (
                      <span className="muted">Your account</span>
                    ) : (
                      <ConfirmButton
                        label="Remove"
                        accessibleLabel={`Remove ${u.email}`}
                        question="Remove this user?"
                        confirmLabel="Remove user"
                        pendingLabel="Removing…"
                        pending={remove.isPending && remove.variables === u.email}
                        onConfirm={() => removeUser(u)}
                      />
                    )}
                  </Cell>
                </tr>
              );
            })}
          </SettingsTable>
        )}
      </QueryView>
    </SettingsSection>
  );
}
