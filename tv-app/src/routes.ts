// Routes: the player is the home of the app. Later screens (guide, chat, settings) add routes here.
import type { Router } from '@lightningjs/sdk';
import PlayerPage from './pages/PlayerPage.js';
import type { TvServices } from './lib/tv-services.js';

type RouterConfig = Parameters<typeof Router.startRouter>[0];

export function routes(services: TvServices): RouterConfig {
  return {
    root: 'player',
    routes: [
      {
        path: 'player',
        component: PlayerPage,
        // The page gets its services here; the provider returns its promise (errors are not lost).
        on: (page: PlayerPage) => {
          page.start(services);
          return Promise.resolve();
        },
      },
    ],
  };
}
