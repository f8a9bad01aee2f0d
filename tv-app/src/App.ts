// The application: builds the services once from settings.json (appSettings) and the page's own
// origin, then hands them to the routes.
import { Router, Settings } from '@lightningjs/sdk';
import { routes } from './routes.js';
import { createTvServices } from './lib/tv-services.js';

/** The SDK's Settings plugin, as far as it is used here (the SDK types it as any). */
interface SettingsApi {
  get(scope: 'app' | 'platform' | 'user', key: string, fallback?: unknown): unknown;
}

export default class App extends Router.App {
  static getFonts() {
    return [];
  }

  override _setup(): void {
    const settings: SettingsApi = Settings;
    const services = createTvServices({ tv: settings.get('app', 'tv'), keys: settings.get('app', 'keys') }, window.location);
    Router.startRouter(routes(services), this);
  }
}
