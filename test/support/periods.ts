/**
 * An instant inside the busiest hour (most customer messages) of the `days` after fromMs (its
 * first hour left out): just after the middle one of that hour's customer messages, so a period
 * ending there has a partial last hour holding some of that hour's messages and not the others.
 */
export function insideBusiestHour(events: readonly { type: string; occurredAt: string }[], fromMs: number, days: number): number {
  const byHour = new Map<number, number[]>();
  for (const e of events) {
    const t = Date.parse(e.occurredAt);
    if (e.type !== 'message.received' || t < fromMs + 3_600_000 || t >= fromMs + days * 86_400_000) continue;
    const hour = t - (t % 3_600_000);
    byHour.set(hour, [...(byHour.get(hour) ?? []), t]);
  }
  const [, times] = [...byHour].sort((a, b) => b[1].length - a[1].length || a[0] - b[0])[0];
  const sorted = [...times].sort((a, b) => a - b);
  const end = sorted[Math.floor(sorted.length / 2)] + 1;
  // Never on the hour itself (that period would have no partial hour).
  return end % 3_600_000 === 0 ? end + 1 : end;
}
