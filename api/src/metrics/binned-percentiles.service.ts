import { Injectable } from '@nestjs/common';
import { BINS, type BinnedCell, type Percentiles, pieceKey, planReads, rangePieces, resolve, sumPieces, withPercentiles } from './binned-percentiles.calculations.js';
import { BinnedPercentilesRepository, type CountsRow } from './binned-percentiles.repository.js';
import type { AssignmentRow, ConversationRow, ReplyRow, ResolutionRow, Scope } from './scope.js';

/** duration_bins' measure numbers (migration DurationBins). */
const measureOf = (s: Scope, base: 0 | 4 | 8 | 12) => base + (base < 8 && s.responder === 'agent' ? 1 : 0) + (s.hours === 'business' ? 2 : 0);

/**
 * Duration percentiles from duration_bins (binned-percentiles.calculations.ts), for the scopes
 * table-decider.ts gives them: whole UTC hours, no team or tag, grouped by nothing or channel.
 * The same figures as the sorts of FactsMetricsRepository, exact to the bit.
 */
@Injectable()
export class BinnedPercentilesService {
  constructor(private readonly repository: BinnedPercentilesRepository) {}

  async replies(s: Scope): Promise<ReplyRow[]> {
    return (await this.percentiles(s, measureOf(s, 0), [0.5, 0.9])).map(({ b, g, values: [median, p90] }) => ({ b, g, reply_median: median, reply_p90: p90 }));
  }

  /** The rows of the facts' counts (their percentiles left null) with the first response median and p90. */
  async firstResponses(s: Scope, rows: Promise<ConversationRow[]>): Promise<ConversationRow[]> {
    const [counted, found] = await Promise.all([rows, this.percentiles(s, measureOf(s, 4), [0.5, 0.9])]);
    return withPercentiles(counted, found, ['frt_median', 'frt_p90']);
  }

  async resolutions(s: Scope, rows: Promise<ResolutionRow[]>): Promise<ResolutionRow[]> {
    const [counted, found] = await Promise.all([rows, this.percentiles(s, measureOf(s, 8), [0.5])]);
    return withPercentiles(counted, found, ['resolution_median']);
  }

  async assignments(s: Scope, rows: Promise<AssignmentRow[]>): Promise<AssignmentRow[]> {
    const [counted, found] = await Promise.all([rows, this.percentiles(s, measureOf(s, 12), [0.5, 0.9])]);
    return withPercentiles(counted, found, ['assign_median', 'assign_p90']);
  }

  /** Percentiles `ps` of a measure per bucket and group with any value (both phases in one snapshot). */
  private async percentiles(s: Scope, measure: number, ps: number[]): Promise<Percentiles[]> {
    const fromMs = Date.parse(s.from);
    const toMs = Date.parse(s.to);
    const starts = s.bounds.map((b) => Date.parse(b));
    const buckets = starts
      .map((start, i) => ({ b: i + 1, lo: Math.max(start, fromMs), hi: Math.min(starts[i + 1] ?? toMs, toMs) }))
      .filter((k) => k.lo < k.hi)
      .map((k) => ({ ...k, pieces: rangePieces(k.lo, k.hi) }));
    const days = new Set<number>();
    const hours = new Set<number>();
    for (const { pieces } of buckets) for (const p of pieces) (p.day ? days : hours).add(p.at);
    const byChannel = s.group === 'channel';
    const iso = (ms: number) => new Date(ms).toISOString();

    return this.repository.snapshot(async (m) => {
      const rows = await this.repository.counts(m, s.workspaceId, measure, byChannel ? s.channels : (s.channels ?? ['*']), [...days].map(iso), [...hours].map(iso));
      // The rows of each group: a channel's own, or all channels read added up.
      const groups = new Map<string | null, Map<string, CountsRow['counts']>>();
      for (const r of rows) {
        const g = byChannel ? r.channel : null;
        const rowsOf = groups.get(g) ?? new Map<string, CountsRow['counts']>();
        groups.set(g, rowsOf);
        const key = pieceKey(r.day, r.at);
        const had = rowsOf.get(key);
        rowsOf.set(key, had ? had.map((c, k) => c + r.counts[k]) : r.counts);
      }
      const cells: (BinnedCell & { b: number; g: string | null })[] = [];
      for (const [g, rowsOf] of groups)
        for (const k of buckets) {
          const counts = sumPieces(k.pieces, rowsOf, BINS);
          if (counts.some((c) => c !== 0)) cells.push({ b: k.b, g, lo: k.lo, hi: k.hi, channel: g, counts });
        }
      const { reads, picks } = planReads(cells, ps);
      const values = await this.repository.values(m, s.workspaceId, measure, s.channels, reads);
      return resolve(picks, values).map((v, i) => ({ b: cells[i].b, g: cells[i].g, values: v }));
    });
  }
}
