// Routes: the player is the home of the app; the screens around it (guide, channel list, chat,
// reactions, settings, the statistics overlay) are widgets over it.
import type { Router } from '@lightningjs/sdk';
import PlayerPage from './pages/PlayerPage.js';
import type { ScreenHub } from './lib/screens/screen-hub.js';
import type { TvServices } from './lib/util/tv-services.js';

type RouterConfig = Parameters<typeof Router.startRouter>[0];

export function routes(services: TvServices, screens: ScreenHub | null = null): RouterConfig {
  return {
    root: 'player',
    routes: [
      {
        path: 'player',
        component: PlayerPage,
        widgets: ['reactions', 'chat', 'channellist', 'guide', 'settings', 'stats'],
        // The page gets its services here; the provider returns its promise (errors are not lost).
        on: (page: PlayerPage) => {
          page.start(services);
          if (screens) screens.attachPlayer(page.attachScreens(screens));
          return Promise.resolve();
        },
      },
    ],
  };
}
