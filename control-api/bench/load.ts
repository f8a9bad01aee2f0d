// One load case of a bench: autocannon on keep-alive connections cycling over paths, after a warm-up
// that is not measured. Requests per second, latency percentiles (whole ms) and every kind of error.
import autocannon from 'autocannon';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

export async function load(url: string, paths: readonly string[], o: { durationSeconds: number; connections: number; warmupSeconds: number }): Promise<LoadResult> {
  const requests = paths.map((path) => ({ method: 'GET' as const, path }));
  await autocannon({ url, connections: o.connections, duration: o.warmupSeconds, requests });
  const r = await autocannon({ url, connections: o.connections, duration: o.durationSeconds, requests });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx + r.timeouts };
}
