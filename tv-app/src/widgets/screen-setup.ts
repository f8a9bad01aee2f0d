// Builds the ScreenHub from the app's services: the chat/reactions link to the broker, the quality
// control over the app's Shaka players, the device memory and the Router focus hand-over.
import { Router } from '@lightningjs/sdk';
import { ApiClient } from '../lib/net/api-client.js';
import { ChannelTalk } from '../lib/net/channel-talk.js';
import { DevicePrefs } from '../lib/screens/device-prefs.js';
import { QualityControl } from '../lib/player/quality.js';
import { reactionIds } from '../lib/screens/reaction-floats.js';
import { ScreenHub } from '../lib/screens/screen-hub.js';
import type { TvServices } from '../lib/util/tv-services.js';
import { safeLocalStorage } from '../pages/player-page-support.js';

export function createScreenHub(services: TvServices, extra: { reactions: unknown }): ScreenHub {
  let hub: ScreenHub | null = null;
  const talk = new ChannelTalk({
    session: services.brokerSession,
    events: {
      chat: (m) => hub?.deliverChat(m),
      reactions: (r) => hub?.deliverReactions(r),
      connection: () => {
        // The hub reads `talk.connected` when asked.
      },
    },
  });
  hub = new ScreenHub({
    services,
    // Lineup and EPG replies carry a short max-age: the screens revalidate (ETag, usually a 304)
    // so what they show after a lineup change is the new lineup, never the cached one.
    api: new ApiClient({ baseUrl: services.apiBaseUrl, fetch: (input, init) => fetch(input, { ...init, cache: 'no-cache' }) }),
    talk,
    quality: new QualityControl(() => services.shakaPlayers(), () => services.onAirPlayer(), services.engineProfile.rungSwitch),
    prefs: new DevicePrefs(safeLocalStorage()),
    focus: { widget: (name) => Router.focusWidget(name), page: () => Router.focusPage() },
    reactionIds: reactionIds(extra.reactions),
  });
  return hub;
}
