/**
 * Saved views in the top bar: "Views" lists the user's views (open, rename, delete; the one the
 * page shows is marked), "Save view" keeps the page's URL state under a name. A view is the URL,
 * so a relative period stays relative when it is opened later.
 */
import { useId, useState, type FormEvent, type MouseEvent } from 'react';
import type { SavedView } from '@parley/shared';
import { VIEW_NAME_MAX } from '@parley/shared/view-params';
import { useCreateView, useDeleteView, useSavedViews, useUpdateView } from '../api/hooks';
import { activeView, savableView, viewHref, viewNameError } from '../lib/saved-views';
import { navigate, useDashboard } from '../state';
import { ConfirmButton } from './ConfirmButton';
import { Popover } from './Popover';
import { ErrorPanel } from './status';

/** Both controls, for a signed-in user (views are a person's own: an API key has none). */
export function SavedViews({ email }: { email: string }) {
  const { state } = useDashboard();
  const views = useSavedViews(email);
  const list = views.data ?? [];
  const active = activeView(list, state);
  return (
    <div className="saved-views">
      <Popover label={active ? `Saved views (showing ${active.name})` : 'Saved views'} buttonText={active ? `View: ${active.name}` : 'Views'}>
        {(close) => (
          <div>
            <h2 className="views-heading">Your saved views</h2>
            {views.isError ? (
              <ErrorPanel error={views.error} onRetry={() => void views.refetch()} compact />
            ) : views.data === undefined ? (
              <p className="views-empty">Loading…</p>
            ) : (
              <ViewList views={list} activeId={active?.id} email={email} onOpen={close} />
            )}
          </div>
        )}
      </Popover>
      {savableView(state) && (
        <Popover label="Save this view" buttonText="Save view">
          {(close) => <SaveViewForm views={list} email={email} onDone={close} />}
        </Popover>
      )}
    </div>
  );
}

export function ViewList({ views, activeId, email, onOpen }: { views: readonly SavedView[]; activeId: string | undefined; email: string; onOpen: () => void }) {
  const [renaming, setRenaming] = useState<string | null>(null);
  const remove = useDeleteView(email);
  if (views.length === 0) return <p className="views-empty">No saved views yet. “Save view” keeps this page with its period and filters under a name.</p>;
  const open = (e: MouseEvent<HTMLAnchorElement>, href: string) => {
    // Modified clicks open a new tab as usual.
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
    onOpen();
  };
  return (
    <>
      {remove.isError && (
        <p className="form-error" role="alert">
          Could not delete the view: {remove.error.message}
        </p>
      )}
      <ul className="view-list">
        {views.map((v) =>
          renaming === v.id ? (
            <li key={v.id}>
              <RenameForm view={v} views={views} email={email} onDone={() => setRenaming(null)} />
            </li>
          ) : (
            <li key={v.id}>
              <a className="view-link" href={viewHref(v)} aria-current={v.id === activeId ? 'true' : undefined} onClick={(e) => open(e, viewHref(v))}>
                {v.name}
                {v.id === activeId && <span className="view-active-mark">(shown)</span>}
              </a>
              <button type="button" className="button small" aria-label={`Rename the view ${v.name}`} onClick={() => setRenaming(v.id)}>
                Rename
              </button>
              <ConfirmButton
                label="Delete"
                accessibleLabel={`Delete the view ${v.name}`}
                question={`Delete “${v.name}”?`}
                confirmLabel="Delete view"
                pendingLabel="Deleting…"
                pending={remove.isPending && remove.variables === v.id}
                onConfirm={() => remove.mutate(v.id)}
              />
            </li>
          ),
        )}
      </ul>
    </>
  );
}

/** A name field that says what is wrong before asking the API, and shows what the API answered. */
function NameForm({
  initial,
  submitLabel,
  pendingLabel,
  pending,
  serverError,
  validate,
  onSubmit,
  onCancel,
}: {
  initial: string;
  submitLabel: string;
  pendingLabel: string;
  pending: boolean;
  serverError: string | null;
  validate: (name: string) => string | null;
  onSubmit: (name: string) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const inputId = useId();
  const errorId = useId();
  const error = problem ?? serverError;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = validate(name);
    setProblem(p);
    if (!p && !pending) onSubmit(name.trim());
  };
  return (
    <form className="view-form" onSubmit={submit} noValidate>
      <label htmlFor={inputId} className="field-label">
        View name
      </label>
      <input
        id={inputId}
        className="control"
        value={name}
        maxLength={VIEW_NAME_MAX + 20}
        autoFocus
        placeholder="e.g. WhatsApp, last 7 days"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => {
          setName(e.target.value);
          setProblem(null);
        }}
      />
      {error && (
        <p id={errorId} className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="view-form-actions">
        <button type="submit" className="button small primary" aria-disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </button>
        <button type="button" className="button small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function SaveViewForm({ views, email, onDone }: { views: readonly SavedView[]; email: string; onDone: () => void }) {
  const { state } = useDashboard();
  const create = useCreateView(email);
  return (
    <NameForm
      initial=""
      submitLabel="Save"
      pendingLabel="Saving…"
      pending={create.isPending}
      serverError={create.isError ? create.error.message : null}
      validate={(name) => viewNameError(name, views)}
      onSubmit={(name) => {
        const view = savableView(state);
        if (view) create.mutate({ name, ...view }, { onSuccess: onDone });
      }}
      onCancel={onDone}
    />
  );
}

function RenameForm({ view, views, email, onDone }: { view: SavedView; views: readonly SavedView[]; email: string; onDone: () => void }) {
  const update = useUpdateView(email);
  return (
    <NameForm
      initial={view.name}
      submitLabel="Rename"
      pendingLabel="Renaming…"
      pending={update.isPending}
      serverError={update.isError ? update.error.message : null}
      validate={(name) => viewNameError(name, views, view.id)}
      onSubmit={(name) => (name === view.name ? onDone() : update.mutate({ id: view.id, name }, { onSuccess: onDone }))}
      onCancel={onDone}
    />
  );
}
