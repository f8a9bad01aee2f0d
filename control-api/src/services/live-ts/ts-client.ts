// One viewer of a channel's MPEG-TS: a readable stream the remux pushes into (never waiting for it) and
// the HTTP reply reads from. What it has not read yet is its buffer; the remux drops a viewer whose
// buffer grows past the limit, so a stalled viewer never holds the others up.
import { Readable } from 'node:stream';
import { LiveTsErrors } from './errors.js';

export class TsClient extends Readable {
  /** Settles with the first bytes delivered; rejects (coded) when the stream ends or closes before any. */
  readonly ready: Promise<void>;
  private resolveReady: () => void = () => undefined;
  private rejectReady: (error: Error) => void = () => undefined;
  private delivered = false;
  private finished = false;

  constructor(
    readonly channelId: string,
    /** False for a viewer joining a running remux: it starts at the next packet that opens a PAT. */
    public inSync: boolean,
  ) {
    super();
    this.ready = new Promise<void>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => undefined); // a viewer nobody awaits must not be an unhandled rejection
  }

  /** Bytes delivered and not yet read by the reply. */
  get bufferedBytes(): number {
    return this.readableLength;
  }

  /** Hands bytes to the viewer; never blocks (the limit is enforced by the remux). */
  deliver(chunk: Buffer): void {
    if (this.destroyed || this.finished) return;
    this.push(chunk);
    if (!this.delivered) {
      this.delivered = true;
      this.resolveReady();
    }
  }

  /** The remux is over: the viewer's response ends after what it was given (or `ready` rejects with `error`). */
  finish(error: Error): void {
    if (this.finished) return;
    this.finished = true;
    if (!this.delivered) this.rejectReady(error);
    if (!this.destroyed) this.push(null);
  }

  override _read(): void {
    // Data is pushed as ffmpeg writes it; nothing to fetch on demand.
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.delivered) this.rejectReady(new LiveTsErrors.Failed(this.channelId, 'the viewer left before the first bytes'));
    callback(error);
  }
}
