// Audio languages and text tracks in Shaka, in Chromium: the pipeline's tracks sample (two audio
// languages, an embedded caption stream, a French sidecar) packaged by the pipeline's worker, served
// under its content layout, loaded from the DASH MPD and from the HLS master. Shaka lists both audio
// languages (getAudioTracks) and both text tracks with their languages and kinds, plays, fetches the
// segments of the text track it is asked to show and holds its cue at the time the sidecar gives it.
import { expect } from 'chai';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { EmbeddedStore } from '#control-api/store/embedded-store.js';
import { silentLogger } from '#contracts/logger.js';
import type { Asset } from '#contracts/lineup.js';
import { ASSET_FILES } from '#core/content-layout.js';
import { createMediaRunner, mediaToolPaths } from '#pipeline/ffmpeg/runner.js';
import { makeTracksSource } from '#pipeline/sample/tracks-source.js';
import { PipelineWorker } from '#pipeline/worker/worker.js';
import { LADDER_FIXTURE } from './ladder-fixture.js';
import { openBrowser } from './system-harness.js';

const require = createRequire(import.meta.url);
const ORIGIN = 'http://tracks.test'; // routed by the page: no server
const PLAY_MS = 15_000; // milliseconds Shaka has to play past 2 s and fetch the chosen track's segments

const TYPES: Record<string, string> = {
  '.mpd': 'application/dash+xml',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.m4s': 'video/mp4',
  '.vtt': 'text/vtt',
  '.jpg': 'image/jpeg',
  '.html': 'text/html',
};

interface ShakaTracks {
  audioLanguages: string[];
  text: Array<{ language: string; kind: string; label: string | null; roles: string[] }>;
  error: string | null;
  played: number;
  /** Cues the page's text tracks hold once played (Shaka's native text displayer), seconds. */
  cues: Array<{ start: number; end: number; text: string }>;
}

/** Loads `url` in Shaka, reads its tracks, shows the French text track and plays; what Shaka said. */
async function loadInShaka(page: Page, url: string): Promise<ShakaTracks> {
  return page.evaluate(
    async ({ url, playMs }) => {
      const w = window as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      w.shaka.polyfill.installAll();
      const video = document.createElement('video');
      video.muted = true;
      document.body.appendChild(video);
      const player = new w.shaka.Player();
      await player.attach(video);
      try {
        await player.load(url);
      } catch (e) {
        const err = e as { code?: number; data?: unknown };
        return { audioLanguages: [], text: [], error: `load: ${err.code} ${JSON.stringify(err.data)?.slice(0, 300)}`, played: 0, cues: [] };
      }
      let error: string | null = null;
      player.addEventListener('error', (ev: { detail: { code: number } }) => {
        error = `error ${ev.detail.code}`;
      });
      const text = (player.getTextTracks() as Array<{ language: string; kind: string; label: string | null; roles: string[] }>).map((t) => ({ language: t.language, kind: t.kind, label: t.label, roles: t.roles }));
      const french = (player.getTextTracks() as Array<{ language: string }>).find((t) => t.language === 'fr');
      if (french) player.selectTextTrack(french); // Shaka 5: selecting a text track shows it
      await video.play();
      const started = Date.now();
      while (video.currentTime < 2.5 && Date.now() - started < playMs && error === null) await new Promise((r) => setTimeout(r, 100));
      // Shaka 5 lists audio as tracks (getAudioLanguages() is gone): one per language here.
      const audioLanguages = (player.getAudioTracks() as Array<{ language: string }>).map((t) => t.language).sort();
      const cues = Array.from(video.textTracks).flatMap((track) =>
        Array.from(track.cues ?? []).map((c) => ({ start: c.startTime, end: c.endTime, text: (c as VTTCue).text })),
      );
      const result = { audioLanguages, text, error, played: video.currentTime, cues };
      await player.destroy();
      video.remove();
      return result;
    },
    { url, playMs: PLAY_MS },
  );
}

describe('Shaka plays the audio languages and text tracks the pipeline packages (Chromium)', function () {
  this.timeout(240_000);
  let root: string;
  let asset: Asset;
  let dir: string;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'ss-tracks-'));
    const contentDir = join(root, 'content');
    const runner = createMediaRunner(mediaToolPaths(process.env));
    const store = await EmbeddedStore.open({ dataDir: join(root, 'data'), logger: silentLogger() });
    try {
      await mkdir(join(contentDir, 'inbox'), { recursive: true });
      await makeTracksSource(runner, join(contentDir, 'inbox'), 'Languages');
      const pipeline = {
        enabled: true, schedule: '* * * * *', segmentSeconds: LADDER_FIXTURE.segmentSeconds, maxFps: LADDER_FIXTURE.maxFps, loudnessLufs: LADDER_FIXTURE.loudnessLufs,
        preset: LADDER_FIXTURE.preset, leaseMs: 60_000, maxAttempts: 1, limits: LADDER_FIXTURE.limits, audioKbps: LADDER_FIXTURE.audioKbps, sampleOnEmptyLibrary: false,
        ladder: [{ name: '180p', height: 180, videoKbps: 200, profile: 'main' as const, level: '3.0' }],
      };
      const worker = new PipelineWorker({ contentDir, pipeline, store, runner, tuning: { settleMs: 0, threads: 2 } });
      const pass = await worker.runPass();
      expect(pass.failed.map((j) => j.error)).to.deep.equal([]);
      const made = await store.getAsset(pass.done[0]?.assetId ?? '');
      if (!made) throw new Error('the tracks sample was not published');
      asset = made;
    } finally {
      await store.close();
    }
    dir = join(contentDir, 'media', asset.id);
    browser = await openBrowser();
    page = await browser.newPage();
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.route(`${ORIGIN}/**`, async (route) => {
      const name = new URL(route.request().url()).pathname.split('/').pop() ?? '';
      if (name === 'index.html') return route.fulfill({ status: 200, contentType: TYPES['.html'], body: '<!doctype html><title>tracks</title>' });
      try {
        return await route.fulfill({ status: 200, contentType: TYPES[extname(name)] ?? 'application/octet-stream', body: await readFile(join(dir, name)) });
      } catch {
        return route.fulfill({ status: 404, body: '' });
      }
    });
    await page.goto(`${ORIGIN}/index.html`);
    await page.evaluate('window.__name = (f) => f'); // tsx keeps function names with a helper the page lacks
    await page.addScriptTag({ path: require.resolve('shaka-player/dist/shaka-player.compiled.js') });
  });

  after(async () => {
    await browser?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('the asset lists the tracks Shaka is about to find', () => {
    expect(asset.audioTracks?.map((t) => t.lang)).to.deep.equal(['en', 'fr']);
    expect(asset.textTracks?.map((t) => [t.lang, t.kind, t.source])).to.deep.equal([['en', 'captions', 'stream'], ['fr', 'subtitles', 'sidecar']]);
  });

  /**
   * What marks the English track as captions. DASH: Shaka's kind (from the Role). HLS: the track's roles
   * (the CHARACTERISTICS); Shaka 5.2 reports every HLS text track as kind 'subtitle' (its HLS parser works
   * the caption kind out of CHARACTERISTICS, then builds the stream with SUBTITLE), so the kind is not
   * checked there.
   */
  const CAPTIONS_MARK = 'public.accessibility.describes-music-and-sound';
  for (const [format, file] of [['DASH', ASSET_FILES.manifest], ['HLS', ASSET_FILES.hlsMaster]] as const) {
    it(`${format}: both audio languages, both text tracks with their kinds, plays, fetches the French segments and shows their cue at its time`, async () => {
      requests.length = 0;
      const got = await loadInShaka(page, `${ORIGIN}/${file}`);
      expect(got.error).to.equal(null);
      expect(got.audioLanguages).to.deep.equal(['en', 'fr']);
      const byLanguage = [...got.text].sort((a, b) => a.language.localeCompare(b.language));
      expect(byLanguage.map((t) => [t.language, t.label])).to.deep.equal([['en', 'English (CC)'], ['fr', 'French']]);
      if (format === 'DASH') {
        expect(byLanguage.map((t) => t.kind)).to.deep.equal(['caption', 'subtitle']);
      } else {
        expect(byLanguage.map((t) => t.roles.includes(CAPTIONS_MARK))).to.deep.equal([true, false]);
      }
      expect(got.played).to.be.greaterThan(2);
      // The French cue shown at the time the sidecar gives it, on the video's timeline.
      const bonjour = got.cues.find((c) => c.text === 'Bonjour');
      expect(bonjour, JSON.stringify(got.cues)).to.not.equal(undefined);
      expect(bonjour?.start).to.be.closeTo(1.2, 0.05);
      expect(bonjour?.end).to.be.closeTo(2.0, 0.05);
      expect(requests.filter((p) => /\/text-1-\d{5}\.vtt$/.test(p)).length, 'French WebVTT segments fetched').to.be.greaterThan(0);
    });
  }
});
