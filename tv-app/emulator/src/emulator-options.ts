// The emulator's query string: `/emulator` shows one TV; `/emulator?wall=4` several independent
// viewers joined at staggered moments. Each viewer is a device profile (engine, stage resolution,
// clock skew and drift, client id) that becomes the query string of its TV frame.

export type StageHeight = 720 | 1080;

/**
 * The TV engine a viewer emulates. One bundle serves every engine (built for Chromium 68 and WPE
 * WebKit 2.28 syntax), so a profile sets what differs at run time:
 * - `chromium`: a current TV Chromium (the desktop browser as it is);
 * - `chromium68`: webOS 5 / Tizen 5.5 class: the runtime APIs Chromium 68 lacks are withdrawn before
 *   the app starts, so the bundle runs on its polyfills as on those TVs;
 * - `wpe`: an RDK set-top box: the WebKit/GStreamer sync profile (join at readyState 3, timed
 *   restarts instead of rate trim), as the app picks it on WPE WebKit.
 */
export type EmulatedEngine = 'chromium' | 'chromium68' | 'wpe';
export const EMULATED_ENGINES: readonly EmulatedEngine[] = ['chromium', 'chromium68', 'wpe'];
export const ENGINE_LABELS: Readonly<Record<EmulatedEngine, string>> = {
  chromium: 'Chromium (current)',
  chromium68: 'Chromium 68 (webOS 5, Tizen 5.5)',
  wpe: 'WPE WebKit (RDK)',
};

export interface DeviceProfile {
  engine: EmulatedEngine;
  stage: StageHeight;
  /** Simulated local clock error, milliseconds (+ = the TV's clock is ahead). */
  clockSkewMs: number;
  /** Simulated local clock rate error, parts per million. */
  clockDriftPpm: number;
  /** MQTT client id of this viewer. */
  clientId: string;
}

export interface EmulatorOptions {
  /** Number of viewers; 1 = the single-TV layout. */
  viewers: number;
  wall: boolean;
  /** Milliseconds between two viewers' loads on the wall. */
  staggerMs: number;
  /** Extra query for every TV frame (e.g. `protocol=hls`). */
  protocol: 'dash' | 'hls' | null;
  profiles: DeviceProfile[];
}

export const EMULATOR_DEFAULTS = {
  maxViewers: 9, // viewers on one wall
  staggerMs: 2_500, // milliseconds between wall joins
  maxStaggerMs: 60_000, // milliseconds
  panelRefreshMs: 200, // milliseconds between panel updates (5 Hz)
  /** Wall viewers get different clocks by default: skew (ms) and drift (ppm), cycled. */
  wallClocks: [
    { clockSkewMs: 0, clockDriftPpm: 0 },
    { clockSkewMs: 185_000, clockDriftPpm: 60 },
    { clockSkewMs: -97_000, clockDriftPpm: -80 },
    { clockSkewMs: 421_000, clockDriftPpm: 150 },
  ],
};

export const PROFILE_LIMITS = {
  maxAbsSkewMs: 86_400_000, // milliseconds: the TV app accepts up to one day
  maxAbsDriftPpm: 50_000, // parts per million: as the TV app accepts (a clock slewed by an NTP daemon runs thousands off)
};

function intParam(q: URLSearchParams, key: string, min: number, max: number): number | null {
  const raw = q.get(key);
  if (raw === null || !/^-?\d+$/.test(raw.trim())) return null;
  const v = Number(raw);
  return v >= min && v <= max ? v : null;
}

function numParam(q: URLSearchParams, key: string, maxAbs: number): number | null {
  const raw = q.get(key);
  if (raw === null || raw.trim() === '') return null;
  const v = Number(raw);
  return Number.isFinite(v) && Math.abs(v) <= maxAbs ? v : null;
}

export function engineOf(raw: string | null): EmulatedEngine | null {
  return EMULATED_ENGINES.find((e) => e === raw) ?? null;
}

export function stageOf(raw: string | null): StageHeight | null {
  if (raw === '720' || raw === '720p') return 720;
  if (raw === '1080' || raw === '1080p') return 1080;
  return null;
}

/**
 * Parses the emulator's query: `wall` (viewers), `engine` (chromium|chromium68|wpe: every viewer's)
 * or `engines` (a comma list cycled over the wall's viewers), `stage` (720|1080), `skewMs`,
 * `driftPpm` (the single TV's clock, or every wall viewer's when given), `stagger` (ms), `protocol`,
 * `run` (client id prefix). Anything malformed falls back to its default.
 */
export function parseEmulatorOptions(search: string, runId: string): EmulatorOptions {
  const q = new URLSearchParams(search);
  const wallCount = intParam(q, 'wall', 1, EMULATOR_DEFAULTS.maxViewers);
  const wall = wallCount !== null && q.has('wall');
  const viewers = wall ? wallCount : 1;
  const stage = stageOf(q.get('stage')) ?? 1080;
  const skew = numParam(q, 'skewMs', PROFILE_LIMITS.maxAbsSkewMs);
  const drift = numParam(q, 'driftPpm', PROFILE_LIMITS.maxAbsDriftPpm);
  const protocolRaw = q.get('protocol');
  const engines = (q.get('engines') ?? q.get('engine') ?? '').split(',').map((e) => engineOf(e.trim())).filter((e): e is EmulatedEngine => e !== null);
  const run = /^[A-Za-z0-9_-]{1,24}$/.test(q.get('run') ?? '') ? (q.get('run') as string) : runId;
  const profiles: DeviceProfile[] = [];
  for (let i = 0; i < viewers; i++) {
    const clocks = wall ? EMULATOR_DEFAULTS.wallClocks[i % EMULATOR_DEFAULTS.wallClocks.length] : undefined;
    profiles.push({
      engine: engines[i % Math.max(1, engines.length)] ?? 'chromium',
      stage,
      clockSkewMs: skew ?? clocks?.clockSkewMs ?? 0,
      clockDriftPpm: drift ?? clocks?.clockDriftPpm ?? 0,
      clientId: `emu-${run}-${i + 1}`,
    });
  }
  return {
    viewers,
    wall,
    staggerMs: intParam(q, 'stagger', 0, EMULATOR_DEFAULTS.maxStaggerMs) ?? EMULATOR_DEFAULTS.staggerMs,
    protocol: protocolRaw === 'dash' || protocolRaw === 'hls' ? protocolRaw : null,
    profiles,
  };
}

/** The TV frame's URL for a profile (the TV app reads these query parameters; the stage is the frame's size). */
export function tvFrameUrl(profile: DeviceProfile, options: { protocol: 'dash' | 'hls' | null; base?: string }): string {
  const q = new URLSearchParams();
  q.set('clientId', profile.clientId);
  if (profile.engine === 'wpe') q.set('engine', 'webkit-gstreamer');
  if (profile.engine === 'chromium68') q.set('apis', 'chromium68');
  if (profile.clockSkewMs !== 0) q.set('clockSkewMs', String(profile.clockSkewMs));
  if (profile.clockDriftPpm !== 0) q.set('clockDriftPpm', String(profile.clockDriftPpm));
  if (options.protocol) q.set('protocol', options.protocol);
  return `${options.base ?? '/'}?${q.toString()}`;
}

/** Stage size in CSS pixels: the TV app sizes its canvas to its window, so a 1280x720 frame is a 720p stage. */
export function stageSize(stage: StageHeight): { width: number; height: number } {
  return stage === 720 ? { width: 1280, height: 720 } : { width: 1920, height: 1080 };
}

/** Scale that fits a stage into a box, never above 1. */
export function fitScale(stage: { width: number; height: number }, box: { width: number; height: number }): number {
  if (box.width <= 0 || box.height <= 0) return 0.1;
  return Math.min(1, box.width / stage.width, box.height / stage.height);
}
