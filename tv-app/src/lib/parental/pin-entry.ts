// Typing a PIN with the digit keys: up to pinLength digits, shown as dots, handed over once complete.
import { PARENTAL_DEFAULTS, type PinResult } from './parental-control.js';

export class PinEntry {
  private digits = '';

  /** Adds a digit; returns the PIN once it has pinLength digits (and starts over), else null. */
  press(digit: number): string | null {
    if (!Number.isInteger(digit) || digit < 0 || digit > 9) return null;
    this.digits += String(digit);
    if (this.digits.length < PARENTAL_DEFAULTS.pinLength) return null;
    const pin = this.digits;
    this.digits = '';
    return pin;
  }

  /** Removes the last digit; false when there was none. */
  backspace(): boolean {
    if (this.digits.length === 0) return false;
    this.digits = this.digits.slice(0, -1);
    return true;
  }

  clear(): void {
    this.digits = '';
  }

  get count(): number {
    return this.digits.length;
  }

  /** '● ● ○ ○': typed digits never show. */
  dots(): string {
    return Array.from({ length: PARENTAL_DEFAULTS.pinLength }, (_, i) => (i < this.digits.length ? '●' : '○')).join(' ');
  }
}

/** What a PIN check said, for people. */
export function pinNote(result: PinResult, nowMs: number): string {
  if (result.ok) return '';
  if (result.reason === 'wrong') return `Wrong PIN · ${result.triesLeft} ${result.triesLeft === 1 ? 'try' : 'tries'} left`;
  if (result.reason === 'lockedOut') return lockoutNote(result.untilMs, nowMs);
  return `A PIN is ${PARENTAL_DEFAULTS.pinLength} digits`;
}

/** 'Too many wrong PINs · try again in 0:42' */
export function lockoutNote(untilMs: number, nowMs: number): string {
  const s = Math.max(0, Math.ceil((untilMs - nowMs) / 1000));
  return `Too many wrong PINs · try again in ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
