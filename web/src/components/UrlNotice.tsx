/** What a link asked for that the dashboard could not show, and what it shows instead (the URL has been corrected). */
import { useDashboard } from '../state';

export function UrlNotice() {
  const { urlIssues, dismissUrlIssues } = useDashboard();
  if (urlIssues.length === 0) return null;
  return (
    <div className="url-notice" role="alert" data-testid="url-notice">
      <div>
        <strong>{urlIssues.length === 1 ? 'Part of this link could not be shown' : 'Parts of this link could not be shown'}</strong>
        <ul>
          {urlIssues.map((issue) => (
            <li key={issue.param + issue.value}>{issue.message}.</li>
          ))}
        </ul>
        <p className="hint">The address now shows what is on screen.</p>
      </div>
      <button type="button" className="link-button" onClick={dismissUrlIssues} aria-label="Dismiss the notice about the link">
        Dismiss
      </button>
    </div>
  );
}
