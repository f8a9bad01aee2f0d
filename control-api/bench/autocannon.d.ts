// The small part of autocannon's API the bench uses (the package ships no types).
declare module 'autocannon' {
  interface Request {
    method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number; // seconds
    pipelining?: number;
    requests?: Request[];
  }
  interface Histogram {
    average: number;
    mean: number;
    p50: number;
    p99: number;
    // Further percentiles (pX_Y is pX.Y), as autocannon reports them.
    p0_001?: number;
    p0_01?: number;
    p0_1?: number;
    p1?: number;
    p2_5?: number;
    p10?: number;
    p25?: number;
    p75?: number;
    p90?: number;
    p97_5?: number;
    p99_9?: number;
    p99_99?: number;
    p99_999?: number;
    min?: number;
    max?: number;
  }
  interface Result {
    requests: Histogram;
    latency: Histogram; // milliseconds
    throughput: Histogram; // bytes per second
    errors: number;
    timeouts: number;
    non2xx: number;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
