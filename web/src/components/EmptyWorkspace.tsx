/** A workspace without events yet: how to send the first ones, with this server's endpoint. */
import { useState, type MouseEvent } from 'react';
import type { Me } from '@parley/shared';
import { navigate, useDashboard } from '../state';

export function firstEventsSnippet(endpoint: string): string {
  const now = new Date();
  const at = (offsetSeconds: number) => new Date(now.getTime() + offsetSeconds * 1000).toISOString();
  return `curl -s ${endpoint} \\
  -H "Authorization: Bearer $PARLEY_KEY" -H 'Content-Type: application/json' \\
  -d '[
    {"id": "first-msg-1", "type": "message.received", "occurredAt": "${at(-120)}",
     "conversationId": "first-conv-1", "contactId": "first-contact-1", "channel": "whatsapp",
     "sender": {"type": "customer"}},
    {"id": "first-msg-2", "type": "message.sent", "occurredAt": "${at(0)}",
     "conversationId": "first-conv-1", "contactId": "first-contact-1", "channel": "whatsapp",
     "sender": {"type": "agent", "id": "ana"}}
  ]'`;
}

export function EmptyWorkspace({ me, onCheckAgain, checking }: { me: Me; onCheckAgain: () => void; checking: boolean }) {
  const endpoint = `${window.location.origin}/api/v1/events`;
  const snippet = firstEventsSnippet(endpoint);
  const keyCommand = `npm run parley -- keys create --workspace "${me.workspace.name}" --scopes ingest,read`;
  const [copied, setCopied] = useState<string | null>(null);
  const { hrefFor } = useDashboard();
  const settings = hrefFor('settings');
  const openSettings = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(settings);
  };
  const copy = (what: string, text: string) => {
    void navigator.clipboard?.writeText(text).then(() => setCopied(what));
  };
  return (
    <section className="card empty-workspace" aria-labelledby="empty-title" data-testid="empty-workspace">
      <h2 id="empty-title">Send your first events</h2>
      <p>
        <strong>{me.workspace.name}</strong> has no events yet. Parley fills this dashboard from the conversation events your
        messaging tools send to <code>{endpoint}</code>.
      </p>
      <ol className="steps">
        <li>
          {me.user?.role === 'admin' ? (
            <p>
              Create an API key with the <code>ingest</code> scope in{' '}
              <a href={settings} onClick={openSettings}>
                Settings
              </a>
              , or on the server:
            </p>
          ) : (
            <p>
              Create an API key with the <code>ingest</code> scope (an admin creates it in Settings, or runs this on the server):
            </p>
          )}
          <div className="snippet">
            <pre>
              <code>{keyCommand}</code>
            </pre>
            <button type="button" className="link-button" aria-label="Copy the key command" onClick={() => copy('key', keyCommand)}>
              {copied === 'key' ? 'Copied' : 'Copy'}
            </button>
          </div>
        </li>
        <li>
          <p>
            Put it in <code>PARLEY_KEY</code> and send a customer message and an agent&apos;s reply:
          </p>
          <div className="snippet">
            <pre>
              <code data-testid="curl-snippet">{snippet}</code>
            </pre>
            <button type="button" className="link-button" aria-label="Copy the curl command" onClick={() => copy('curl', snippet)}>
              {copied === 'curl' ? 'Copied' : 'Copy'}
            </button>
          </div>
          <p className="muted">
            The answer is <code>{'{"accepted":2,"duplicates":0,"rejected":[]}'}</code>. Sending the same events again is safe: they are counted once.
          </p>
        </li>
        <li>
          <p>Then come back here:</p>
          <button type="button" className="button primary" onClick={onCheckAgain} disabled={checking}>
            {checking ? 'Checking…' : 'Check for events'}
          </button>
        </li>
      </ol>
      <p className="muted">
        The event format is described in the <a href="/api/docs">API documentation</a>.
      </p>
    </section>
  );
}
