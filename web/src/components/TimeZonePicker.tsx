/** Any IANA zone, found by typing part of its name; the workspace's zone first. */
import { useId, useMemo, useRef, useState } from 'react';
import { allTimeZones } from '../lib/dates';
import { Popover } from './Popover';

const MAX_SHOWN = 60;

/** Zones whose name contains every word typed ("new york", "berlin", "asia/k"). */
export function filterZones(zones: string[], text: string): string[] {
  const words = text.toLowerCase().replace(/[_/]/g, ' ').split(/\s+/).filter(Boolean);
  if (!words.length) return zones;
  return zones.filter((z) => {
    const name = z.toLowerCase().replace(/[_/]/g, ' ');
    return words.every((w) => name.includes(w));
  });
}

export function TimeZonePicker({ value, workspaceTz, onChange }: { value: string; workspaceTz: string; onChange: (tz: string | null) => void }) {
  return (
    <Popover label={`Time zone: ${value}`} buttonText={<span className="tz-value">{value.replace(/_/g, ' ')}</span>} className="tz-picker">
      {(close) => (
        <ZoneList
          value={value}
          workspaceTz={workspaceTz}
          onPick={(tz) => {
            // The workspace's zone is the default: kept out of the URL so the link follows the workspace.
            onChange(tz === workspaceTz ? null : tz);
            close();
          }}
        />
      )}
    </Popover>
  );
}

function ZoneList({ value, workspaceTz, onPick }: { value: string; workspaceTz: string; onPick: (tz: string) => void }) {
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const list = useRef<HTMLUListElement>(null);
  const zones = useMemo(() => {
    const all = allTimeZones();
    // The workspace's and current zone may be spelled as an alias the list lacks (Asia/Calcutta).
    for (const z of [value, workspaceTz]) if (!all.includes(z)) all.push(z);
    return [workspaceTz, ...all.filter((z) => z !== workspaceTz)];
  }, [value, workspaceTz]);
  const found = useMemo(() => filterZones(zones, text), [zones, text]);
  const shown = found.slice(0, MAX_SHOWN);
  const optionId = (i: number) => `${listId}-${i}`;

  const move = (to: number) => {
    const i = Math.max(0, Math.min(shown.length - 1, to));
    setActive(i);
    list.current?.querySelector(`#${CSS.escape(optionId(i))}`)?.scrollIntoView({ block: 'nearest' });
  };

  return (
    <div className="zone-list">
      <input
        autoFocus
        type="text"
        className="control"
        role="combobox"
        aria-label="Find a time zone"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown.length ? optionId(active) : undefined}
        placeholder="Search: Berlin, New York, UTC…"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') move(active + 1);
          else if (e.key === 'ArrowUp') move(active - 1);
          else if (e.key === 'Home' && e.ctrlKey) move(0);
          else if (e.key === 'Enter' && shown[active]) onPick(shown[active]);
          else return;
          e.preventDefault();
        }}
      />
      <ul id={listId} role="listbox" aria-label="Time zones" ref={list}>
        {shown.map((z, i) => (
          <li
            key={z}
            id={optionId(i)}
            role="option"
            aria-selected={z === value}
            className={i === active ? 'active' : undefined}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onPick(z)}
          >
            {z.replace(/_/g, ' ')}
            {z === workspaceTz && <span className="hint"> · workspace</span>}
          </li>
        ))}
      </ul>
      {found.length === 0 && <p className="hint">No zone matches “{text}”.</p>}
      {found.length > MAX_SHOWN && <p className="hint">{found.length - MAX_SHOWN} more: type more of the name.</p>}
    </div>
  );
}
