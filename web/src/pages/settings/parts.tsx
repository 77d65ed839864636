/** The pieces both Settings sections are built of: the section card, its table, and times in cells. */
import type { ReactNode, Ref } from 'react';
import { formatInstant } from '../../lib/format';
import { useDashboard } from '../../state';

/**
 * A Settings card: a focusable heading (the sections move focus there after an action) and a line
 * on what it is for. `id` is the section's useId, the prefix of the heading's id and its fields' ids.
 */
export function SettingsSection({
  id,
  testId,
  title,
  description,
  headingRef,
  children,
}: {
  id: string;
  testId: string;
  title: string;
  description: ReactNode;
  headingRef: Ref<HTMLHeadingElement>;
  children: ReactNode;
}) {
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid={testId}>
      <header className="card-header">
        <div>
          <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
            {title}
          </h2>
          <p className="card-description">{description}</p>
        </div>
      </header>
      {children}
    </section>
  );
}

/**
 * A time element: short in the cell, exact in its tooltip. In the workspace's zone, not the
 * browser's, as the reports are (Settings names the zone at its top).
 */
export function Instant({ iso }: { iso: string }) {
  const timeZone = useDashboard().me.workspace.timeZone;
  return (
    <time dateTime={iso} title={`${iso} (shown in ${timeZone})`}>
      {formatInstant(iso, undefined, timeZone)}
    </time>
  );
}

/** A row of a table that turns into a stacked card on a phone (see .settings-table). */
export function Cell({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <td role="cell" data-label={label} className={className}>
      {children}
    </td>
  );
}

export function SettingsTable({ caption, columns, children }: { caption: string; columns: string[]; children: ReactNode }) {
  // Explicit roles: the narrow layout changes the table's display, which some browsers take as "no longer a table".
  return (
    <div className="table-scroll">
      <table className="data-table settings-table" role="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead role="rowgroup">
          <tr role="row">
            {columns.map((c, i) => (
              <th key={i} scope="col" role="columnheader">
                {c || <span className="visually-hidden">Actions</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">{children}</tbody>
      </table>
    </div>
  );
}
