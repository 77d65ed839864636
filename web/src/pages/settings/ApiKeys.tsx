/** The API keys section: create one (shown once, see NewKey), list them by prefix, revoke one. */
import { useId, useRef, useState, type FormEvent } from 'react';
import type { ApiKeyInfo, CreatedKey, Scope } from '@parley/shared';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '../../api/hooks';
import { ConfirmButton } from '../../components/ConfirmButton';
import { EmptyNote, QueryView } from '../../components/status';
import { problem, withScope } from './logic';
import { NewKey } from './NewKey';
import { Cell, Instant, SettingsSection, SettingsTable } from './parts';

// A copy of shared's scopes (a value import would bundle zod); `satisfies` keeps it in step.
const SCOPE_OPTIONS = [
  { scope: 'ingest', hint: 'send events' },
  { scope: 'read', hint: 'read reports and exports' },
] as const satisfies readonly { scope: Scope; hint: string }[];

export function ApiKeys() {
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
    setScopes((s) => withScope(s, scope, on));
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
    <SettingsSection
      id={id}
      testId="settings-keys"
      title="API keys"
      headingRef={heading}
      description={
        <>
          For the tools that send events (<code>ingest</code>) or read reports (<code>read</code>). A key is shown once, when it is created.
        </>
      }
    >
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
    </SettingsSection>
  );
}
