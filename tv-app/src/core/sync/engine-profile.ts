/**
 * Engine profiles: how a browser's media stack behaves where frame sync depends on it, measured
 * with Shaka 5 on this project's CMAF DASH, and what the PlaybackController does about it.
 *
 * - `chromium` (Chromium's media pipeline): readyState reaches 4 while paused ~300 ms after a load;
 *   the settled clock starts ~40-85 ms after play(); a rate change (preservesPitch off) is applied
 *   exactly ~70 ms later with no loss of media time: steer with fine rate trims.
 * - `webkit-gstreamer` (WPE WebKit / WebKitGTK: MSE through GStreamer, the RDK set-top-box engine;
 *   WPE 2.38): readyState stays at 3 while paused (4 only sometimes, canplaythrough never fires),
 *   and a paused, seeked player at 3 with ~1 s buffered starts at once: the clock runs from
 *   play() itself (start lag 0 +-0.6 ms). Every playbackRate change is applied exactly but costs
 *   15-105 ms of media time (a flushing seek inside GStreamer, frame gaps up to ~120 ms), so no
 *   rate trim: the rate stays 1 and an error held above a few ms is removed by a timed restart
 *   (paused seek, play() at the exact time; ~1 ms). A seek while playing resumes the clock at
 *   `seeked`, 12-84 ms after the seek (p50 36): too variable to aim with. Releasing a pipeline
 *   that was told endOfStream() crashes the web process (GStreamer 1.22's decodebin3): withheld. A
 *   seek made while a new pipeline sets up its streams can block the main thread for good: delayed,
 *   and Shaka does not steer the rate while buffering (rate 0 and back: two flushing seeks).
 *
 * The profile is chosen by the app (tv-app/src/lib/player/engine-detect.ts); everything here is pure.
 */
import type { PlaybackControllerOptions } from './playback-types.js';

export type EngineProfileId = 'chromium' | 'webkit-gstreamer';

export interface EngineProfile {
  readonly id: EngineProfileId;
  /** readyState that, paused and not seeking, means a play() now starts at once (3 or 4). */
  readonly joinReadyState: 3 | 4;
  /** ...with at least this much media buffered ahead of the position (s). */
  readonly joinMinBufferedSec: number;
  /** Seed of the learned start lag: play() to the media clock running (ms). */
  readonly startLagMs: number;
  /** Seed of the learned seek latency: a seek while playing to the clock running again (ms). */
  readonly seekLatencyMs: number;
  /** Seed of the learned load time, load to ready (ms; 0: none, the first join tries the shortest lead). */
  readonly loadTimeMs: number;
  /** Commanded rates are 1 + k x rateStep (ratio). */
  readonly rateStep: number;
  /** 'smooth': steer with playbackRate; 'off': rate changes cost media time, hold by timed restarts. */
  readonly rateTrim: 'smooth' | 'off';
  /** Rate trim: |error| left alone (ms). Restarts: |error| tolerated (averaged over restartHoldMs) before a timed restart (ms). */
  readonly deadbandMs: number;
  /** Locked: |error| under this for lockHoldMs (ms). */
  readonly lockThresholdMs: number;
  /**
   * 'signal': MediaSource.endOfStream() is called as MSE intends; 'withhold': never without an error,
   * the engine crashes releasing a pipeline after it (tv-app/src/lib/player/end-of-stream-guard.ts).
   */
  readonly endOfStream: 'signal' | 'withhold';
  /**
   * 'native': SourceBuffer.abort() as the engine has it; 'withhold-idle': not between appends, the
   * engine drops every segment appended after it (tv-app/src/lib/player/source-buffer-abort-guard.ts).
   */
  readonly sourceBufferAbort: 'native' | 'withhold-idle';
  /** Milliseconds a load's seek made before its first frame waits (0: none; tv-app/src/lib/player/early-seek-guard.ts). */
  readonly earlySeekDelayMs: number;
  /** Shaka's streaming.rebufferingGoal (s); 0: Shaka never steers playbackRate to 0 and back while buffering. */
  readonly shakaRebufferingGoalSec: number;
  /**
   * A chosen rung (Settings): 'replace-ahead' removes the old rung's media beyond a safe margin so the
   * new one shows within seconds; 'append' removes nothing, the new rung follows what is buffered
   * (as Shaka's ABR switches do): SourceBuffer.remove() of media the engine has already queued makes it
   * flush its pipeline, and that flush can block the main thread for good.
   */
  readonly rungSwitch: 'replace-ahead' | 'append';
  /**
   * Ready neighbours the engine runs at most (count): each is one more player decoding, muted, behind
   * the picture (ready-neighbours.ts); the TV setting `readyNeighbours` is capped by this.
   */
  readonly maxReadyNeighbours: number;
  /**
   * What a load shows before its timed start: 'frame', its first decoded frame, held paused at the
   * aimed position (the picture is up as soon as it is decoded); 'slate', the slate until the timed
   * start (where the first frame may not be at the aimed position yet: the early seek guard holds
   * the seek).
   */
  readonly cuedPicture: 'frame' | 'slate';
}

export const ENGINE_PROFILES: Readonly<Record<EngineProfileId, EngineProfile>> = {
  chromium: {
    id: 'chromium',
    joinReadyState: 4,
    joinMinBufferedSec: 0,
    startLagMs: 75, // settled clock ~70-85 ms after play() for a visible <video> in the app
    seekLatencyMs: 120, // clock resumes 89-137 ms after a seek
    loadTimeMs: 0, // ready ~300 ms after a load: the shortest lead is tried first
    rateStep: 0.0005,
    rateTrim: 'smooth',
    deadbandMs: 0.25,
    lockThresholdMs: 1,
    endOfStream: 'signal',
    sourceBufferAbort: 'native',
    earlySeekDelayMs: 0,
    shakaRebufferingGoalSec: 0.5,
    rungSwitch: 'replace-ahead',
    maxReadyNeighbours: 2,
    cuedPicture: 'frame',
  },
  'webkit-gstreamer': {
    id: 'webkit-gstreamer',
    joinReadyState: 3,
    joinMinBufferedSec: 0.5, // Shaka's rebuffering goal; with 0.2 s a play() at 3 stalled at once (720p, 2 busy cores)
    startLagMs: 0, // measured -0.3..+1 ms, whatever the wait after readiness (0-1000 ms)
    seekLatencyMs: 36, // p50; 12-84 ms
    loadTimeMs: 550, // load to ready 0.3-0.8 s in the app: a first join at the shortest lead came too late and loaded again
    rateStep: 0.0005, // rates are applied to +-0.00001, but no trim is done (rateTrim off)
    rateTrim: 'off',
    deadbandMs: 2.5, // on the error averaged over 0.5 s (reads carry ~0.5 ms p95 of noise: 1 ms timer); under the 5 ms goal
    lockThresholdMs: 2,
    endOfStream: 'withhold', // releasing a pipeline after endOfStream() crashes the web process (decodebin3, GStreamer 1.22)
    sourceBufferAbort: 'withhold-idle', // segments appended after an abort() are dropped: an ABR switch froze the picture
    earlySeekDelayMs: 150, // a flush while playsink sets up its streams blocks the main thread for good (WPEWebKit issue 1367)
    shakaRebufferingGoalSec: 0, // every rate change is a flushing seek: Shaka's rate 0 -> 1 on a new pipeline blocked it
    rungSwitch: 'append', // a remove() of queued media re-enqueues with a flush: the web process hung in gst_element_send_event
    // GStreamer pipelines are few on set-top boxes (often one hardware decoder), and releasing one is
    // where the engine faults: CH+/CH- keeps the Shaka preloads instead
    maxReadyNeighbours: 0,
    cuedPicture: 'slate', // a load's seek waits for its first frame (earlySeekDelayMs): that frame may be the asset's start
  },
};

/** The PlaybackController options that put a profile in force (merge over the app's own options). */
export function controllerOptionsFor(profile: EngineProfile): Partial<PlaybackControllerOptions> {
  const common = {
    joinReadyState: profile.joinReadyState,
    joinMinBufferedSec: profile.joinMinBufferedSec,
    initialStartLagMs: profile.startLagMs,
    initialSeekLatencyMs: profile.seekLatencyMs,
    initialLoadTimeMs: profile.loadTimeMs,
    rateStep: profile.rateStep,
    lockThresholdMs: profile.lockThresholdMs,
  };
  return profile.rateTrim === 'smooth'
    ? { ...common, rateTrim: 1, deadbandMs: profile.deadbandMs }
    : { ...common, rateTrim: 0, restartThresholdMs: profile.deadbandMs };
}
