// The channel the live-stream tests watch: three short assets looped (an airing boundary every 5-9 s),
// on air for minutes so the live window is full from the first request.
import type { SystemOptions } from './system-harness.js';

export const LIVE_CHANNEL_ID = 'live';

export function liveChannelSystem(): SystemOptions {
  return {
    assets: [
      { id: 'red', title: 'Red', seconds: 7, hue: 0 },
      { id: 'green', title: 'Green', seconds: 5, hue: 120 },
      { id: 'blue', title: 'Blue', seconds: 9, hue: 240 },
    ],
    channels: [{ id: LIVE_CHANNEL_ID, number: 1, name: 'Live', loop: ['red', 'green', 'blue'] }],
    epochMs: Date.now() - 5 * 60_000,
  };
}
