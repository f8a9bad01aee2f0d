// All Shaka Player configuration in one object, units in comments. Passed to player.configure() once
// when the player is created (Shaka validates it and reports unknown keys).

export const SHAKA_CONFIG = {
  streaming: {
    bufferingGoal: 12, // seconds of media kept ahead of the playhead
    rebufferingGoal: 0.5, // seconds needed before playback (re)starts
    bufferBehind: 8, // seconds kept behind the playhead
    stallEnabled: true, // nudge the playhead when the media clock stops with data buffered
    stallThreshold: 1, // seconds without progress before a stall is assumed
    // Segment requests outlast an origin restart (a deploy: ~2-6 s) without an error: 250 ms doubling
    // over 6 tries is ~7.75 s of retries, inside the buffering goal (then streamingRetryDelaySec).
    retryParameters: {
      maxAttempts: 6, // tries per segment request
      baseDelay: 250, // milliseconds before the first retry
      backoffFactor: 2, // multiplier per retry
      fuzzFactor: 0.2, // +-20% random spread on each delay
      timeout: 8000, // milliseconds per request
    },
  },
  manifest: {
    retryParameters: {
      maxAttempts: 4, // tries per manifest request
      baseDelay: 250, // milliseconds
      backoffFactor: 2, // multiplier per retry
      fuzzFactor: 0.2, // fraction
      timeout: 8000, // milliseconds
    },
    dash: {
      ignoreMinBufferTime: true, // start as soon as rebufferingGoal is met, not the MPD's minBufferTime
    },
  },
  abr: {
    enabled: true,
    defaultBandwidthEstimate: 8_000_000, // bits per second before the first measurement
  },
} as const;

/**
 * Layered over SHAKA_CONFIG on a ready neighbour's player (ready-neighbours.ts), which plays behind the
 * picture: the lowest rung and a short buffer, so each costs the TV the least decoding and download.
 * On air, ON_AIR_SHAKA_CONFIG puts the rest back and ABR climbs from there.
 */
export const BEHIND_SHAKA_CONFIG = {
  abr: { restrictions: { maxBandwidth: 1 } }, // bits per second: below every rung, so ABR takes the lowest
  streaming: { bufferingGoal: 4 }, // seconds of media kept ahead of the playhead
} as const;

export const ON_AIR_SHAKA_CONFIG = {
  abr: { restrictions: { maxBandwidth: Number.POSITIVE_INFINITY } }, // bits per second: no ceiling (Shaka's default)
  streaming: { bufferingGoal: SHAKA_CONFIG.streaming.bufferingGoal },
};

/**
 * The configuration for an engine: its profile's rebuffering goal. 0 turns off Shaka's buffering by
 * playbackRate (rate 0 while it buffers, 1 after), for engines where each rate change is a flushing
 * seek (WPE WebKit: one during a new pipeline's stream setup blocks its main thread for good).
 */
export function shakaConfigFor(engine: { shakaRebufferingGoalSec: number }): object {
  if (engine.shakaRebufferingGoalSec === SHAKA_CONFIG.streaming.rebufferingGoal) return SHAKA_CONFIG;
  return { ...SHAKA_CONFIG, streaming: { ...SHAKA_CONFIG.streaming, rebufferingGoal: engine.shakaRebufferingGoalSec } };
}

/** MIME types handed to Shaka so it skips a HEAD request to guess the format. */
export const MANIFEST_MIME = {
  dash: 'application/dash+xml',
  hls: 'application/x-mpegurl',
} as const;
