/**
 * Settings. Everyone signed in has their account (change the password). Admins also have the
 * workspace (name, time zone), API keys (created here, shown once, then only by prefix), the people
 * who can sign in (add, change role, remove) and the platform connections (webhooks in); members
 * get a short note on those instead, and the API refuses them anyway (403). An API-key session has
 * no account here. Each section lives in ./settings/. Business hours: admins edit the schedule,
 * members read it (the API lets anyone signed in read it).
 */
import { formatTimeZone } from '../lib/format';
import { useDashboard } from '../state';
import { Account } from './settings/Account';
import { ApiKeys } from './settings/ApiKeys';
import { BusinessHours } from './settings/BusinessHours';
import { Connections } from './settings/Connections';
import { Users } from './settings/Users';
import { Workspace } from './settings/Workspace';

export default function Settings() {
  const { me } = useDashboard();
  if (!me.user)
    return (
      <section className="card settings-note" data-testid="settings-forbidden">
        <p>
          <strong>Only admins can change settings.</strong> You can read every report and export its data; ask an admin of{' '}
          {me.workspace.name} for an API key, a new account or a platform connection (connections and their counters are for admins only).
        </p>
      </section>
    );
  if (me.user.role !== 'admin')
    return (
      <div className="page settings">
        <Account email={me.user.email} />
        <BusinessHours canEdit={false} workspaceZone={me.workspace.timeZone} />
        <section className="card settings-note" data-testid="settings-forbidden">
          <p>
            <strong>Only admins change the workspace.</strong> You can read every report and export its data; ask an admin of {me.workspace.name} for an API
            key, a new account or a platform connection (connections and their counters are for admins only).
          </p>
        </section>
      </div>
    );
  return (
    <div className="page settings">
      <p className="settings-zone-note muted" data-testid="settings-zone-note">
        Times on this page are in {formatTimeZone(me.workspace.timeZone)}, the workspace&rsquo;s time zone.
      </p>
      <Workspace workspace={me.workspace} />
      <BusinessHours canEdit workspaceZone={me.workspace.timeZone} />
      <Account email={me.user.email} />
      <ApiKeys />
      <Users myEmail={me.user.email} />
      <Connections />
    </div>
  );
}
