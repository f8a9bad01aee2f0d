// Which engine profile (tv-app/src/core/sync/engine-profile.ts) fits the media stack this page runs on.
//
// Why not pure feature detection: what differs (readyState while paused, the media time a rate change
// costs) is behaviour of the media backend, and no web API names the backend. The one thing that
// tells it is the engine plus the OS: WebKit on Linux (WPE WebKit on RDK set-top boxes, WebKitGTK)
// plays MSE through GStreamer; WebKit on Apple systems uses AVFoundation; Chromium uses its own
// pipeline everywhere. WebKit is recognised by a feature (the prefixed `webkitPreservesPitch`
// without the standard `preservesPitch`, as in WPE 2.38) or by `navigator.vendor`; the OS by
// `navigator.platform`. The user-agent string itself is not read (RDK builds rewrite it freely).
// What detection only seeds, the controller then measures: a player that never reports readyState 4
// while paused is learned as ready at 3 whatever the profile (see PlaybackController.readyToStart).
import { ENGINE_PROFILES, type EngineProfile, type EngineProfileId } from '../../core/sync/engine-profile.js';

/** What detection reads: `window.navigator` and `HTMLMediaElement.prototype` fit. */
export interface EngineHints {
  navigator: { vendor?: string; platform?: string };
  mediaElementPrototype: object;
}

/** `?engine=chromium|webkit-gstreamer` forces a profile (QA: an emulator device profile, a test). */
export function engineOverride(search: string): EngineProfileId | null {
  const id = new URLSearchParams(search).get('engine');
  return id !== null && Object.prototype.hasOwnProperty.call(ENGINE_PROFILES, id) ? (id as EngineProfileId) : null;
}

export function detectEngineProfileId(hints: EngineHints): EngineProfileId {
  const proto = hints.mediaElementPrototype;
  const prefixedOnly = 'webkitPreservesPitch' in proto && !('preservesPitch' in proto);
  const webkit = prefixedOnly || (hints.navigator.vendor ?? '').startsWith('Apple');
  const apple = /Mac|iPhone|iPad|iPod/.test(hints.navigator.platform ?? '');
  return webkit && !apple ? 'webkit-gstreamer' : 'chromium';
}

/** The profile for this page: the query's override, else detection. */
export function engineProfileFor(hints: EngineHints, search: string): EngineProfile {
  return ENGINE_PROFILES[engineOverride(search) ?? detectEngineProfileId(hints)];
}
