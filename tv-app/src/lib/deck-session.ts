// The Shaka session of the second player (deck B): the same configuration and manifest type as the
// VideoPlayer's session, a player of its own (a Shaka Player drives one media element), made and
// released through the app's player registry so quality and QA stats see it too.
import type shaka from 'shaka-player';
import type { TvConfig } from './app-config.js';
import { MANIFEST_MIME, SHAKA_CONFIG } from './shaka-config.js';
import type { PlayerRegistry } from './player-registry.js';
import { ShakaSession } from './shaka-session.js';

export function createDeckSession(
  config: Pick<TvConfig, 'protocol'>,
  players: PlayerRegistry<shaka.Player>,
  onError: (detail: unknown) => void,
): ShakaSession<shaka.media.PreloadManager> {
  return new ShakaSession<shaka.media.PreloadManager>({
    createPlayer: players.create,
    releasePlayer: (p) => players.release(p as shaka.Player),
    config: SHAKA_CONFIG,
    mimeType: MANIFEST_MIME[config.protocol],
    onError,
  });
}
