/**
 * Settings, for the workspace's admins: API keys (created here, shown once, then only by prefix)
 * and the people who can sign in (add, change role, remove). Members and API-key sessions get a
 * short note instead; the API refuses them anyway (403).
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ApiKeyInfo, CreatedKey, Role, Scope, UserInfo } from '@parley/shared';
import { ApiError } from '../api/client';
import { useApiKeys, useCreateApiKey, useCreateUser, useRemoveUser, useRevokeApiKey, useUpdateUserRole, useUsers } from '../api/hooks';
import { ConfirmButton } from '../components/ConfirmButton';
import { EmptyNote, QueryView } from '../components/status';
import { formatInstant } from '../lib/format';
import { useDashboard } from '../state';

// Copies of shared constants (a value import would bundle zod); `satisfies` keeps them in step.
const SCOPE_OPTIONS = [
  { scope: 'ingest', hint: 'send events' },
  { scope: 'read', hint: 'read reports and exports' },
] as const satisfies readonly { scope: Scope; hint: string }[];
const ROLE_OPTIONS = [
  { role: 'member', label: 'Member' },
  { role: 'admin', label: 'Admin' },
] as const satisfies readonly { role: Role; label: string }[];
const MIN_PASSWORD = 10;

/** What a failed request says, for the person who made it. */
function problem(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) return `Too many requests. Wait ${error.retryAfter ?? 'a few'} seconds and try again.`;
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

const sameEmail = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export default function Settings() {
  const { me } = useDashboard();
  if (me.user?.role !== 'admin')
    return (
      <section className="card settings-note" data-testid="settings-forbidden">
        <p>
          <strong>Only admins can change settings.</strong> You can read every report and export its data; ask an admin of{' '}
          {me.workspace.name} for an API key or a new account.
        </p>
      </section>
    );
  return (
    <div className="page settings">
      <ApiKeys />
      <Users myEmail={me.user.email} />
    </div>
  );
}

/** A time element: short in the cell, exact in its tooltip. */
function Instant({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={iso}>
      {formatInstant(iso)}
    </time>
  );
}

/** A row of a table that turns into a stacked card on a phone (see .settings-table). */
function Cell({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <td role="cell" data-label={label} className={className}>
      {children}
    </td>
  );
}

function SettingsTable({ caption, columns, children }: { caption: string; columns: string[]; children: ReactNode }) {
  // Explicit roles: the narrow layout changes the table's display, which some browsers take as "no longer a table".
  return (
    <div className="table-scroll">
      <table className="data-table settings-table" role="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead role="rowgroup">
          <tr role="row">
            {columns.map((c, i) => (
              <th key={i} scope="col" role="columnheader">
                {c || <span className="visually-hidden">Actions</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">{children}</tbody>
      </table>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// API keys

function ApiKeys() {
  const keys = useApiKeys();
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['ingest']);
  const [formError, setFormError] = useState<string | null>(null);
  // The whole key lives here, and only until "Done": it is never cached or stored.
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [notice, setNotice] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const id = useId();

  const toggleScope = (scope: Scope, on: boolean) => {
    setScopes((s) => (on ? [...s, scope].sort() : s.filter((x) => x !== scope)));
    setFormError(null);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (create.isPending) return;
    if (scopes.length === 0) {
      setFormError('Choose at least one scope.');
      return;
    }
    setFormError(null);
    setNotice('');
    create.mutate(
      { name: name.trim(), scopes },
      {
        onSuccess: (key) => {
          setCreated(key);
          setName('');
          // The key is in `created`; drop it from the mutation's state too.
          create.reset();
        },
      },
    );
  };

  const dismiss = () => {
    setCreated(null);
    heading.current?.focus();
  };

  const revokeKey = (k: ApiKeyInfo) =>
    revoke.mutate(k.prefix, {
      onSuccess: () => {
        setNotice(`Revoked the key ${k.name || k.prefix}. Tools that used it are refused from now on.`);
        heading.current?.focus();
      },
    });

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="settings-keys">
      <header className="card-header">
        <div>
          <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
            API keys
          </h2>
          <p className="card-description">
            For the tools that send events (<code>ingest</code>) or read reports (<code>read</code>). A key is shown once, when it is created.
          </p>
        </div>
      </header>

      <form className="settings-form" onSubmit={submit} aria-label="Create an API key">
        <label className="field settings-name">
          <span className="field-label">Name</span>
          <input
            className="control"
            name="key-name"
            maxLength={100}
            autoComplete="off"
            placeholder="e.g. Helpdesk webhook"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <fieldset className="field scope-choices">
          <legend className="field-label">Scopes</legend>
          <div className="scope-list">
            {SCOPE_OPTIONS.map((o) => (
              <label key={o.scope} className="checkbox-field">
                <input type="checkbox" name="scopes" value={o.scope} checked={scopes.includes(o.scope)} onChange={(e) => toggleScope(o.scope, e.target.checked)} />
                <span>
                  <code>{o.scope}</code> <span className="muted">{o.hint}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" className="button primary" aria-disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create key'}
        </button>
        {(formError || create.isError) && (
          <p className="form-error settings-form-error" role="alert" data-testid="key-error">
            {formError ?? `The key was not created: ${problem(create.error)}`}
          </p>
        )}
      </form>

      {created && <NewKey created={created} onDone={dismiss} />}

      <p className="settings-notice" role="status">
        {notice}
      </p>
      {revoke.isError && (
        <p className="form-error" role="alert" data-testid="revoke-error">
          The key was not revoked: {problem(revoke.error)}
        </p>
      )}

      <QueryView query={keys} skeletonHeight={120}>
        {(list) =>
          list.length === 0 ? (
            <EmptyNote>No API keys yet. Create one for each tool that sends events or reads reports.</EmptyNote>
          ) : (
            <SettingsTable caption="API keys" columns={['Name', 'Key', 'Scopes', 'Created', 'Last used', 'Status', '']}>
              {list.map((k) => (
                <tr key={`${k.prefix} ${k.createdAt}`} role="row" data-testid={`key-row-${k.prefix}`} className={k.revokedAt ? 'is-revoked' : undefined}>
                  <th scope="row" role="rowheader" data-label="Name">
                    {k.name || <span className="muted">Unnamed</span>}
                  </th>
                  <Cell label="Key">
                    <code aria-label={`${k.prefix}, the start of the key`}>{k.prefix}…</code>
                  </Cell>
                  <Cell label="Scopes">{k.scopes.join(', ')}</Cell>
                  <Cell label="Created">
                    <Instant iso={k.createdAt} />
                  </Cell>
                  <Cell label="Last used">{k.lastUsedAt ? <Instant iso={k.lastUsedAt} /> : <span className="muted">never</span>}</Cell>
                  <Cell label="Status">
                    {k.revokedAt ? (
                      <span className="badge">
                        Revoked <Instant iso={k.revokedAt} />
                      </span>
                    ) : (
                      <span className="badge good">Active</span>
                    )}
                  </Cell>
                  <Cell label="" className="actions">
                    {!k.revokedAt && (
                      <ConfirmButton
                        label="Revoke"
                        accessibleLabel={`Revoke the key ${k.name || k.prefix}`}
                        question="Revoke this key?"
                        confirmLabel="Revoke key"
                        pendingLabel="Revoking…"
                        pending={revoke.isPending && revoke.variables === k.prefix}
                        onConfirm={() => revokeKey(k)}
                      />
                    )}
                  </Cell>
                </tr>
              ))}
            </SettingsTable>
          )
        }
      </QueryView>
    </section>
  );
}

/** The new key, once: a read-only box to copy it from, and why it must be copied now. */
function NewKey({ created, onDone }: { created: CreatedKey; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'manual'>('idle');
  const id = useId();

  useEffect(() => {
    // Focus and select the key, so Ctrl+C / ⌘C copies it at once and a screen reader reads the warning with it.
    input.current?.focus();
    input.current?.select();
    setCopy('idle');
  }, [created.key]);

  const copyKey = () => {
    const manual = () => {
      input.current?.focus();
      input.current?.select();
      setCopy('manual');
    };
    // The clipboard API exists only on https and localhost: otherwise the key is selected for the keyboard.
    if (navigator.clipboard?.writeText) navigator.clipboard.writeText(created.key).then(() => setCopy('copied'), manual);
    else manual();
  };

  return (
    <div className="new-key" data-testid="new-key" role="region" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>New key{created.name ? `: ${created.name}` : ''}</h3>
      <p id={`${id}-note`} className="new-key-note">
        <strong>Copy it now, it will not be shown again.</strong> Parley keeps only its start ({created.prefix}…); if the key is lost, revoke it and
        create another.
      </p>
      <div className="new-key-value">
        <label htmlFor={`${id}-key`} className="visually-hidden">
          The new API key
        </label>
        <input
          ref={input}
          id={`${id}-key`}
          className="control key-input"
          readOnly
          value={created.key}
          spellCheck={false}
          autoComplete="off"
          aria-describedby={`${id}-note`}
          onFocus={(e) => e.currentTarget.select()}
          data-testid="new-key-value"
        />
        <button type="button" className="button primary" onClick={copyKey}>
          {copy === 'copied' ? 'Copied' : 'Copy key'}
        </button>
      </div>
      <p className="hint" role="status">
        {copy === 'copied' ? 'The key is on your clipboard.' : copy === 'manual' ? 'The key is selected: press Ctrl+C (⌘C on a Mac) to copy it.' : ''}
      </p>
      <button type="button" className="button" onClick={onDone}>
        Done, hide the key
      </button>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Users

function Users({ myEmail }: { myEmail: string }) {
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
    const trimmed = email.trim();
    if (!trimmed) return setFormError('Enter their email address.');
    if (password.length < MIN_PASSWORD) return setFormError(`The password must be at least ${MIN_PASSWORD} characters.`);
    setFormError(null);
    setNotice('');
    add.mutate(
      { email: trimmed, password, role },
      {
        onSuccess: (u) => {
          setEmail('');
          setPassword('');
          setNotice(`Added ${u?.email ?? trimmed} as ${role === 'admin' ? 'an admin' : 'a member'}. Give them the password privately.`);
          emailInput.current?.focus();
        },
      },
    );
  };

  const changeRole = (u: UserInfo, next: Role) => {
    setNotice('');
    if (sameEmail(u.email, myEmail) && next !== 'admin') return setDemoteSelf(u.email);
    setDemoteSelf(null);
    setRole.mutate({ email: u.email, role: next }, { onSuccess: () => setNotice(`${u.email} is now ${next === 'admin' ? 'an admin' : 'a member'}.`) });
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
    <section className="card" aria-labelledby={`${id}-title`} data-testid="settings-users">
      <header className="card-header">
        <div>
          <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
            Users
          </h2>
          <p className="card-description">Members read every report and export data; admins also manage API keys and users.</p>
        </div>
      </header>

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
            {ROLE_OPTIONS.map((o) => (
              <option key={o.role} value={o.role}>
                {o.label}
              </option>
            ))}
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
              const shownRole = pendingRole(u) ?? (mine && demoteSelf !== null ? 'member' : u.role);
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
                      value={shownRole}
                      aria-busy={pendingRole(u) !== null}
                      onChange={(e) => changeRole(u, e.target.value as Role)}
                    >
                      {ROLE_OPTIONS.map((o) => (
                        <option key={o.role} value={o.role}>
                          {o.label}
                        </option>
                      ))}
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
    </section>
  );
}
