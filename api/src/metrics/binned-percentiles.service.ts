import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  BINS,
  type BinnedCell,
  type BinnedResult,
  assignmentRows,
  binMeasure,
  countAtMost,
  firstResponseRows,
  pieceKey,
  planReads,
  rangePieces,
  resolve,
  sumPieceTotals,
  sumPieces,
} from './binned-percentiles.calculations.js';
import { BinnedPercentilesRepository, type CountsRow } from './binned-percentiles.repository.js';
import { RollupMetricsRepository } from './rollup-metrics.repository.js';
import { DeltaFolder } from '../rollups/delta-folder.service.js';
import type { AssignmentRow, ConversationRow, ReplyRow, ResolutionRow, Scope } from './scope.js';

/** duration_bins' measure of a scope (binMeasure): calendar durations, any responder or the agent, grouped by first responder or not. */
const measureOf = (s: Scope, base: 0 | 4 | 8 | 12) => binMeasure(base, s.responder, s.group === 'agent');

/**
 * Duration statistics from duration_bins (binned-percentiles.calculations.ts) and the counts
 * beside them from hourly_conversations, for the scopes table-decider.ts gives them: calendar
 * hours, whole UTC hours, no team or tag, grouped by nothing, channel or agent. The same figures as
 * FactsMetricsRepository's sorts and counts, exact to the bit, without reading the facts.
 */
@Injectable()
export class BinnedPercentilesService {
  constructor(
    private readonly repository: BinnedPercentilesRepository,
    private readonly rollups: RollupMetricsRepository,
    private readonly folder: DeltaFolder,
  ) {}

  async replies(s: Scope): Promise<ReplyRow[]> {
    return (await this.binned(s, measureOf(s, 0), [0.5, 0.9])).map(({ b, g, values: [median, p90] }) => ({ b, g, reply_median: median, reply_p90: p90 }));
  }

  /**
   * Conversations by firstCustomerAt with their first response statistics: the counts from
   * hourly_conversations; those responded, the sum and the percentiles from the bins; those
   * within the SLA from the bins below its bin plus the values of its bin up to it.
   */
  async firstResponses(s: Scope, slaSeconds: number): Promise<ConversationRow[]> {
    const [counted, cells] = await Promise.all([this.rollups.firstCustomers(s), this.binned(s, measureOf(s, 4), [0.5, 0.9], slaSeconds)]);
    return firstResponseRows(counted, cells);
  }

  /** Resolutions by resolvedAt (each has a resolution time) and their median. */
  async resolutions(s: Scope): Promise<ResolutionRow[]> {
    return (await this.binned(s, measureOf(s, 8), [0.5])).map(({ b, g, n, values: [median] }) => ({ b, g, resolutions: n, resolution_median: median }));
  }

  /** Conversations by firstAssignedAt (hourly_conversations) and their assignment response median and p90. */
  async assignments(s: Scope): Promise<AssignmentRow[]> {
    const [counted, cells] = await Promise.all([this.rollups.assigned(s), this.binned(s, measureOf(s, 12), [0.5, 0.9])]);
    return assignmentRows(counted, cells);
  }

  /**
   * Per bucket and group with any value of a measure: how many, their sum (µs) and percentiles
   * `ps`; with `sla`, also how many are ≤ sla (else 0). Both phases in one snapshot.
   */
  private async binned(s: Scope, measure: number, ps: number[], sla?: number): Promise<BinnedResult[]> {
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
    // groupBy=agent: the grouped measure's rows, one per first responder ('' none: group null).
    const byResponder = s.group === 'agent';
    const iso = (ms: number) => new Date(ms).toISOString();

    // The deltas ingest appended and the background fold (DeltaFolder) has not taken yet, folded
    // once per request (Scope.shared). A fold that fails (a timeout under load) costs nothing but
    // speed: the read adds the deltas.
    const key = 'duration_deltas folded';
    let folded = s.shared?.get(key);
    if (!folded) s.shared?.set(key, (folded = this.folder.foldNow(s.workspaceId).catch(() => undefined)));
    await folded;
    return this.repository.snapshot(async (m) => {
      const rows = await this.repository.counts(m, s.workspaceId, measure, byChannel ? s.channels : (s.channels ?? ['*']), [...days].map(iso), [...hours].map(iso));
      // Each group's rows by piece: a channel's own, or all channels read (added up).
      const groups = new Map<string | null, { rows: Map<string, CountsRow[]>; sums: Map<string, bigint> }>();
      for (const r of rows) {
        const g = byChannel ? r.channel : byResponder ? r.responder || null : null;
        let of = groups.get(g);
        if (!of) groups.set(g, (of = { rows: new Map(), sums: new Map() }));
        const key = pieceKey(r.day, r.at);
        const list = of.rows.get(key);
        if (list) list.push(r);
        else of.rows.set(key, [r]);
        of.sums.set(key, (of.sums.get(key) ?? 0n) + r.sumUs);
      }
      const cells: (BinnedCell & { b: number; g: string | null; n: number; sumUs: bigint })[] = [];
      for (const [g, of] of groups)
        for (const k of buckets) {
          const counts = sumPieces(k.pieces, of.rows, BINS);
          let n = 0;
          for (const c of counts) n += c;
          if (n === 0) continue;
          cells.push({
            b: k.b,
            g,
            lo: k.lo,
            hi: k.hi,
            channel: byChannel ? g : null,
            responder: byResponder ? (g ?? '') : null,
            counts,
            n,
            sumUs: sumPieceTotals(k.pieces, of.sums),
          });
        }
      const { reads, picks } = planReads(cells, ps);
      const [values, within] = await Promise.all([
        this.repository.values(m, s.workspaceId, measure, s.channels, reads),
        sla === undefined ? null : this.within(m, s, measure, cells, sla),
      ]);
      const found = resolve(picks, values);
      return cells.map(({ b, g, n, sumUs }, i) => ({ b, g, n, sumUs, values: found[i], within: within?.[i] ?? 0 }));
    });
  }

  /** How many values of each cell are ≤ sla: its counts below sla's bin, and its values in that bin up to sla. */
  private async within(m: EntityManager, s: Scope, measure: number, cells: (BinnedCell & { counts: ArrayLike<number> })[], sla: number): Promise<number[]> {
    const { bin, inBin } = await this.repository.countUpTo(m, s.workspaceId, measure, s.channels, cells, sla);
    return cells.map((c, i) => countAtMost(c.counts, bin, inBin[i]));
  }
}
