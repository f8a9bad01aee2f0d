// The player page: watches one channel at a time, in sync with the schedule, and answers the remote.
// It is the SDK VideoPlayer's consumer (Shaka loader/unloader) and handles $videoPlayerError; the
// tuning itself (now/next, the driver, retries) is the ChannelTuner's. Its modes are Lightning states:
// Booting (lineup and clock), Tuning (the slate covers until the first frame), Cued (the first frame
// held, paused at the aimed position, until the timed start), Playing, Unavailable (the slate says
// why). `pageGroup` lives as long as the page. Over all of them, the parental lock: a program rated
// above the device's limit is covered (its decks hidden and silent, playing on in sync beneath) until
// the PIN unlocks it; checked every frame, and at once on a tune.
import { Lightning, VideoPlayer } from '@lightningjs/sdk';
import Slate from '../components/Slate.js';
import InfoBanner from '../components/InfoBanner.js';
import NumberEntryView from '../components/NumberEntryView.js';
import LockView from '../components/LockView.js';
import CaptionsView from '../components/CaptionsView.js';
import { TrackControl, TrackPrefs, languageName } from '../lib/captions/track-control.js';
import { ParentalControl, lockedText, randomSalt, type RatedProgram } from '../lib/parental/parental-control.js';
import { PinEntry, lockoutNote, pinNote } from '../lib/parental/pin-entry.js';
import { emptyLineupMessage } from '../lib/net/api-client.js';
import { ChannelNav } from '../lib/remote/channel-nav.js';
import { Favorites } from '../lib/remote/favorites.js';
import { ChannelPreloader } from '../lib/player/channel-preloader.js';
import { ChannelTuner, type TuneView } from '../lib/player/channel-tuner.js';
import { DeckStage } from '../lib/player/deck-stage.js';
import { ReadyNeighbours } from '../lib/player/ready-neighbours.js';
import { createShakaSession } from '../lib/player/shaka-factory.js';
import { ListenerGroup } from '../lib/util/listener-group.js';
import { markBoot } from '../lib/util/boot-marks.js';
import { NumberEntry } from '../lib/remote/number-entry.js';
import { recallLearning } from '../lib/player/playback-memory.js';
import { pictureDelayMs } from '../lib/player/live-schedule.js';
import { intentFor, type Intent } from '../lib/remote/remote-intents.js';
import type { TvServices } from '../lib/util/tv-services.js';
import type { VideoPlayerApi } from '../lib/player/video-port.js';
import { PLAYER_PAGE_DEFAULTS, badgeFor, behindText, safeLocalStorage } from './player-page-support.js';
import { exposeQaState, readQaState, type QaState } from './qa-state.js';
import type { PlayerHooks, ScreenOpener } from '../lib/screens/screen-hub.js';
import { bannerView } from '../lib/screens/banner-view.js';
import type { ChannelNow, ChannelSummary } from '../core/wire.js';

interface PlayerPageTemplateSpec extends Lightning.Component.TemplateSpec {
  Slate: typeof Slate;
  Banner: typeof InfoBanner;
  Entry: typeof NumberEntryView;
  Lock: typeof LockView;
  Captions: typeof CaptionsView;
  Notice: object;
}

/** The page's modes (Lightning states). */
type PageMode = 'Booting' | 'Tuning' | 'Cued' | 'Playing' | 'Unavailable';

interface PlayerPageTypeConfig extends Lightning.Component.TypeConfig {
  IsPage: true;
}

export default class PlayerPage
  extends Lightning.Component<PlayerPageTemplateSpec, PlayerPageTypeConfig>
  implements Lightning.Component.ImplementTemplateSpec<PlayerPageTemplateSpec>
{
  static override _template(): Lightning.Component.Template<PlayerPageTemplateSpec> {
    return {
      w: 1920,
      h: 1080,
      Captions: { type: CaptionsView },
      Slate: { type: Slate },
      Lock: { type: LockView },
      Banner: { type: InfoBanner },
      Entry: { type: NumberEntryView },
      Notice: { x: 960, y: 80, mountX: 0.5, alpha: 0, text: { text: '', fontSize: 34, textColor: 0xffe8eef7 } },
    };
  }

  private services: TvServices | null = null;
  private readonly nav = new ChannelNav<ChannelSummary>(safeLocalStorage());
  private readonly favorites = new Favorites(safeLocalStorage());
  private readonly parental = new ParentalControl({ storage: safeLocalStorage(), salt: randomSalt });
  private readonly pin = new PinEntry();
  /** The program the lock covers now, or null. */
  private lockedProgram: RatedProgram | null = null;
  /** Captions and audio languages, as the viewer chose them, on every player (made at start). */
  private tracks: TrackControl | null = null;
  /** A pause: how far behind live the picture was, and the server time it paused at; null while playing. */
  private pause: { shiftMs: number; atServerMs: number } | null = null;
  private entry: NumberEntry | null = null;
  private decks: DeckStage | null = null;
  private tuner: ChannelTuner | null = null;
  private neighbours: ReadyNeighbours | null = null;
  private preloader: ChannelPreloader | null = null;
  private readonly pageGroup = new ListenerGroup('player-page');
  private bannerGroup: ListenerGroup | null = null;
  /** What the banner was last given: the channel and its now data. */
  private bannerSource: { channel: ChannelSummary; now: ChannelNow | null } | null = null;
  private bannerCountsDown = false;
  private brokerUp = false;
  private lineupVersion: number | null = null;

  /** Called by the App once its services exist. */
  start(services: TvServices): void {
    if (this.services) return;
    markBoot('player-start');
    this.services = services;
    this.nav.setWalk(() => this.favorites.walkFilter()); // CH+/CH- and the ready neighbours walk favorites only when set so
    const videoPlayer: VideoPlayerApi = VideoPlayer;
    videoPlayer.consumer(this);
    videoPlayer.loader(services.shaka.loader);
    videoPlayer.unloader(services.shaka.unloader);
    videoPlayer.area(0, 1920, 1080, 0);
    // Two players (the VideoPlayer's and one of our own) so program boundaries are swaps, not reloads;
    // one more per ready neighbour, so CH+/CH- is a swap too.
    const readyCount = Math.min(services.config.readyNeighbours, services.engineProfile.maxReadyNeighbours);
    this.decks = new DeckStage({
      maxDecks: 2 + readyCount,
      sessionA: services.shaka,
      videoPlayer,
      controller: services.controller,
      controllerOptions: services.playbackOptions,
      createSession: () => createShakaSession(services.config, services.playerRegistry, services.engineProfile, () => {
        // Deck B's load failures reach the page through the deck's onError.
      }),
      document,
      events: {
        onStarted: () => this.tuner?.started(),
        onLoading: () => this.tuner?.loading(), // a re-join on the deck on air: covered until its timed start
        onCued: () => this.tuner?.cued(), // a load's first frame, held until its timed start
        onError: (error, where) => this.tuner?.mediaError(error, where),
      },
    });
    this.neighbours = new ReadyNeighbours({ services, stage: this.decks, nav: this.nav, count: readyCount, frames: window });
    this.pageGroup.add(() => {
      this.neighbours?.dispose();
      this.decks?.dispose();
    });
    // Start from the delays this device's player showed last time (the first join lands better).
    const recalled = recallLearning(safeLocalStorage(), Date.now());
    if (recalled) services.controller.adoptLearning(recalled);
    this.preloader = new ChannelPreloader(services, this.nav);
    this.tuner = new ChannelTuner({
      services,
      decks: this.decks,
      nav: this.nav,
      preloader: this.preloader,
      neighbours: this.neighbours,
      storage: safeLocalStorage(),
      events: {
        view: (view) => this.show(view),
        programs: (channel, now) => this.setBanner(channel, now),
        tuned: () => {
          this.screens?.channelChanged(); // chat and reactions move with the tune, at once
          this.showBanner();
        },
      },
    });
    this.entry = new NumberEntry({
      timeoutMs: services.config.digitEntryTimeoutMs,
      maxDigits: PLAYER_PAGE_DEFAULTS.maxDigits,
      onChange: (digits) => this.tag('Entry')?.setDigits(digits),
      onCommit: (n) => this.tuneNumber(n),
    });
    this.pageGroup.add(() => this.entry?.cancel());
    this.pageGroup.add(services.brokerEvents.on('connection', (up) => this.onBroker(up)));
    this.pageGroup.add(services.brokerEvents.on('lineupVersion', (v) => this.onLineupVersion(v)));
    this.pageGroup.add(
      services.brokerEvents.on('controlSync', (sync) => {
        if (sync.channelId === null || sync.channelId === this.nav.current?.id) this.tuner?.rejoin();
      }),
    );
    this.pageGroup.interval(() => this.refreshBannerLive(), PLAYER_PAGE_DEFAULTS.bannerRefreshMs);
    this.tracks = new TrackControl(new TrackPrefs(safeLocalStorage()), () => services.shakaPlayers(), () => services.onAirPlayer());
    this.pageGroup.everyFrame(window, () => {
      this.applyLock();
      this.drawCaptions();
    });
    this.pageGroup.interval(() => this.tracks?.apply(), PLAYER_PAGE_DEFAULTS.trackApplyMs);
    exposeQaState(this.pageGroup, () => this.qaState());
    services.broker.start();
    services.pump.start();
    this.pageGroup.add(() => {
      services.pump.stop();
      services.broker.stop();
      services.brokerSession.stop(); // the TV's one connection ends with the page
    });
    this.enter('Booting', 'Connecting…');
    void this.boot();
  }

  override _detach(): void {
    this.tuner?.end();
    this.pageGroup.dispose();
  }

  // ---------------------------------------------------------------------------------------- modes

  static override _states(): Lightning.Component.Constructor[] {
    const painted = (page: PlayerPage, message: unknown) => page.paint(typeof message === 'string' ? message : '');
    return [
      class Booting extends this {
        override $enter(_event: unknown, message: unknown): void {
          painted(this, message);
        }
      },
      class Tuning extends this {
        override $enter(_event: unknown, message: unknown): void {
          painted(this, message);
        }
      },
      class Cued extends this {
        override $enter(): void {
          painted(this, '');
        }
      },
      class Playing extends this {
        override $enter(): void {
          painted(this, '');
        }
      },
      class Unavailable extends this {
        override $enter(_event: unknown, message: unknown): void {
          painted(this, message);
        }
      },
    ];
  }

  /** Enters a mode with its slate message (a mode entered again only changes the message: Lightning runs $enter once). */
  private enter(mode: PageMode, message = ''): void {
    if (this._getState() === mode) this.paint(message);
    else this._setState(mode, [message]);
  }

  /** The slate for the mode: hidden while the picture is up (playing, or its first frame held), else over it with `message` ('' for none). */
  private paint(message: string): void {
    const mode = this._getState();
    if (mode === 'Playing' || mode === 'Cued') this.tag('Slate')?.hide();
    else this.tag('Slate')?.showMessage(message);
  }

  /** What the tuner says the viewer should see. */
  private show(view: TuneView): void {
    this.applyLock();
    if (view.kind === 'playing') this.enter('Playing');
    else if (view.kind === 'cued') this.enter('Cued');
    else this.enter(view.kind === 'covered' ? 'Tuning' : 'Unavailable', view.message);
  }

  private get playingNow(): boolean {
    return this._getState() === 'Playing';
  }

  // ---------------------------------------------------------------------------------- boot & lineup

  private async boot(): Promise<void> {
    // Tune once the lineup and a first clock sample are in; the rest of the burst refines the
    // clock while the first channel loads (differences are far below the controller's jump limit).
    const firstSample = new Promise<void>((resolve) => void this.httpClockBurst(resolve));
    // The channel last watched here is the likely first tune: its now/next comes alongside the lineup.
    const remembered = this.nav.current ? null : this.nav.rememberedId();
    if (remembered) this.preloader?.prefetchNow(remembered);
    await Promise.all([this.loadLineup(), firstSample]);
    markBoot('lineup');
    const first = this.nav.initial();
    if (!first) {
      // An empty lineup (e.g. the demo lineup still being made): say what the server is doing and
      // look again, sooner while it prepares; a lineup change also tunes.
      const startup = await this.need().api.startup();
      if (this.nav.current) return; // a lineup change tuned meanwhile
      this.enter('Booting', emptyLineupMessage(startup));
      const preparing = startup?.demo !== null && startup?.demo !== undefined && startup.demo.state !== 'ready';
      this.pageGroup.timeout(() => {
        if (!this.nav.current) void this.boot();
      }, preparing ? PLAYER_PAGE_DEFAULTS.preparingRetryMs : PLAYER_PAGE_DEFAULTS.emptyLineupRetryMs);
      return;
    }
    void this.tune(first.id);
  }

  /** A few uncached /health samples: the clock to use until the broker's exchange has an estimate. */
  private async httpClockBurst(onFirst: () => void): Promise<void> {
    const services = this.need();
    for (let i = 0; i < PLAYER_PAGE_DEFAULTS.httpClockSamples; i++) {
      const sample = await services.api.timeSample(services.localNow);
      if (sample) services.clock.noteHttp(sample.serverTimeMs, sample.t0, sample.t3);
      if (sample || i === PLAYER_PAGE_DEFAULTS.httpClockSamples - 1) onFirst();
    }
  }

  /** Fetches the lineup until it answers (backoff inside the client, then a pause here). */
  private async loadLineup(options: { revalidate?: boolean } = {}): Promise<ChannelSummary[]> {
    const services = this.need();
    for (let attempt = 0; ; attempt++) {
      try {
        const channels = await services.api.channels(options);
        this.nav.setChannels(channels);
        this.screens?.channelChanged(); // the tuned channel may have left the lineup
        return channels;
      } catch {
        // Say so only while there is nothing to watch: a background reload keeps the picture.
        if (this.nav.channels.length === 0) this.enter('Booting', 'Waiting for the service…');
        // (a page that goes away clears the timer: the retries end with it)
        await new Promise<void>((r) => this.pageGroup.timeout(r, Math.min(PLAYER_PAGE_DEFAULTS.lineupRetryMaxMs, 1000 * 2 ** attempt)));
      }
    }
  }

  private onLineupVersion(version: number): void {
    if (this.lineupVersion === null) {
      this.lineupVersion = version;
      // The first version seen may already be newer than the lineup fetched at boot (a change
      // between the fetch and the broker connection): fetch again once, unless boot is still at it.
      if (this.nav.channels.length === 0) return;
    } else if (version === this.lineupVersion) {
      return;
    }
    this.lineupVersion = version;
    void this.loadLineup({ revalidate: true }).then(() => {
      const current = this.nav.current;
      if (!current) {
        const first = this.nav.initial();
        if (first) void this.tune(first.id);
      } else {
        const schedule = this.tuner?.schedule;
        if (schedule?.channelId === current.id) this.setBanner(current, schedule.data); // a new name or logo
        void this.tuner?.refreshNow(current.id, { revalidate: true });
      }
    });
  }

  private onBroker(up: boolean): void {
    this.brokerUp = up;
    // Back after an outage the clock re-syncs (services run a burst on every connection). Playback
    // keeps going: the controller trims the small correction with the rate, or seeks if the estimate
    // moved by hundreds of ms. A re-join here would show a slate and land tens of ms off.
    this.refreshBannerLive();
  }

  // ------------------------------------------------------------------------------------------- tune

  private tuneNumber(n: number): void {
    const channel = this.nav.byNumber(n);
    if (!channel) {
      this.tag('Entry')?.showNote(`No channel ${n}`, PLAYER_PAGE_DEFAULTS.noteMs);
      return;
    }
    if (channel.id !== this.nav.current?.id) void this.tune(channel.id);
    else this.showBanner();
  }

  private async tune(channelId: string): Promise<void> {
    this.pause = null; // a tune plays live
    const tuning = this.tuner?.tune(channelId);
    this.applyLock(); // a ready neighbour is on air already: locked before its first frame shows
    await tuning;
  }

  // -------------------------------------------------------------------------------- parental lock

  /**
   * Covers the picture and sound when the program on screen (or one starting within the lead) is
   * rated above the device's limit and not unlocked; uncovers it otherwise.
   */
  private applyLock(): void {
    const services = this.services;
    const schedule = this.tuner?.schedule;
    if (!services || !schedule) return;
    if (this.parental.limit === null && !this.lockedProgram) return; // no limit: nothing to cover (the common case, every frame)
    const shown = this.pictureNow();
    const now = schedule.programAt(shown);
    const soon = schedule.programAt(shown + PLAYER_PAGE_DEFAULTS.lockLeadMs);
    const locked = [now, soon].find((p) => p && this.parental.locks(p, shown)) ?? null;
    const lock = this.tag('Lock');
    if (!locked) {
      if (this.lockedProgram) {
        this.lockedProgram = null;
        this.pin.clear();
        lock?.hide();
      }
      this.decks?.setBlocked(false);
      return;
    }
    this.decks?.setBlocked(true);
    if (this.lockedProgram?.id !== locked.id) {
      this.lockedProgram = locked;
      this.pin.clear();
      lock?.closePrompt();
    }
    lock?.showLocked(lockedText(locked));
    const local = Date.now();
    const until = this.parental.lockedOutUntil(local);
    if (!lock?.prompting) lock?.setNote(until === null ? '' : lockoutNote(until, local));
  }

  private openPin(): void {
    const lock = this.tag('Lock');
    if (!this.lockedProgram || !lock) return;
    const now = Date.now();
    const until = this.parental.lockedOutUntil(now);
    this.pin.clear();
    lock.showPrompt(this.pin.dots(), until === null ? '' : lockoutNote(until, now));
  }

  private pinDigit(digit: number): void {
    const lock = this.tag('Lock');
    const program = this.lockedProgram;
    if (!program || !lock) return;
    const pin = this.pin.press(digit);
    if (pin === null) {
      lock.showPrompt(this.pin.dots(), '');
      return;
    }
    const now = Date.now();
    const result = this.parental.unlock(program, pin, now);
    if (result.ok) {
      this.applyLock();
      return;
    }
    lock.showPrompt(this.pin.dots(), pinNote(result, now));
  }

  /** Back in the PIN prompt: erases a digit, or closes the prompt when none is typed. */
  private pinBackspace(): void {
    const lock = this.tag('Lock');
    if (this.pin.backspace()) lock?.showPrompt(this.pin.dots(), '');
    else lock?.closePrompt();
  }

  // ---------------------------------------------------------------------------------- media errors

  /** VideoPlayer event: a load or play failed (the VideoPlayer's element is deck A). */
  $videoPlayerError(args?: { event?: unknown }): void {
    this.tuner?.mediaError(args?.event, { onAir: this.decks?.onAir === 0, deck: 0 });
  }

  // ---------------------------------------------------------------------------------------- remote

  override _handleKey(event: KeyboardEvent): boolean {
    const services = this.services;
    if (!services) return false;
    const action = services.keys.actionForCode(event.keyCode);
    if (!action) return false;
    const entry = this.entry;
    this.apply(
      intentFor(action, {
        entryActive: entry?.active ?? false,
        bannerShown: this.tag('Banner')?.shown ?? false,
        hasPrevious: this.nav.previous !== null,
        locked: this.lockedProgram !== null,
        pinOpen: this.tag('Lock')?.prompting ?? false,
        shifted: this.timeShiftMode() !== 'live',
      }),
    );
    return true;
  }

  private apply(intent: Intent): void {
    switch (intent.kind) {
      case 'zap': {
        this.entry?.cancel();
        const next = this.nav.neighbour(intent.delta);
        if (next) void this.tune(next.id);
        return;
      }
      case 'entryDigit':
        this.entry?.press(intent.digit);
        return;
      case 'entryCommit':
        this.entry?.commit();
        return;
      case 'entryBackspace':
        this.entry?.backspace();
        return;
      case 'showBanner':
        this.showBanner();
        return;
      case 'hideBanner':
        this.tag('Banner')?.hide();
        return;
      case 'previousChannel': {
        const prev = this.nav.previous;
        if (prev) void this.tune(prev.id);
        return;
      }
      case 'toggleFavorite':
        this.toggleFavorite();
        return;
      case 'openPin':
        this.openPin();
        return;
      case 'pinDigit':
        this.pinDigit(intent.digit);
        return;
      case 'pinBackspace':
        this.pinBackspace();
        return;
      case 'startOver':
        this.startOver();
        return;
      case 'goLive':
        this.goLive();
        return;
      case 'playPause':
        this.playPause();
        return;
      case 'cycleCaptions':
        this.cycleCaptions();
        return;
      case 'cycleAudio':
        this.cycleAudio();
        return;
      case 'notice':
        if (this.screens?.open(intent.screen)) return;
        this.showNotice(`${intent.screen} is coming soon`);
        return;
    }
  }

  /** The Favorite key: marks or unmarks the tuned channel, says so, and the banner shows it. */
  private toggleFavorite(): void {
    const channel = this.nav.current;
    if (!channel) {
      this.showNotice('Tune a channel to make it a favorite');
      return;
    }
    const on = this.favorites.toggle(channel.id);
    this.showNotice(on ? `★ ${channel.number} ${channel.name} is a favorite` : `${channel.number} ${channel.name} is no longer a favorite`);
    this.renderBanner();
    this.showBanner();
  }

  // ------------------------------------------------------------------------- captions and audio

  /** The on-air player's cues at its <video>'s time, every frame (none over a locked program). */
  private drawCaptions(): void {
    const services = this.services;
    const view = this.tag('Captions');
    if (!services || !view) return;
    if (this.tracks?.captions === null && view.lines === '') return; // captions off (the common case, every frame)
    const player = services.onAirPlayer();
    const video = this.decks?.onAirElement() ?? null;
    const on = player && video && !this.lockedProgram && this.tracks?.captions !== null;
    const text = on ? services.captions.storeOf(player).textAt(video.currentTime) : '';
    view.setText(text);
  }

  private cycleCaptions(): void {
    const result = this.tracks?.cycleCaptions();
    if (!result) return;
    this.showNotice(result.kind === 'none' ? 'No captions on this program' : result.kind === 'off' ? 'Captions off' : `Captions: ${languageName(result.language)}`);
  }

  private cycleAudio(): void {
    const result = this.tracks?.cycleAudio();
    if (!result) return;
    this.showNotice(result.kind === 'switched' ? `Audio: ${languageName(result.language)}` : `One audio language on this program${result.language ? ` (${languageName(result.language)})` : ''}`);
  }

  // ----------------------------------------------------------------------------- start-over, pause

  /** Live, behind live on purpose (start-over or a resumed pause), or paused. */
  private timeShiftMode(): 'live' | 'shifted' | 'paused' {
    if (this.pause) return 'paused';
    return this.tuner?.timeShiftMs === null || this.tuner?.timeShiftMs === undefined ? 'live' : 'shifted';
  }

  /** How far behind its schedule the picture is on purpose (ms): 0 live; it grows while paused. */
  private behindMs(): number {
    const services = this.services;
    if (this.pause && services) return this.pause.shiftMs + Math.max(0, services.clock.serverNow() - this.pause.atServerMs);
    return this.tuner?.timeShiftMs ?? 0;
  }

  /** Why the tuned channel cannot play behind live, or null when it can. */
  private noTimeShift(): string | null {
    const channel = this.nav.current;
    if (!channel || !this.tuner?.schedule) return 'Nothing is playing';
    if (channel.startOver === false) return 'Start-over is not offered on this channel';
    if (this.need().config.source === 'live') return 'Start-over plays the programs, not the live stream';
    return null;
  }

  /** The Start-over key: the program on screen from its beginning, behind live on purpose. */
  private startOver(): void {
    const refused = this.noTimeShift();
    const schedule = this.tuner?.schedule;
    if (refused || !schedule) {
      this.showNotice(refused ?? 'Nothing is playing');
      return;
    }
    const services = this.need();
    const serverNow = services.clock.serverNow();
    const program = schedule.programAt(serverNow - this.behindMs());
    if (!program) {
      this.showNotice('Nothing to start over');
      return;
    }
    this.pause = null;
    this.tuner?.timeShift(Math.max(0, serverNow - program.startMs));
    this.showNotice(`Start-over: ${program.title} from the beginning`);
    this.renderBanner();
    this.showBanner();
  }

  /** Pause (the picture holds, behind live from then on) and resume (where it paused). */
  private playPause(): void {
    const services = this.need();
    if (this.pause) {
      const shift = this.behindMs();
      this.pause = null;
      this.tuner?.timeShift(shift);
      this.renderBanner();
      this.showBanner();
      return;
    }
    const refused = this.noTimeShift();
    if (refused) {
      this.showNotice(refused.replace('Start-over', 'Pause'));
      return;
    }
    const shift = this.behindMs();
    if (!this.tuner?.hold()) return;
    this.pause = { shiftMs: shift, atServerMs: services.clock.serverNow() };
    this.renderBanner();
    this.showBanner();
  }

  /** LIVE (or Back while behind): the synced live position again, as a join on the decks playing. */
  private goLive(): void {
    if (this.timeShiftMode() === 'live') {
      this.showBanner();
      return;
    }
    this.pause = null;
    this.tuner?.timeShift(null);
    this.showNotice('Live');
    this.renderBanner();
    this.showBanner();
  }

  /** The banner's start-over line for the mode. */
  private shiftLine(): string {
    const mode = this.timeShiftMode();
    const behind = `${behindText(this.behindMs())} behind live`;
    if (mode === 'paused') return `Paused · ${behind}`;
    if (mode === 'shifted') return `${behind} · LIVE returns`;
    return this.noTimeShift() === null ? '↺ Start over' : '';
  }

  // ---------------------------------------------------------------------------- screens (widgets)

  private screens: ScreenOpener | null = null;

  /** The screens around the player open through `screens`; they tune and read the lineup through the hooks. */
  attachScreens(screens: ScreenOpener): PlayerHooks {
    this.screens = screens;
    return {
      tune: (channelId) => {
        if (channelId !== this.nav.current?.id) void this.tune(channelId);
        else this.showBanner();
      },
      current: () => this.nav.current,
      channels: () => this.nav.channels,
      favorites: this.favorites,
      parental: this.parental,
      tracks: () => this.tracks,
      key: (event) => this._handleKey(event),
      syncStats: () => this.decks?.stats() ?? this.services?.controller.stats() ?? null,
    };
  }

  override _getFocused(): Lightning.Component {
    return this;
  }

  // ---------------------------------------------------------------------------------------- banner

  private setBanner(channel: ChannelSummary, now: ChannelNow | null): void {
    this.bannerSource = { channel, now };
    this.renderBanner();
    this.refreshBannerLive();
  }

  /** The banner's lines from the airings on air: the program, a break's countdown, what filler leads to. */
  private renderBanner(): void {
    const source = this.bannerSource;
    if (!source) return;
    const { channel, now } = source;
    const serverNow = this.pictureNow();
    const schedule = this.tuner?.schedule ?? null;
    const on = schedule ? schedule.programAt(serverNow) : (now?.current ?? null);
    const after = schedule ? schedule.programAfter(serverNow) : (now?.next ?? null);
    const view = bannerView(on, after, (schedule?.data ?? now)?.program ?? null, serverNow);
    this.tag('Banner')?.setContent({
      number: channel.number, name: channel.name, logoUrl: channel.logoUrl, favorite: this.favorites.has(channel.id), now: view.now, next: view.next,
    });
    this.bannerCountsDown = on !== null && on.kind !== 'program';
  }

  private showBanner(): void {
    const services = this.need();
    this.tag('Banner')?.show();
    this.bannerGroup?.dispose();
    const group = new ListenerGroup('banner');
    this.bannerGroup = group;
    group.timeout(() => this.tag('Banner')?.hide(), services.config.bannerTimeoutMs);
  }

  private refreshBannerLive(): void {
    const services = this.services;
    if (!services) return;
    const banner = this.tag('Banner');
    if (this.bannerCountsDown) this.renderBanner(); // a break's "back in m:ss", filler's "in m:ss"
    banner?.updateProgress(this.pictureNow());
    banner?.setShift(this.shiftLine());
    banner?.setBadge(badgeFor({ brokerUp: this.brokerUp, playback: this.decks?.state() ?? services.controller.state(), timeShift: this.timeShiftMode() }));
  }

  private showNotice(message: string): void {
    const notice = this.tag('Notice');
    notice?.patch({ text: { text: message }, alpha: 1 });
    this.pageGroup.timeout(() => notice?.patch({ alpha: 0 }), PLAYER_PAGE_DEFAULTS.noteMs);
  }

  // -------------------------------------------------------------------------------------------- QA

  private qaState(): QaState {
    const services = this.services;
    const serverNow = services?.clock.serverNow() ?? null;
    const shown = services ? this.pictureNow() : null;
    return readQaState({
      services,
      channel: this.nav.current,
      previous: this.nav.previous,
      banner: this.tag('Banner') ?? null,
      slate: this.tag('Slate') ?? null,
      entry: this.tag('Entry') ?? null,
      playing: this.playingNow,
      mediaUrl: this.decks?.onAirUrl() ?? null,
      program: this.tuner?.schedule && shown !== null ? this.tuner.schedule.programAt(shown) : null,
      serverNowMs: serverNow,
      brokerUp: this.brokerUp,
      sync: this.decks?.stats() ?? null,
      deck: String.fromCharCode(65 + (this.decks?.onAir ?? 0)),
      screens: this.screens?.qaState() ?? null,
      readyNeighbours: this.neighbours?.state() ?? [],
      favorites: { ids: this.favorites.ids(), walk: this.favorites.walk },
      timeShift: { mode: this.timeShiftMode(), behindMs: this.behindMs() },
      captions: { text: this.tag('Captions')?.lines ?? '', ...(this.tracks?.state() ?? { captions: null, audio: null, textLanguages: [], audioLanguages: [], activeAudio: null, textVisible: false }) },
      parental: {
        limit: this.parental.limit,
        hasPin: this.parental.hasPin,
        locked: this.lockedProgram ? { id: this.lockedProgram.id, text: lockedText(this.lockedProgram) } : null,
        blocked: this.decks?.isBlocked ?? false,
        lockedOutUntilMs: this.parental.lockedOutUntil(Date.now()),
        view: this.tag('Lock')?.readText() ?? null,
      },
    });
  }

  /**
   * The schedule's instant on screen: the server's now, less the live latency on the live stream and
   * how far behind live the viewer chose to be (the banner and the parental lock follow the picture).
   */
  private pictureNow(): number {
    const services = this.need();
    return services.clock.serverNow() - pictureDelayMs(services.config) - this.behindMs();
  }

  private need(): TvServices {
    if (!this.services) throw new Error('player page not started');
    return this.services;
  }
}
