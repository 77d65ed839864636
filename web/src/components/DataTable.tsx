/** A plain data table: every chart's "View as table", and the channel comparison. */
import type { ReactNode } from 'react';

export interface TableData {
  columns: string[];
  /** Formatted cells; the first cell of a row is its header. */
  rows: { key: string; cells: ReactNode[] }[];
}

export function DataTable({ data, caption, numeric = true }: { data: TableData; caption: string; numeric?: boolean }) {
  return (
    // Scrolls sideways on a phone; focusable so a keyboard can scroll it too.
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {data.columns.map((c, i) => (
              <th key={i} scope="col" className={i > 0 && numeric ? 'num' : undefined}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r) => (
            <tr key={r.key}>
              {r.cells.map((cell, i) =>
                i === 0 ? (
                  <th key={i} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={i} className={numeric ? 'num' : undefined}>
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
