/**
 * The workspace section: its name (the top bar) and time zone (the dashboard's default zone, and
 * the zone of the times in Settings). Admins change them; the API refuses anyone else (403).
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import type { Me } from '@parley/shared';
import { useUpdateWorkspace } from '../../api/hooks';
import { formatTimeZone } from '../../lib/format';
import { knownZones, labelledProblem, timeZoneChoices, workspaceNameProblem } from './logic';
import { SettingsSection } from './parts';

const LABELS = { name: 'Name', timeZone: 'Time zone' };

export function Workspace({ workspace }: { workspace: Me['workspace'] }) {
  const update = useUpdateWorkspace();
  const [name, setName] = useState(workspace.name);
  const [timeZone, setTimeZone] = useState(workspace.timeZone);
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const id = useId();
  const [zones] = useState(() => timeZoneChoices(workspace.timeZone, knownZones()));

  const changed = name.trim() !== workspace.name || timeZone !== workspace.timeZone;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (update.isPending) return;
    const refused = workspaceNameProblem(name);
    if (refused) return setFormError(refused);
    setFormError(null);
    setNotice('');
    // Only what changed: a rename alone does not touch the zone.
    const body = { ...(name.trim() !== workspace.name && { name: name.trim() }), ...(timeZone !== workspace.timeZone && { timeZone }) };
    if (!body.name && !body.timeZone) return setNotice('Nothing to save: the name and time zone are as they were.');
    update.mutate(body, {
      onSuccess: (ws) => {
        setName(ws.name);
        setTimeZone(ws.timeZone);
        setNotice(
          body.timeZone
            ? `Saved. Reports now use ${ws.timeZone} unless a link names another zone.`
            : `Saved. The workspace is now called ${ws.name}.`,
        );
      },
    });
  };

  return (
    <SettingsSection
      id={id}
      testId="settings-workspace"
      title="Workspace"
      headingRef={heading}
      description={
        <>
          The name everyone sees at the top, and the time zone reports use by default (days, hours and weekdays start there). Now{' '}
          <strong data-testid="workspace-zone">{formatTimeZone(workspace.timeZone)}</strong>.
        </>
      }
    >
      <form className="settings-form workspace-form" onSubmit={submit} aria-label="Workspace details">
        <label className="field settings-workspace-name">
          <span className="field-label">Name</span>
          <input
            className="control"
            name="workspace-name"
            autoComplete="organization"
            required
            maxLength={100}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setFormError(null);
            }}
          />
        </label>
        <div className="field settings-workspace-zone">
          <label className="field-label" htmlFor={`${id}-zone`}>
            Time zone
          </label>
          <select id={`${id}-zone`} className="control" name="workspace-time-zone" value={timeZone} aria-describedby={`${id}-zone-hint`} onChange={(e) => setTimeZone(e.target.value)}>
            {zones.map((z) => (
              <option key={z} value={z}>
                {z.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
          <span id={`${id}-zone-hint`} className="hint">
            Changing it changes how events fall into days and hours in every report; the events themselves stay as they are.
          </span>
        </div>
        <button type="submit" className="button primary" aria-disabled={update.isPending || !changed}>
          {update.isPending ? 'Saving…' : 'Save'}
        </button>
        {(formError || update.isError) && (
          <p className="form-error settings-form-error" role="alert" data-testid="workspace-error">
            {formError ?? `Not saved: ${labelledProblem(update.error, LABELS)}`}
          </p>
        )}
      </form>
      <p className="settings-notice" role="status">
        {notice}
      </p>
    </SettingsSection>
  );
}
