// Withholds MediaSource.endOfStream() on engines whose media pipeline cannot be torn down after it
// (the engine profile's `endOfStream: 'withhold'`: WPE WebKit 2.38 with GStreamer 1.22). There, a
// pipeline that was told the stream ended and is then released (a zap, the deck given up after a
// boundary) crashes the web process in decodebin3's state change: a bare-MSE loop on this machine
// (audio and video, play, release) crashed at its 11th release after endOfStream(), and never in 400
// releases without it. Shaka calls endOfStream() once every segment of a program is buffered, which
// on a short program or near a program's end is most loads. Nothing in the app waits for 'ended':
// the schedule moves the TV to the next program. An endOfStream with an error ('network', 'decode')
// still goes through.

/** What the guard patches: `MediaSource.prototype` fits. */
export interface EndOfStreamOwner {
  endOfStream(error?: string): void;
}

export interface EndOfStreamGuard {
  /** endOfStream() calls withheld so far (QA: the guard is at work). */
  withheld(): number;
  /** Puts the engine's own endOfStream back. */
  restore(): void;
}

export function withholdEndOfStream(owner: EndOfStreamOwner): EndOfStreamGuard {
  const original = owner.endOfStream;
  let withheld = 0;
  const guarded = function endOfStream(this: EndOfStreamOwner, error?: string): void {
    if (error !== undefined) {
      original.call(this, error);
      return;
    }
    withheld += 1;
  };
  Object.defineProperty(owner, 'endOfStream', { value: guarded, writable: true, configurable: true, enumerable: false });
  return {
    withheld: () => withheld,
    restore: () => {
      if (owner.endOfStream === guarded) Object.defineProperty(owner, 'endOfStream', { value: original, writable: true, configurable: true, enumerable: false });
    },
  };
}
