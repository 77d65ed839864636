/**
 * The Connections section (docs/connectors.md): the platform accounts whose webhooks become
 * events. Lists them with their webhook URL and counters (polled while open), creates one (the
 * form follows shared's schemas: kinds, each kind's secrets), shows the webhook URL and the
 * generated secrets once after creating, deletes one after a confirmation.
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import type { ConnectionInfo, CreatedConnection } from '@parley/shared';
import { useConnections, useCreateConnection, useDeleteConnection } from '../../api/hooks';
import { ConfirmButton } from '../../components/ConfirmButton';
import { EmptyNote, QueryView } from '../../components/status';
import { formatNumber } from '../../lib/format';
import { problem } from './logic';
import {
  CONNECTOR_KINDS,
  type ConnectionDraft,
  type ConnectorKind,
  HINTS,
  SENDER_TYPES,
  type SenderType,
  emptyDraft,
  kindHelp,
  kindPlatform,
  oneTimeValues,
  secretFields,
  toRequest,
} from './connections-logic';
import { CopyButton, CopyField } from './CopyField';
import { Cell, Instant, SettingsSection, SettingsTable } from './parts';

export function Connections() {
  const connections = useConnections();
  const create = useCreateConnection();
  const remove = useDeleteConnection();
  const [draft, setDraft] = useState<ConnectionDraft>(emptyDraft());
  const [problems, setProblems] = useState<string[]>([]);
  // The generated secrets live here, and only until "Done": never cached or stored.
  const [created, setCreated] = useState<CreatedConnection | null>(null);
  const [notice, setNotice] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const id = useId();

  const set = (change: Partial<ConnectionDraft>) => {
    setDraft((d) => ({ ...d, ...change }));
    setProblems([]);
  };
  const setSecret = (key: string, value: string) => set({ secrets: { ...draft.secrets, [key]: value } });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (create.isPending) return;
    const r = toRequest(draft);
    if ('problems' in r) {
      setProblems(r.problems);
      return;
    }
    setProblems([]);
    setNotice('');
    create.mutate(r.request, {
      onSuccess: (c) => {
        setCreated(c);
        // Secrets typed in the form go with it.
        setDraft(emptyDraft(draft.kind));
        create.reset();
      },
    });
  };

  const dismiss = () => {
    setCreated(null);
    heading.current?.focus();
  };

  const deleteConnection = (c: ConnectionInfo) =>
    remove.mutate(c.id, {
      onSuccess: () => {
        setNotice(`Deleted the connection ${c.name}. Its webhook URL answers 404 from now on; the events it made stay.`);
        heading.current?.focus();
      },
    });

  const fields = secretFields(draft.kind);

  return (
    <SettingsSection
      id={id}
      testId="settings-connections"
      title="Connections"
      headingRef={heading}
      description={
        <>
          Platform accounts whose webhooks become events, without code: create one, paste its webhook URL into the platform. Secrets are stored
          encrypted and never shown again.
        </>
      }
    >
      <form className="settings-form connection-form" onSubmit={submit} aria-label="Create a connection" noValidate>
        <label className="field connection-kind">
          <span className="field-label">Kind</span>
          <select className="control" name="kind" value={draft.kind} onChange={(e) => set({ ...emptyDraft(e.target.value as ConnectorKind), name: draft.name })}>
            {CONNECTOR_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindPlatform(k)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Name</span>
          <input
            className="control"
            name="connection-name"
            maxLength={128}
            autoComplete="off"
            placeholder="e.g. Sales line"
            value={draft.name}
            onChange={(e) => set({ name: e.target.value })}
          />
        </label>
        {fields.map((f) => (
          <div key={`${draft.kind}.${f.key}`} className="field">
            <label className="field-label" htmlFor={`${id}-${f.key}`}>
              {f.label}
              {!f.required && <span className="muted"> (optional)</span>}
            </label>
            <input
              id={`${id}-${f.key}`}
              className="control"
              type="password"
              name={`secret-${f.key}`}
              autoComplete="off"
              spellCheck={false}
              value={draft.secrets[f.key] ?? ''}
              onChange={(e) => setSecret(f.key, e.target.value)}
              aria-describedby={f.description ? `${id}-${f.key}-hint` : undefined}
            />
            {f.description && (
              <span className="hint" id={`${id}-${f.key}-hint`}>
                {f.description}
              </span>
            )}
          </div>
        ))}
        <details className="field connection-options">
          <summary>More options: channel, default sender, session gap</summary>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-channel`}>
              Channel <span className="muted">(optional)</span>
            </label>
            <input
              id={`${id}-channel`}
              className="control"
              name="channel"
              maxLength={32}
              autoComplete="off"
              value={draft.channel}
              onChange={(e) => set({ channel: e.target.value })}
              aria-describedby={`${id}-channel-hint`}
            />
            <span className="hint" id={`${id}-channel-hint`}>
              {HINTS.channel}
            </span>
          </div>
          <fieldset className="field sender-choices">
            <legend className="field-label">
              Default sender <span className="muted">(optional)</span>
            </legend>
            <div className="sender-inputs">
              <select className="control" name="sender-type" aria-label="Default sender type" value={draft.senderType} onChange={(e) => set({ senderType: e.target.value as SenderType })}>
                {SENDER_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
              <input
                className="control"
                name="sender-id"
                aria-label="Default sender id"
                maxLength={128}
                autoComplete="off"
                placeholder="id, default: the name"
                value={draft.senderId}
                onChange={(e) => set({ senderId: e.target.value })}
              />
            </div>
            <span className="hint">{HINTS.defaultSender}</span>
          </fieldset>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-gap`}>
              Session gap (hours)
            </label>
            <input
              id={`${id}-gap`}
              className="control"
              name="session-gap"
              inputMode="numeric"
              value={draft.sessionGapHours}
              onChange={(e) => set({ sessionGapHours: e.target.value })}
              aria-describedby={`${id}-gap-hint`}
            />
            <span className="hint" id={`${id}-gap-hint`}>
              {HINTS.sessionGapHours} (1–720; platforms with their own conversations ignore it)
            </span>
          </div>
        </details>
        <p className="hint connection-help" data-testid="connection-help">
          {kindHelp(draft.kind)}
        </p>
        <button type="submit" className="button primary" aria-disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create connection'}
        </button>
        {(problems.length > 0 || create.isError) && (
          <div className="form-error settings-form-error" role="alert" data-testid="connection-error">
            {problems.length > 0 ? (
              <ul>
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            ) : (
              `The connection was not created: ${problem(create.error)}`
            )}
          </div>
        )}
      </form>

      {created && <NewConnection created={created} onDone={dismiss} />}

      <p className="settings-notice" role="status">
        {notice}
      </p>
      {remove.isError && (
        <p className="form-error" role="alert" data-testid="connection-delete-error">
          The connection was not deleted: {problem(remove.error)}
        </p>
      )}

      <QueryView query={connections} skeletonHeight={120}>
        {(list) =>
          list.length === 0 ? (
            <EmptyNote>No connections yet. Create one for each platform account (a WhatsApp number, …) whose messages Parley should count.</EmptyNote>
          ) : (
            <SettingsTable
              caption="Connections"
              columns={['Name', 'Kind', 'Webhook URL', 'Deliveries', 'Events', 'Duplicates', 'Ignored', 'Rejected', 'Last delivery', '']}
            >
              {list.map((c) => (
                <tr key={c.id} role="row" data-testid={`connection-row-${c.id}`}>
                  <th scope="row" role="rowheader" data-label="Name">
                    {c.name}
                  </th>
                  <Cell label="Kind" className="wrap">
                    {kindPlatform(c.kind)}
                    <span className="hint cell-line">channel {c.channel ?? <span title="The kind's channel (no override)">default</span>}</span>
                  </Cell>
                  <Cell label="Webhook URL" className="wrap webhook-cell">
                    <code className="webhook-url">{c.webhookUrl}</code> <CopyButton value={c.webhookUrl} what={`the webhook URL of ${c.name}`} />
                  </Cell>
                  <Cell label="Deliveries" className="num">
                    {formatNumber(c.counters.deliveries)}
                  </Cell>
                  <Cell label="Events" className="num">
                    {formatNumber(c.counters.events)}
                  </Cell>
                  <Cell label="Duplicates" className="num">
                    {formatNumber(c.counters.duplicates)}
                  </Cell>
                  <Cell label="Ignored" className="num">
                    {formatNumber(c.counters.ignored)}
                  </Cell>
                  <Cell label="Rejected" className="num wrap">
                    {formatNumber(c.counters.rejected)}
                    {c.counters.lastRejection && (
                      <span className="hint last-rejection" title="Why the last rejected event was refused">
                        last: {c.counters.lastRejection}
                      </span>
                    )}
                  </Cell>
                  <Cell label="Last delivery">{c.counters.lastDeliveryAt ? <Instant iso={c.counters.lastDeliveryAt} /> : <span className="muted">none yet</span>}</Cell>
                  <Cell label="" className="actions">
                    <ConfirmButton
                      label="Delete"
                      accessibleLabel={`Delete the connection ${c.name}`}
                      question="Delete this connection?"
                      confirmLabel="Delete connection"
                      pendingLabel="Deleting…"
                      pending={remove.isPending && remove.variables === c.id}
                      onConfirm={() => deleteConnection(c)}
                    />
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

/** The new connection, once: its webhook URL and the secrets generated for it, to copy now. */
function NewConnection({ created, onDone }: { created: CreatedConnection; onDone: () => void }) {
  const id = useId();
  const once = oneTimeValues(created);
  return (
    <div className="new-key" data-testid="new-connection" role="region" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>New connection: {created.name}</h3>
      <p className="new-key-note" id={`${id}-note`}>
        {once.length > 0 ? (
          <>
            <strong>Copy the {once.map((o) => o.label.toLowerCase()).join(' and ')} now: secrets are not shown again.</strong> If one is lost,
            delete the connection and create another.
          </>
        ) : (
          <>The secrets you typed are stored encrypted and not shown again.</>
        )}
      </p>
      <CopyField label="Webhook URL" value={created.webhookUrl} testId="new-connection-url" />
      {once.map((o) => (
        <CopyField key={o.key} label={o.label} value={o.value} testId={`new-connection-${o.key}`} describedBy={`${id}-note`} />
      ))}
      <p className="hint">{kindHelp(created.kind)}</p>
      <button type="button" className="button" onClick={onDone}>
        Done, hide the secrets
      </button>
    </div>
  );
}
