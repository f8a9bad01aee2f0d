// Direct channel entry: digits collect in a buffer shown on screen; the number is committed after a
// short quiet time, on OK, or as soon as it reaches the longest channel number's length.

import { WINDOW_TIMERS, type Timers } from '../util/timers.js';

export interface NumberEntryOptions {
  /** Quiet time after the last digit before the number is committed, milliseconds. */
  timeoutMs: number;
  /** Most digits accepted (channel numbers go up to 9999). */
  maxDigits: number;
  /** Called with the digits so far on every change ('' when cleared). */
  onChange: (buffer: string) => void;
  /** Called with the entered number when committed. */
  onCommit: (channelNumber: number) => void;
  timers?: Timers;
}

export const NUMBER_ENTRY_DEFAULTS = {
  timeoutMs: 1500, // milliseconds
  maxDigits: 4, // digits
};

export class NumberEntry {
  private buffer = '';
  private timer: unknown = null;
  private readonly timers: Timers;

  constructor(private readonly options: NumberEntryOptions) {
    if (!(options.timeoutMs > 0)) throw new RangeError('NumberEntry: timeoutMs must be > 0');
    if (!Number.isInteger(options.maxDigits) || options.maxDigits < 1) throw new RangeError('NumberEntry: maxDigits must be >= 1');
    this.timers = options.timers ?? WINDOW_TIMERS;
  }

  get active(): boolean {
    return this.buffer.length > 0;
  }

  get digits(): string {
    return this.buffer;
  }

  press(digit: number): void {
    if (!Number.isInteger(digit) || digit < 0 || digit > 9) throw new RangeError(`NumberEntry: not a digit: ${digit}`);
    if (this.buffer.length === 0 && digit === 0) {
      // A leading zero is no channel; show it so the key is not dead, then let it time out.
      this.buffer = '0';
    } else {
      this.buffer = (this.buffer === '0' ? '' : this.buffer) + String(digit);
    }
    this.options.onChange(this.buffer);
    this.clearTimer();
    if (this.buffer.length >= this.options.maxDigits) this.commit();
    else this.timer = this.timers.setTimeout(() => this.commit(), this.options.timeoutMs);
  }

  /** Commits now (OK key). Returns false when there was nothing to commit. */
  commit(): boolean {
    this.clearTimer();
    if (!this.active) return false;
    const value = Number(this.buffer);
    this.buffer = '';
    this.options.onChange('');
    if (value > 0) this.options.onCommit(value);
    return true;
  }

  /** Removes the last digit (Back). Returns false when the buffer was already empty. */
  backspace(): boolean {
    if (!this.active) return false;
    this.buffer = this.buffer.slice(0, -1);
    this.options.onChange(this.buffer);
    this.clearTimer();
    if (this.active) this.timer = this.timers.setTimeout(() => this.commit(), this.options.timeoutMs);
    return true;
  }

  cancel(): void {
    this.clearTimer();
    if (this.active) {
      this.buffer = '';
      this.options.onChange('');
    }
  }

  private clearTimer(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}
