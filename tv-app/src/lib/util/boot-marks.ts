// User Timing marks of a cold start (`streamsync:<step>` in the page's performance timeline): where
// the milliseconds go between navigation and the first frame, read by `npm run bench:tv` and by
// anyone in DevTools. A mark costs microseconds; engines without User Timing skip them.

export type BootStep = 'launch' | 'app-setup' | 'player-start' | 'lineup' | 'tune' | 'load';

export function markBoot(step: BootStep): void {
  try {
    performance.mark(`streamsync:${step}`);
  } catch {
    // No User Timing here: nothing to mark.
  }
}
