/** The markdown table of a benchmark run: each measure, its target and pass/fail. */

const fmt = (x: number, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : String(x));
const verdict = (ok: boolean, how: string) => `${ok ? '**pass**' : '**FAIL**'} (${how})`;
/** A factor: two decimals below 10 (1.04×), one above. */
const times = (x: number) => `${fmt(x, x < 10 ? 2 : 1)}×`;

export function markdown(r: Record<string, any>): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(`# Parley benchmark: ${fmt(r.events)} events, ${r.startedAt.slice(0, 10)}`);
  out.push('');
  out.push(
    `Machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGB} GB, ${m.os}, Node ${m.node}; ${String(m.postgres).split(' on ')[0]} ` +
      `(shared_buffers ${m.postgresSettings.shared_buffers}, synchronous_commit ${m.postgresSettings.synchronous_commit}); DuckDB ${r.parquet.duckdb} (${r.parquet.threads} threads); commit ${m.commit}.`,
  );
  out.push(
    `Data: ${fmt(r.data.events)} events, ${fmt(r.data.conversations)} conversations, ${r.data.from.slice(0, 16)} … ${r.data.to.slice(0, 16)} (seed ${r.seed}). ` +
      `Everything below ran in one run, on this machine and one Postgres database, one API process.` +
      (r.events < 10_000_000 ? ` The targets are stated for 10,000,000 events in one workspace: at ${fmt(r.events)} they are indicative.` : ''),
  );
  out.push('');
  out.push('| # | measure | measured | target | result |');
  out.push('| --- | --- | --- | --- | --- |');

  const ing = r.ingest;
  const what = ing.chosen === 'copy' ? `the fastest sample configuration, ${fmt(ing.api.events)} events into a fresh workspace` : `all ${fmt(ing.api.events)} events`;
  out.push(
    `| 1 | Ingest: API (${what}, batches of ${fmt(ing.api.batchSize)}, ${ing.api.clients} client${ing.api.clients > 1 ? 's' : ''}) vs raw COPY of the same rows | ` +
      `${fmt(ing.api.eventsPerSecond)} events/s vs ${fmt(ing.copy.rowsPerSecond)} rows/s = **${fmt(ing.ratio * 100, 1)} %** | ≥ 50 % of COPY | ` +
      `${verdict(ing.ratio >= 0.5, ing.ratio >= 0.5 ? `${times(ing.ratio / 0.5)} the bar` : `needs ${times(0.5 / ing.ratio)} faster`)} |`,
  );
  for (const [endpoint, q] of Object.entries<any>(r.queries.endpoints)) {
    const p95 = q.api.p95;
    out.push(`| 2 | \`${endpoint}\` p95 (p50) over ${q.api.n} warm requests | ${fmt(p95, 1)} ms (${fmt(q.api.p50, 1)} ms) | ≤ 50 ms | ${verdict(p95 <= 50, p95 <= 50 ? `${fmt(50 - p95, 1)} ms to spare` : `${fmt(p95 - 50, 1)} ms over, ${times(p95 / 50)}`)} |`);
    out.push(
      `| 2 | \`${endpoint}\` p95 vs DuckDB raw-scan p95 (the same ${q.duckdb.n} requests) | ${fmt(q.apiSameRequests.p95, 1)} ms vs ${fmt(q.duckdb.p95, 1)} ms = **${fmt(q.ratio, 3)}** | ≤ 0.1 | ` +
        `${verdict(q.ratio <= 0.1, q.ratio <= 0.1 ? `${times(0.1 / q.ratio)} margin` : `${times(q.ratio / 0.1)} over`)} |`,
    );
  }
  const ag = r.queries.agreement;
  out.push(`| 2 | Answers: API vs DuckDB, value by value | ${fmt(ag.compared)} values, ${fmt(ag.mismatches)} differ | all agree | ${verdict(ag.mismatches === 0, ag.mismatches === 0 ? 'identical' : 'see below')} |`);
  const ex = r.export;
  out.push(`| 3 | Export \`/exports/events.csv\`, ${fmt(ex.rows)} rows (${fmt(ex.mb, 0)} MB) | ${fmt(ex.rowsPerSecond)} rows/s (${fmt(ex.seconds, 1)} s) | ≥ 200,000 rows/s | ${verdict(ex.rowsPerSecond >= 200_000, ex.rowsPerSecond >= 200_000 ? `${times(ex.rowsPerSecond / 200_000)} the bar` : `needs ${times(200_000 / ex.rowsPerSecond)} faster`)} |`);
  out.push(`| 3 | Export: API process RSS growth | +${fmt(ex.rssGrowthMB, 1)} MB (${fmt(ex.rssBeforeMB, 0)} → peak ${fmt(ex.rssPeakMB, 0)} MB) | < 50 MB | ${verdict(ex.rssGrowthMB < 50, `${fmt(Math.abs(50 - ex.rssGrowthMB), 1)} MB ${ex.rssGrowthMB < 50 ? 'below' : 'over'}`)} |`);
  const rb = r.rebuild;
  out.push(`| 4 | \`parley facts rebuild\` (${fmt(rb.conversations)} conversations) vs COPY of the same rows | ${fmt(rb.seconds, 1)} s (${fmt(rb.wallSeconds, 1)} s with the CLI's start) vs ${fmt(rb.copySeconds, 1)} s = **${fmt(rb.ratio, 2)}×** | ≤ 2× | ${verdict(rb.ratio <= 2, rb.ratio <= 2 ? `${times(2 / rb.ratio)} margin` : `needs ${times(rb.ratio / 2)} faster`)} |`);
  out.push('');

  out.push(`## Ingest, sample of ${fmt(r.ingestSample.events)} events per configuration`);
  out.push('');
  out.push(`Raw COPY of the sample: ${fmt(r.ingestSample.copy.rowsPerSecond)} rows/s (${fmt(r.ingestSample.copy.seconds, 2)} s). Each configuration ingests the same events into a fresh workspace; every answer is a 200 that accepted the whole batch.`);
  out.push('');
  out.push('| batch | clients | events/s | × COPY | batch p50 | batch p95 |');
  out.push('| ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const c of r.ingestSample.api) out.push(`| ${fmt(c.batchSize)} | ${c.clients} | ${fmt(c.eventsPerSecond)} | ${fmt(c.ratioToCopy * 100, 1)} % | ${fmt(c.batchMs.p50, 0)} ms | ${fmt(c.batchMs.p95, 0)} ms |`);
  out.push('');
  if (ing.chosen === 'copy')
    out.push(`Full load (\`--load copy\`): the main workspace's ${fmt(r.events)} events were COPYed into \`events\` (${fmt(ing.mainCopySeconds, 1)} s) and their facts and rollups made by \`parley facts rebuild\` (measure 4), not sent through the API. VACUUM ANALYZE afterwards: ${fmt(r.vacuumAnalyzeSeconds, 1)} s.`);
  else out.push(`Full load: ${fmt(ing.api.events)} events in ${fmt(ing.api.seconds, 1)} s (${ing.chosen}); COPY ${fmt(ing.copy.rows)} rows in ${fmt(ing.copy.seconds, 1)} s. VACUUM ANALYZE afterwards: ${fmt(r.vacuumAnalyzeSeconds, 1)} s.`);
  out.push('');

  out.push('## Queries');
  out.push('');
  out.push(
    `API: ${r.queries.warmup} warm-up requests then ${r.queries.requests} measured per endpoint, one at a time (periods of 7/30/90 days, UTC / Europe/Berlin / America/New_York, ` +
      `grains, channel filters, groupBy, responder). DuckDB: ${r.queries.duckRequests === r.queries.requests ? 'the same' : `the first ${r.queries.duckRequests} of the same`} requests after one warm-up, each computed by scanning the raw events in Parquet ` +
      `(${fmt(r.parquet.parquetMB, 1)} MB; exported from Postgres once: CSV ${fmt(r.parquet.csvSeconds, 1)} s, Parquet ${fmt(r.parquet.parquetSeconds, 1)} s), and compared with the API's answers value by value.`,
  );
  out.push('');
  out.push('| endpoint | API p50 | API p95 | DuckDB p50 | DuckDB p95 | API p95 / DuckDB p95 | values compared | differ |');
  out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [endpoint, q] of Object.entries<any>(r.queries.endpoints))
    out.push(`| ${endpoint} | ${fmt(q.api.p50, 1)} ms | ${fmt(q.api.p95, 1)} ms | ${fmt(q.duckdb.p50, 1)} ms | ${fmt(q.duckdb.p95, 1)} ms | ${fmt(q.ratio, 3)} | ${fmt(q.compared)} | ${fmt(q.mismatches)} |`);
  out.push('');
  if (r.explainFile) {
    out.push(`Query plans: [${r.explainFile}](${r.explainFile}) holds \`EXPLAIN (ANALYZE, BUFFERS)\` of every statement of a 7-, 30- and 90-day request per endpoint.`);
    out.push('');
  }
  if (ag.examples.length) {
    out.push('Values that differ (first ones):');
    out.push('');
    for (const e of ag.examples) out.push(`- ${e.request}: \`${e.path}\` API ${JSON.stringify(e.api)}, DuckDB ${JSON.stringify(e.duck)}`);
    out.push('');
  }
  out.push(`Total run time ${fmt(r.totalSeconds)} s.`);
  out.push('');
  return out.join('\n');
}
