import { Injectable } from '@nestjs/common';
import { type BinnedCell, pieceKey, planReads, rangePieces, resolve, sumPieces } from './binned-percentiles.calculations.js';
import { BinnedPercentilesRepository, type CountsRow } from './binned-percentiles.repository.js';
import type { ReplyRow, Scope } from './scope.js';

/**
 * Reply-time percentiles from duration_bins (binned-percentiles.calculations.ts), for the scopes
 * table-decider.ts gives them: whole UTC hours, no team or tag, grouped by nothing or channel.
 * The same rows as FactsMetricsRepository.replies, exact to the bit.
 */
@Injectable()
export class BinnedPercentilesService {
  constructor(private readonly repository: BinnedPercentilesRepository) {}

  async replies(s: Scope): Promise<ReplyRow[]> {
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
    const agent = s.responder === 'agent';
    const business = s.hours === 'business';
    const iso = (ms: number) => new Date(ms).toISOString();

    return this.repository.snapshot(async (m) => {
      const rows = await this.repository.counts(
        m,
        s.workspaceId,
        Number(agent) + 2 * Number(business),
        byChannel ? s.channels : (s.channels ?? ['*']),
        [...days].map(iso),
        [...hours].map(iso),
      );
      // The rows of each group: a channel's own, or all channels read added up.
      const groups = new Map<string | null, Map<string, CountsRow['counts']>>();
      let bins = 0;
      for (const r of rows) {
        bins = r.counts.length;
        const g = byChannel ? r.channel : null;
        const rowsOf = groups.get(g) ?? new Map<string, CountsRow['counts']>();
        groups.set(g, rowsOf);
        const key = pieceKey(r.day, r.at);
        const had = rowsOf.get(key);
        if (!had) rowsOf.set(key, r.counts);
        else rowsOf.set(key, had.map((c, k) => c + r.counts[k]));
      }
      const cells: (BinnedCell & { b: number; g: string | null })[] = [];
      for (const [g, rowsOf] of groups)
        for (const k of buckets) {
          const counts = sumPieces(k.pieces, rowsOf, bins);
          if (counts.some((c) => c !== 0)) cells.push({ b: k.b, g, lo: k.lo, hi: k.hi, channel: g, counts });
        }
      const { reads, picks } = planReads(cells, [0.5, 0.9]);
      const values = await this.repository.replyValues(m, s.workspaceId, agent, business, s.channels, reads);
      return resolve(picks, values).map(([median, p90], i) => ({ b: cells[i].b, g: cells[i].g, reply_median: median, reply_p90: p90 }));
    });
  }
}
