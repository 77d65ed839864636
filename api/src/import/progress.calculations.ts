/** The importer's progress line: a bar on a terminal, plain lines otherwise. Pure, for tests. */

export interface Progress {
  rows: number;
  bytes: number;
  totalBytes: number;
  elapsedMs: number;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** 75 → "1m 15s"; 3725 → "1h 02m". */
export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function progressLine(p: Progress, bar: boolean, width = 24): string {
  const fraction = p.totalBytes > 0 ? Math.min(1, p.bytes / p.totalBytes) : 0;
  const rate = p.elapsedMs > 0 ? (p.rows * 1000) / p.elapsedMs : 0;
  const eta = fraction > 0 ? ((p.elapsedMs / 1000) * (1 - fraction)) / fraction : NaN;
  const pct = `${Math.floor(fraction * 100)}%`.padStart(4);
  const text = `${pct}  ${fmt(p.rows)} rows  ${fmt(rate)} rows/s  ETA ${formatEta(eta)}`;
  if (!bar) return text;
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}`;
}
