// A Shaka session as the app makes them (the VideoPlayer's on deck A, the second player's on deck B):
// the one Shaka configuration (with the engine's rebuffering goal), the configured manifest type, the
// engine's early-seek delay, and players made and released through the app's player registry, so
// quality and QA stats see every player.
import type shaka from 'shaka-player';
import type { TvConfig } from '../util/app-config.js';
import { MANIFEST_MIME, shakaConfigFor } from './shaka-config.js';
import type { PlayerRegistry } from './player-registry.js';
import { ShakaSession } from './shaka-session.js';
import type { EngineProfile } from '../../core/sync/engine-profile.js';

export function createShakaSession(
  config: Pick<TvConfig, 'protocol'>,
  players: PlayerRegistry<shaka.Player>,
  engine: Pick<EngineProfile, 'earlySeekDelayMs' | 'shakaRebufferingGoalSec'>,
  onError: (detail: unknown) => void,
): ShakaSession<shaka.media.PreloadManager> {
  return new ShakaSession<shaka.media.PreloadManager>({
    createPlayer: players.create,
    releasePlayer: (p) => players.release(p as shaka.Player),
    config: shakaConfigFor(engine),
    mimeType: MANIFEST_MIME[config.protocol],
    earlySeekDelayMs: engine.earlySeekDelayMs,
    onError,
  });
}
