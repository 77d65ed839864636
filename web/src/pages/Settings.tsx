/**
 * Settings, for the workspace's admins: API keys (created here, shown once, then only by prefix),
 * the people who can sign in (add, change role, remove) and the platform connections (webhooks in). Members and API-key sessions get a
 * short note instead; the API refuses them anyway (403). Each section lives in ./settings/.
 */
import { useDashboard } from '../state';
import { ApiKeys } from './settings/ApiKeys';
import { Connections } from './settings/Connections';
import { Users } from './settings/Users';

export default function Settings() {
  const { me } = useDashboard();
  if (me.user?.role !== 'admin')
    return (
      <section className="card settings-note" data-testid="settings-forbidden">
        <p>
          <strong>Only admins can change settings.</strong> You can read every report and export its data; ask an admin of{' '}
          {me.workspace.name} for an API key, a new account or a platform connection (connections and their counters are for admins only).
        </p>
      </section>
    );
  return (
    <div className="page settings">
      <ApiKeys />
      <Users myEmail={me.user.email} />
      <Connections />
    </div>
  );
}
