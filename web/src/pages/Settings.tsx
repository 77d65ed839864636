/**
 * Settings, for the workspace's admins: API keys (created here, shown once, then only by prefix)
 * and the people who can sign in (add, change role, remove). Members and API-key sessions get a
 * short note instead; the API refuses them anyway (403). Each section lives in ./settings/.
 */
import { useDashboard } from '../state';
import { ApiKeys } from './settings/ApiKeys';
import { Users } from './settings/Users';

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
