// Exposes what the player shows, read back from its components, as `window.streamsyncTv.state()`,
// so QA (and the browser tests) can check the screen without parsing pixels.
import type { ListenerGroup } from '../lib/listener-group.js';

declare global {
  interface Window {
    streamsyncTv?: { state: () => unknown };
  }
}

export function exposeQaState(group: ListenerGroup, read: () => unknown): void {
  window.streamsyncTv = { state: read };
  group.add(() => {
    delete window.streamsyncTv;
  });
}
