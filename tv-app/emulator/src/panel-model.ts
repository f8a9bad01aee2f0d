// What the live panel shows, computed from a viewer's `window.streamsyncTv.state()` (read
// defensively: the frame may still be booting) and, on the wall, the spread between viewers.

export interface ViewerSnapshot {
  channel: string | null;
  programId: string | null;
  programTitle: string | null;
  playing: boolean;
  clockState: string;
  clockOffsetMs: number | null;
  clockUncertaintyMs: number | null;
  clockDriftPpm: number | null;
  syncState: string;
  positionErrorMs: number | null;
  rate: number | null;
  rungHeight: number | null;
  rungBandwidth: number | null;
  estimatedBandwidth: number | null;
  bufferAheadSec: number | null;
  brokerUp: boolean;
  skewMs: number | null;
  driftPpm: number | null;
  clientId: string | null;
}

function obj(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** A snapshot of the TV app's QA state, or null when it has none yet. */
export function snapshotOf(raw: unknown): ViewerSnapshot | null {
  const s = obj(raw);
  if (!s) return null;
  const channel = obj(s.channel);
  const program = obj(s.program);
  const clock = obj(s.clock);
  const sync = obj(s.sync);
  const media = obj(s.media);
  const device = obj(s.device);
  const number = num(channel?.number);
  const name = str(channel?.name);
  return {
    channel: number === null ? null : `${number}${name ? ` ${name}` : ''}`,
    programId: str(program?.id),
    programTitle: str(program?.title),
    playing: s.playing === true,
    clockState: str(clock?.state) ?? 'none',
    clockOffsetMs: num(clock?.offsetMs),
    clockUncertaintyMs: num(clock?.uncertaintyMs),
    clockDriftPpm: num(clock?.driftPpm),
    syncState: str(sync?.state) ?? 'none',
    positionErrorMs: num(sync?.errorMs),
    rate: num(sync?.rate),
    rungHeight: num(media?.rungHeight),
    rungBandwidth: num(media?.rungBandwidth),
    estimatedBandwidth: num(media?.estimatedBandwidth),
    bufferAheadSec: num(media?.bufferAheadSec),
    brokerUp: s.brokerUp === true,
    skewMs: num(device?.clockSkewMs),
    driftPpm: num(device?.clockDriftPpm),
    clientId: str(device?.clientId),
  };
}

export type PanelField =
  | 'channel'
  | 'program'
  | 'clockOffset'
  | 'clockUncertainty'
  | 'positionError'
  | 'rate'
  | 'rung'
  | 'bandwidth'
  | 'buffer'
  | 'mqtt'
  | 'device';

export const PANEL_FIELDS: ReadonlyArray<{ field: PanelField; label: string }> = [
  { field: 'channel', label: 'Channel' },
  { field: 'program', label: 'Program' },
  { field: 'clockOffset', label: 'Clock offset' },
  { field: 'clockUncertainty', label: 'Uncertainty' },
  { field: 'positionError', label: 'Position error' },
  { field: 'rate', label: 'Playback rate' },
  { field: 'rung', label: 'Rung' },
  { field: 'bandwidth', label: 'Bandwidth est.' },
  { field: 'buffer', label: 'Buffer ahead' },
  { field: 'mqtt', label: 'MQTT' },
  { field: 'device', label: 'Device clock' },
];

const dash = '—';

export function formatMs(ms: number | null, digits = 1): string {
  return ms === null ? dash : `${ms.toFixed(digits)} ms`;
}

export function formatSigned(ms: number | null, digits = 1): string {
  if (ms === null) return dash;
  return `${ms > 0 ? '+' : ms < 0 ? '−' : '±'}${Math.abs(ms).toFixed(digits)} ms`;
}

export function formatBits(bps: number | null): string {
  if (bps === null || bps <= 0) return dash;
  return bps >= 1e6 ? `${(bps / 1e6).toFixed(2)} Mb/s` : `${Math.round(bps / 1e3)} kb/s`;
}

/** One text per panel field. */
export function panelTexts(s: ViewerSnapshot | null): Record<PanelField, string> {
  if (!s) {
    const waiting = 'booting…';
    return {
      channel: waiting, program: dash, clockOffset: dash, clockUncertainty: dash, positionError: dash, rate: dash,
      rung: dash, bandwidth: dash, buffer: dash, mqtt: dash, device: dash,
    };
  }
  const skew = s.skewMs ?? 0;
  const drift = s.driftPpm ?? 0;
  const note = (state: string, quiet: string) => (state === quiet ? '' : ` (${state})`);
  return {
    channel: s.channel ?? dash,
    program: s.programTitle ?? dash,
    clockOffset: s.clockOffsetMs === null || s.clockState === 'unsynced' ? `${dash} (${s.clockState})` : `${formatSigned(s.clockOffsetMs, 2)}${note(s.clockState, 'synced')}`,
    clockUncertainty: s.clockUncertaintyMs === null ? dash : `±${formatMs(s.clockUncertaintyMs, 2)}`,
    positionError: s.positionErrorMs === null ? `${dash} (${s.syncState})` : `${formatSigned(s.positionErrorMs, 2)}${note(s.syncState, 'locked')}`,
    rate: s.rate === null ? dash : s.rate.toFixed(4),
    rung: s.rungHeight === null || s.rungHeight <= 0 ? dash : `${s.rungHeight}p · ${formatBits(s.rungBandwidth)}`,
    bandwidth: formatBits(s.estimatedBandwidth),
    buffer: s.bufferAheadSec === null ? dash : `${s.bufferAheadSec.toFixed(1)} s`,
    mqtt: s.brokerUp ? 'connected' : 'disconnected',
    device: `${formatSigned(skew, 0)} · ${drift} ppm`,
  };
}

export interface WallSpread {
  /** max − min of the viewers' schedule positions at one instant (from their reported errors), ms. */
  reportedMs: number | null;
  /** max − min of the viewers' media clocks (currentTime) read in one task, ms. */
  mediaMs: number | null;
  /** Viewers counted. */
  counted: number;
  /** Why a spread is missing. */
  note: string;
}

export interface WallSample {
  snapshot: ViewerSnapshot | null;
  /** The viewer's video.currentTime in seconds, read in the same task as the others. */
  currentTimeSec: number | null;
}

/**
 * The spread between viewers playing the same program: each one's position at this instant is the
 * schedule position plus its reported error, so max − min of the errors is the spread of positions.
 */
export function wallSpread(samples: WallSample[]): WallSpread {
  const live = samples.filter((s) => s.snapshot?.playing && s.snapshot.positionErrorMs !== null && s.snapshot.programId !== null);
  if (live.length < 2) return { reportedMs: null, mediaMs: null, counted: live.length, note: `${live.length} of ${samples.length} playing` };
  const programs = new Set(live.map((s) => `${s.snapshot?.channel}|${s.snapshot?.programId}`));
  if (programs.size > 1) return { reportedMs: null, mediaMs: null, counted: live.length, note: 'viewers are on different programs' };
  const errors = live.map((s) => s.snapshot?.positionErrorMs ?? 0);
  const times = live.map((s) => s.currentTimeSec).filter((t): t is number => t !== null);
  return {
    reportedMs: Math.max(...errors) - Math.min(...errors),
    mediaMs: times.length === live.length ? (Math.max(...times) - Math.min(...times)) * 1000 : null,
    counted: live.length,
    note: live.length === samples.length ? 'all viewers' : `${live.length} of ${samples.length} playing`,
  };
}
