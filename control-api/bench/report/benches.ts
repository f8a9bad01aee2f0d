// Every bench of the project, in the order `npm run bench` runs them, with the arguments and time
// budget of each mode. Full mode keeps each bench's own defaults except where said (to fit the
// whole run in ~15 minutes on 2 cores); quick mode is a smoke run of the report itself.

export type RunMode = 'full' | 'quick';

export interface BenchSettings {
  args: string[];
  /** Parameters below the bench's defaults, said plainly (null: the defaults). */
  reduction: string | null;
  timeoutMs: number; // milliseconds before the bench is stopped
}

export interface BenchSpec {
  id: string;
  title: string;
  script: string; // relative to the repository root
  npmScript: string;
  modes: Record<RunMode, BenchSettings>;
}

export const BENCHES: readonly BenchSpec[] = [
  {
    id: 'api',
    title: 'Lineup API under load (autocannon) vs the same bytes as a static file',
    script: 'control-api/bench/api.ts',
    npmScript: 'bench:api',
    modes: {
      full: { args: ['--duration', '5'], reduction: '5 s per case instead of 10 s', timeoutMs: 180_000 },
      quick: { args: ['--duration', '1', '--channels', '5', '--days', '1', '--connections', '8'], reduction: '1 s per case, 5 channels x 1 day, 8 connections', timeoutMs: 90_000 },
    },
  },
  {
    id: 'clock',
    title: 'Clock estimation by Node viewers against a shifted server clock',
    script: 'control-api/bench/clock.ts',
    npmScript: 'bench:clock',
    modes: {
      full: { args: [], reduction: null, timeoutMs: 120_000 },
      quick: { args: ['--viewers', '20', '--seconds', '1'], reduction: '20 viewers, 1 s of sampling', timeoutMs: 60_000 },
    },
  },
  {
    id: 'fanout',
    title: 'Beacon, chat and reactions fan-out: Aedes vs Debian mosquitto',
    script: 'control-api/bench/fanout.ts',
    npmScript: 'bench:fanout',
    modes: {
      full: { args: [], reduction: null, timeoutMs: 300_000 },
      quick: { args: ['--levels', '200,500', '--workers', '2', '--seconds', '2'], reduction: '200 and 500 viewers, 2 workers, 2 s per level', timeoutMs: 120_000 },
    },
  },
  {
    id: 'programming',
    title: 'Programming engine: guide windows and now at 1,000 programmed channels',
    script: 'control-api/bench/programming.ts',
    npmScript: 'bench:programming',
    modes: {
      full: { args: [], reduction: null, timeoutMs: 240_000 },
      quick: { args: ['--channels', '50', '--duration', '1'], reduction: '50 channels, 1 s of load per case', timeoutMs: 90_000 },
    },
  },
  {
    id: 'live',
    title: 'Live output: HLS playlists and DASH MPDs of 1,000 programmed channels; hls.js tune time, live vs VOD',
    script: 'control-api/bench/live.ts',
    npmScript: 'bench:live',
    modes: {
      full: { args: [], reduction: null, timeoutMs: 360_000 },
      quick: { args: ['--channels', '50', '--duration', '1', '--tunes', '2'], reduction: '50 channels, 1 s of load per case, 2 tunes of each kind', timeoutMs: 180_000 },
    },
  },
  {
    id: 'pipeline',
    title: 'Content pipeline through the ladder vs a bare ffmpeg command',
    script: 'pipeline/bench/pipeline.ts',
    npmScript: 'bench:pipeline',
    modes: {
      full: { args: ['--duration', '30'], reduction: '30 s of 1080p30 source instead of 60 s', timeoutMs: 240_000 },
      quick: { args: ['--duration', '4', '--width', '640', '--height', '360', '--fps', '25'], reduction: '4 s of 360p25 source', timeoutMs: 90_000 },
    },
  },
  {
    id: 'tv',
    title: 'TV app in headless Chromium: start, zap, sync between viewers',
    script: 'tv-app/bench/tv.ts',
    npmScript: 'bench:tv',
    modes: {
      // With the zero-wait figures on loopback and again throttled, `--browse-seconds 120` alone took
      // 512 s on 2 cores under other load (load average 1.7 to 7.2), over the old 480 s budget and
      // most of what the run's 15 minutes leave after the other benches (~5 min); its own defaults
      // (300 s of browsing) ~690 s. With the arguments below it took 362 s (load average ~3).
      full: {
        args: ['--browse-seconds', '60', '--seconds', '30'],
        reduction: 'guide browsing for 60 s instead of 300 s, 30 s of sync sampling instead of 60 s',
        timeoutMs: 600_000,
      },
      quick: { args: ['--seconds', '5', '--runs', '1', '--zaps', '1', '--scroll-seconds', '5', '--browse-seconds', '20'], reduction: '1 cold start, 1 zap of each kind, 5 s of sync sampling, 5 s of guide scrolling, 20 s of browsing', timeoutMs: 240_000 },
    },
  },
  {
    id: 'capacity',
    title: 'Capacity of one machine: viewers per broker node (Aedes vs mosquitto), time exchanges, API requests, bytes per rung',
    script: 'control-api/bench/capacity.ts',
    npmScript: 'bench:capacity',
    modes: {
      // Last, so the others keep their time; it writes its result after each part, so a run stopped at
      // the budget keeps what it measured. Its own defaults (levels 2k to 40k, 36 s each, 20 s of 1080p
      // media) took 5.5 min on 2 cores (2026-12-06: both engines held 2,000 viewers and failed 5,000,
      // with the simulated viewers on the same two cores); this, ~4 min.
      full: {
        args: ['--levels', '2000,3000,5000', '--seconds', '24', '--api-seconds', '2', '--media-seconds', '8'],
        reduction: 'levels 2k, 3k and 5k instead of 2k to 40k, 24 s per level instead of 36 s, 2 s per API case instead of 3 s, 8 s of media instead of 20 s',
        timeoutMs: 480_000,
      },
      quick: {
        args: ['--levels', '200,500', '--seconds', '3', '--settle-ms', '500', '--beacon-ms', '1000', '--refresh-ms', '3000', '--workers', '2', '--channels', '20', '--exchange-clients', '20', '--exchange-seconds', '1', '--api-seconds', '1', '--media-seconds', '2', '--media-height', '360', '--typical-rung', '360p'],
        reduction: '200 and 500 viewers, 3 s per level with a 1 s beacon and a 3 s refresh, 20 channels, 1 s of time exchanges and per API case, 2 s of 360p media',
        timeoutMs: 180_000,
      },
    },
  },
];
