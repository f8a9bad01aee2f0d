// Withholds SourceBuffer.abort() while no append is in flight, on engines that lose every media
// segment appended after it (the engine profile's `sourceBufferAbort: 'withhold-idle'`: WPE WebKit
// 2.38). There, init segment, abort(), media segment leaves nothing buffered (the engines test
// shows it on a bare MediaSource). Shaka calls abort() between whole appends whenever a stream's
// properties change: every ABR switch, and the switch it makes when a segment request fails (an
// origin restart). On WPE the buffer then stops growing while Shaka goes on appending, and the
// picture freezes once it runs dry, with no 'waiting' event. Between whole CMAF segments the
// parser of a SourceBuffer already waits for a segment, so an idle abort() changes only the append
// window, which it resets to [0, +Infinity) as the MSE spec says (Shaka sets its own again after).
// An abort() during an append (updating) still goes through.

import { guardMethod, type MethodGuard } from './method-guard.js';

/** What the guard patches: `SourceBuffer.prototype` fits. */
export interface AbortOwner {
  abort(): void;
}

/** The SourceBuffer an abort() is called on, as far as the guard reads and writes it. */
interface AbortTarget extends AbortOwner {
  readonly updating: boolean;
  appendWindowStart: number;
  appendWindowEnd: number;
}

/** abort() calls withheld so far, and the engine's own put back. */
export type AbortGuard = MethodGuard;

export function withholdIdleAbort(owner: AbortOwner): AbortGuard {
  return guardMethod(owner as AbortTarget, 'abort', (self) => !self.updating, (self) => {
    // As abort() would: end first, so the start is never past it.
    self.appendWindowEnd = Number.POSITIVE_INFINITY;
    self.appendWindowStart = 0;
  });
}
