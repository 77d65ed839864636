/**
 * The team and tag filters: a popover with a search box, "Without team" / "Without tags" (the
 * filter value none) and a checkbox per name with its conversations (GET /workspace/dimensions,
 * asked once a picker opens). Several names are OR'd by the API; the button sums up the choice.
 */
import { useId, useMemo, useState } from 'react';
import { NONE_VALUE } from '@parley/shared/report-params';
import type { WorkspaceDimensions } from '@parley/shared';
import { useDimensions } from '../api/hooks';
import { formatNumber } from '../lib/format';
import { Popover } from './Popover';

export type NameKind = 'team' | 'tag';

const WORDS: Record<NameKind, { one: string; many: string; all: string; without: string }> = {
  team: { one: 'team', many: 'teams', all: 'All teams', without: 'Without team' },
  tag: { one: 'tag', many: 'tags', all: 'All tags', without: 'Without tags' },
};

/** Names shown at once: more checkboxes than this are found by searching. */
export const MAX_SHOWN_NAMES = 100;

/** What the button says for a choice: all, one or two names, or how many. */
export function nameSummary(kind: NameKind, selected: readonly string[]): string {
  const w = WORDS[kind];
  if (selected.length === 0) return w.all;
  const label = (n: string) => (n === NONE_VALUE ? w.without : n);
  if (selected.length <= 2) return selected.map(label).join(', ');
  return `${selected.length} ${w.many}`;
}

export function NamePicker({ kind, selected, onChange }: { kind: NameKind; selected: string[]; onChange: (names: string[]) => void }) {
  const text = nameSummary(kind, selected);
  const label = `${kind === 'team' ? 'Teams' : 'Tags'}: ${text}`;
  return (
    <Popover label={label} buttonText={text} className={`name-picker ${kind}-picker`}>
      {() => <NameList kind={kind} selected={selected} onChange={onChange} />}
    </Popover>
  );
}

function NameList({ kind, selected, onChange }: { kind: NameKind; selected: string[]; onChange: (names: string[]) => void }) {
  const w = WORDS[kind];
  const dimensions = useDimensions(true);
  const [search, setSearch] = useState('');
  const searchId = useId();
  const chosen = new Set(selected);
  const { shown, hidden } = useMemo(() => listedNames(dimensions.data, kind, selected, search), [dimensions.data, kind, selected, search]);
  const counts = dimensions.data ? (kind === 'team' ? dimensions.data.teams : dimensions.data.tags) : [];
  const without = dimensions.data ? (kind === 'team' ? dimensions.data.withoutTeam : dimensions.data.withoutTags) : null;
  const truncated = dimensions.data?.truncated[kind === 'team' ? 'teams' : 'tags'] ?? false;

  const toggle = (name: string) => {
    const next = new Set(chosen);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    onChange([...next].sort());
  };

  return (
    <fieldset className="channel-list name-list" data-testid={`${kind}-list`}>
      <legend className="visually-hidden">Show only conversations of these {w.many}</legend>
      <label className="visually-hidden" htmlFor={searchId}>
        Search {w.many}
      </label>
      <input
        id={searchId}
        className="control name-search"
        type="search"
        placeholder={`Search ${w.many}`}
        value={search}
        autoFocus
        autoComplete="off"
        onChange={(e) => setSearch(e.target.value)}
      />
      <label className="checkbox-field">
        <input type="checkbox" checked={chosen.has(NONE_VALUE)} onChange={() => toggle(NONE_VALUE)} />
        <span className="name-label">{w.without}</span>
        {without !== null && <span className="name-count">{formatNumber(without)}</span>}
      </label>
      <div className="name-options">
        {shown.map((name) => {
          const count = counts.find((c) => c.name === name)?.conversations;
          return (
            <label key={name} className="checkbox-field">
              <input type="checkbox" checked={chosen.has(name)} onChange={() => toggle(name)} />
              <span className="name-label">{name}</span>
              {count !== undefined && <span className="name-count">{formatNumber(count)}</span>}
            </label>
          );
        })}
      </div>
      {dimensions.isPending && <p className="hint">Loading {w.many}…</p>}
      {dimensions.isError && <p className="hint">Could not load the {w.many}.</p>}
      {dimensions.data && counts.length === 0 && <p className="hint">No conversation has a {w.one} yet.</p>}
      {dimensions.data && counts.length > 0 && shown.length === 0 && <p className="hint">No {w.one} matches “{search}”.</p>}
      {hidden > 0 && <p className="hint">{formatNumber(hidden)} more: type to find them.</p>}
      {truncated && <p className="hint">Only the {formatNumber(counts.length)} {w.many} with the most conversations are listed.</p>}
      {dimensions.data && counts.length > 0 && <p className="hint">Numbers: conversations of all time.</p>}
      <button type="button" className="link-button" disabled={selected.length === 0} onClick={() => onChange([])}>
        {w.all}
      </button>
    </fieldset>
  );
}

/**
 * The names to list that match the search: first any chosen name the workspace's list lacks
 * (from a link, or past the cap), then the workspace's, most conversations first; at most
 * MAX_SHOWN_NAMES, `hidden` counts the matches left out.
 */
export function listedNames(data: WorkspaceDimensions | undefined, kind: NameKind, selected: readonly string[], search: string): { shown: string[]; hidden: number } {
  const names = (kind === 'team' ? data?.teams : data?.tags)?.map((d) => d.name) ?? [];
  const extra = selected.filter((n) => n !== NONE_VALUE && !names.includes(n));
  const needle = search.trim().toLocaleLowerCase();
  const matches = [...extra, ...names].filter((n) => !needle || n.toLocaleLowerCase().includes(needle));
  return { shown: matches.slice(0, MAX_SHOWN_NAMES), hidden: Math.max(0, matches.length - MAX_SHOWN_NAMES) };
}
