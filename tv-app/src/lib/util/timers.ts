// The timer port of the TV app: how the number entry and the playback driver wait. The app passes
// the window's timers; tests pass a fake clock's, so time moves only when the test says so.

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The window's timers. */
export const WINDOW_TIMERS: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
