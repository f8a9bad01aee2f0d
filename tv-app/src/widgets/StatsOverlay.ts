// The sync statistics overlay (toggled in Settings): clock offset and uncertainty, position error,
// playback rate, rung and buffer ahead, refreshed a few times a second. Never takes focus.
import { Lightning } from '@lightningjs/sdk';
import { ListenerGroup } from '../lib/util/listener-group.js';
import type { ScreenHub } from '../lib/screens/screen-hub.js';
import { statsLines } from '../lib/screens/sync-stats.js';

export const STATS_DEFAULTS = {
  refreshMs: 250, // milliseconds between samples
};

interface StatsTemplateSpec extends Lightning.Component.TemplateSpec {
  Panel: object;
  Lines: object;
}

export default class StatsOverlay
  extends Lightning.Component<StatsTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<StatsTemplateSpec>
{
  static override _template(): Lightning.Component.Template<StatsTemplateSpec> {
    return {
      x: 40,
      y: 40,
      alpha: 0,
      Panel: { w: 760, h: 250, rect: true, color: 0xcc000000 },
      Lines: { x: 20, y: 14, text: { text: '', fontSize: 28, lineHeight: 44, textColor: 0xff9fe8b0, fontFace: 'monospace' } },
    };
  }

  private hub: ScreenHub | null = null;
  private group: ListenerGroup | null = null;
  private lines: string[] = [];

  attach(hub: ScreenHub): void {
    this.hub = hub;
    hub.registerQa('stats', () => ({ shown: this.group !== null, lines: this.lines }));
    if (hub.prefs.statsOverlay) this.setShown(true);
  }

  get shown(): boolean {
    return this.group !== null;
  }

  setShown(on: boolean): void {
    if (on === this.shown) return;
    if (on) {
      const group = new ListenerGroup('stats');
      this.group = group;
      group.interval(() => this.refresh(), STATS_DEFAULTS.refreshMs);
      this.refresh();
      this.patch({ alpha: 1 });
    } else {
      this.group?.dispose();
      this.group = null;
      this.patch({ alpha: 0 });
    }
  }

  private refresh(): void {
    const hub = this.hub;
    if (!hub) return;
    const s = hub.services;
    const media = s.mediaStats(); // the player on air, whichever deck it is
    this.lines = statsLines({
      clock: s.estimator.estimate(s.localNow()),
      sync: hub.player?.syncStats() ?? s.controller.stats(),
      rung: media && media.rungHeight > 0 ? { height: media.rungHeight, bandwidth: media.rungBandwidth } : null,
      bufferAheadSec: media?.bufferAheadSec ?? null,
      quality: hub.quality.choice,
    });
    this.tag('Lines')?.patch({ text: { text: this.lines.join('\n') } });
  }
}
