// The application: builds the services once from settings.json (appSettings) and the page's own
// origin, then hands them to the routes. The screens around the player (guide, channel list, chat,
// reactions, settings) are Router widgets over the player page, sharing one ScreenHub.
import { Router, Settings } from '@lightningjs/sdk';
import { routes } from './routes.js';
import { createTvServices } from './lib/util/tv-services.js';
import { markBoot } from './lib/util/boot-marks.js';
import { createScreenHub } from './widgets/screen-setup.js';
import ChannelListWidget from './widgets/ChannelListWidget.js';
import ChatWidget from './widgets/ChatWidget.js';
import GuideWidget from './widgets/GuideWidget.js';
import ReactionsWidget from './widgets/ReactionsWidget.js';
import SettingsWidget from './widgets/SettingsWidget.js';
import StatsOverlay from './widgets/StatsOverlay.js';

/** The SDK's Settings plugin, as far as it is used here (the SDK types it as any). */
interface SettingsApi {
  get(scope: 'app' | 'platform' | 'user', key: string, fallback?: unknown): unknown;
}

export default class App extends Router.App {
  static getFonts() {
    return [];
  }

  static override _template() {
    return {
      ...super._template(),
      // Later entries draw on top; the stats overlay stays above every screen.
      Widgets: {
        Reactions: { type: ReactionsWidget },
        Chat: { type: ChatWidget },
        ChannelList: { type: ChannelListWidget },
        Guide: { type: GuideWidget },
        Settings: { type: SettingsWidget },
        Stats: { type: StatsOverlay },
      },
    };
  }

  override _setup(): void {
    markBoot('app-setup');
    const settings: SettingsApi = Settings;
    const services = createTvServices({ tv: settings.get('app', 'tv'), keys: settings.get('app', 'keys') }, window.location);
    const hub = createScreenHub(services, { reactions: settings.get('app', 'reactions', null) });
    const stats = this.tag('Widgets.Stats');
    if (stats instanceof StatsOverlay) stats.attach(hub);
    for (const ref of ['Reactions', 'Chat', 'ChannelList', 'Guide']) {
      const w = this.tag(`Widgets.${ref}`);
      if (w instanceof ReactionsWidget || w instanceof ChatWidget || w instanceof ChannelListWidget || w instanceof GuideWidget) w.attach(hub);
    }
    const settingsWidget = this.tag('Widgets.Settings');
    if (settingsWidget instanceof SettingsWidget && stats instanceof StatsOverlay) settingsWidget.attach(hub, stats);
    Router.startRouter(routes(services, hub), this);
  }
}
