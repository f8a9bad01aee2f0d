// The timer port: how the broker's publishers, lineup polling and the Node viewer wait. Production
// passes the system's timers; tests pass a fake clock's, so time moves only when the test says so.
// Same shape as the TV app's timers (setTimeout/clearTimeout with an opaque handle).

export interface Timers {
  /** Calls fn once, `ms` milliseconds from now; the handle cancels it. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a timer (a handle already fired or cleared is ignored). */
  clearTimeout(handle: unknown): void;
}

export interface SystemTimersOptions {
  /** Whether a pending timer keeps the process alive (false: unref'd, for background services). */
  keepAlive: boolean;
}

/** The system's timers. Background services use `keepAlive: false` so they never hold the process up. */
export function systemTimers(options: SystemTimersOptions): Timers {
  return {
    setTimeout(fn, ms) {
      const timer = setTimeout(fn, ms);
      if (!options.keepAlive) timer.unref();
      return timer;
    },
    clearTimeout(handle) {
      clearTimeout(handle as ReturnType<typeof setTimeout>);
    },
  };
}

/** Unref'd system timers: the default of every broker component and of lineup polling. */
export const BACKGROUND_TIMERS: Timers = systemTimers({ keepAlive: false });
