// One emulated TV: the TV app at `/` in a frame sized to its stage (1920x1080 or 1280x720 CSS
// pixels, so the app's canvas is that stage) and scaled down to fit its box on the page.
import { ENGINE_LABELS, fitScale, stageSize, tvFrameUrl, type DeviceProfile } from './emulator-options.js';
import { pressKey } from './key-events.js';
import { snapshotOf, type ViewerSnapshot } from './panel-model.js';

export interface ViewerFrameOptions {
  index: number; // 1-based
  protocol: 'dash' | 'hls' | null;
}

interface TvWindow extends Window {
  streamsyncTv?: { state: () => unknown };
}

export class ViewerFrame {
  readonly element: HTMLElement;
  private readonly screen: HTMLElement;
  private readonly iframe: HTMLIFrameElement;
  private readonly title: HTMLElement;

  constructor(
    doc: Document,
    private profile: DeviceProfile,
    private readonly options: ViewerFrameOptions,
  ) {
    this.element = doc.createElement('section');
    this.element.className = 'viewer';
    this.element.dataset.viewer = String(options.index);
    this.title = doc.createElement('header');
    this.screen = doc.createElement('div');
    this.screen.className = 'screen';
    this.iframe = doc.createElement('iframe');
    this.iframe.title = `TV ${options.index}`;
    this.iframe.setAttribute('allow', 'autoplay; fullscreen');
    this.iframe.setAttribute('scrolling', 'no');
    this.screen.append(this.iframe);
    this.element.append(this.title, this.screen);
    this.describe();
  }

  /** (Re)loads the TV app with the profile: a fresh device joining now. */
  load(profile: DeviceProfile = this.profile): void {
    this.profile = profile;
    this.describe();
    this.fit();
    this.iframe.src = tvFrameUrl(profile, { protocol: this.options.protocol });
  }

  /** Sizes the frame to its stage and scales it into the screen box. */
  fit(): void {
    const stage = stageSize(this.profile.stage);
    // The screen box keeps 16:9 in CSS; both stages are 16:9.
    const scale = fitScale(stage, { width: this.screen.clientWidth, height: this.screen.clientHeight });
    this.iframe.style.width = `${stage.width}px`;
    this.iframe.style.height = `${stage.height}px`;
    this.iframe.style.transform = `scale(${scale})`;
  }

  private tvWindow(): TvWindow | null {
    try {
      return this.iframe.contentWindow as TvWindow | null;
    } catch {
      return null;
    }
  }

  snapshot(): ViewerSnapshot | null {
    try {
      const tv = this.tvWindow()?.streamsyncTv;
      return tv ? snapshotOf(tv.state()) : null;
    } catch {
      return null;
    }
  }

  /** The media clock of the TV's <video> (seconds), null when it is not playing. */
  currentTimeSec(): number | null {
    const doc = this.tvWindow()?.document;
    // The player on air (the TV app swaps two players at program boundaries).
    const video = doc?.querySelector<HTMLVideoElement>('video[data-on-air]') ?? doc?.querySelector('video');
    return video && !video.paused && video.readyState >= 2 ? video.currentTime : null;
  }

  /**
   * The stage the app runs at: its window (the app sizes its stage to the window, so a 1280x720
   * frame renders at 720p precision), and the canvas it draws into.
   */
  stage(): { width: number; height: number; canvas: string } | null {
    const win = this.tvWindow();
    const canvas = win?.document.querySelector('canvas');
    if (!win || !canvas) return null;
    return { width: win.innerWidth, height: win.innerHeight, canvas: `${canvas.width}×${canvas.height}` };
  }

  press(keyCode: number): boolean {
    const win = this.tvWindow();
    if (!win?.document.body) return false;
    pressKey(win, keyCode);
    return true;
  }

  private describe(): void {
    const p = this.profile;
    const skew = p.clockSkewMs === 0 ? 'clock exact' : `clock ${p.clockSkewMs > 0 ? '+' : '−'}${(Math.abs(p.clockSkewMs) / 1000).toFixed(1)} s`;
    const drift = p.clockDriftPpm === 0 ? '' : `, ${p.clockDriftPpm > 0 ? '+' : ''}${p.clockDriftPpm} ppm`;
    this.title.textContent = `TV ${this.options.index} · ${ENGINE_LABELS[p.engine]} · ${p.stage}p · ${skew}${drift} · ${p.clientId}`;
  }
}
