// Withholds MediaSource.endOfStream() on engines whose media pipeline cannot be torn down after it
// (the engine profile's `endOfStream: 'withhold'`: WPE WebKit 2.38 with GStreamer 1.22). There, a
// pipeline that was told the stream ended and is then released (a zap, the deck given up after a
// boundary) crashes the web process in decodebin3's state change: a bare-MSE loop on this machine
// (audio and video, play, release) crashed at its 11th release after endOfStream(), and never in 400
// releases without it. Shaka calls endOfStream() once every segment of a program is buffered, which
// on a short program or near a program's end is most loads. Nothing in the app waits for 'ended':
// the schedule moves the TV to the next program. An endOfStream with an error ('network', 'decode')
// still goes through.

import { guardMethod, type MethodGuard } from './method-guard.js';

/** What the guard patches: `MediaSource.prototype` fits. */
export interface EndOfStreamOwner {
  endOfStream(error?: string): void;
}

/** endOfStream() calls withheld so far, and the engine's own put back. */
export type EndOfStreamGuard = MethodGuard;

export function withholdEndOfStream(owner: EndOfStreamOwner): EndOfStreamGuard {
  // One with an error ('network', 'decode') goes through.
  return guardMethod(owner, 'endOfStream', (_self, [error]) => error === undefined);
}
