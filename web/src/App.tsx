import { useEffect, useState } from 'react';
import type { Health } from '@parley/shared';

/** The dashboard shell until the metric pages land: shows that the API and database are up. */
export function App() {
  const [health, setHealth] = useState<Health | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetch('/api/v1/health')
      .then((r) => r.json() as Promise<Health>)
      .then(setHealth, (e: Error) => setError(e.message));
  }, []);
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 720, margin: '3rem auto', padding: '0 1rem' }}>
      <h1>Parley</h1>
      <p>Messaging analytics for marketers. The dashboard is on its way; the ingest API is ready.</p>
      <p role="status">
        {error ? `API unreachable: ${error}` : !health ? 'Checking the API…' : `API ${health.status}, database ${health.database}${health.embedded ? ' (embedded)' : ''}, version ${health.version}`}
      </p>
      <p>
        <a href="/api/docs">API documentation</a>
      </p>
    </main>
  );
}
