// A channel's live streams with audio languages and captions in standard players, in Chromium: the
// pipeline's tracks sample (two audio languages, an embedded caption stream, a sidecar) looped with a
// clip that has neither. hls.js and Shaka on the HLS master and Shaka on the DASH MPD list both audio
// languages and both text languages and play without a fatal error; the English cues each shows, and
// their distance from the instant the schedule plays the cue's media time, are printed (not judged yet).
import { expect } from 'chai';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import type { Browser } from 'playwright-core';
import { liveDashPath, liveHlsMasterPath } from '#core/live-paths.js';
import { makeTracksSource, TRACKS_SAMPLE } from '#pipeline/sample/tracks-source.js';
import { openBrowser, startSystem, type RunningSystem } from './system-harness.js';

const require = createRequire(import.meta.url);
const CHANNEL = 'tracks';
const WATCH_MS = 25_000; // milliseconds of playback watched (two loops of the channel and more)

interface PlayerReport {
  audio: string[];
  text: string[];
  /** Cues the player put on its <video>: text and the date the player gives their start (epoch ms). */
  cues: Array<{ text: string; dateMs: number }>;
  error: string | null;
}

describe('live audio languages and captions in standard players (hls.js, Shaka) in Chromium', function () {
  this.timeout(240_000);
  let system: RunningSystem;
  let browser: Browser;

  before(async () => {
    system = await startSystem({
      assets: [{ id: 'plain', title: 'Plain', seconds: 5, hue: 60 }],
      sources: [{ alias: 'film', make: async (runner, inbox) => basename((await makeTracksSource(runner, inbox, 'Film')).source) }],
      channels: [{ id: CHANNEL, number: 1, name: 'Tracks', loop: ['film', 'plain'] }],
      epochMs: Date.now() - 5 * 60_000,
    });
    browser = await openBrowser();
  });
  after(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('lists both languages of audio and text in hls.js and Shaka (HLS and DASH), with no fatal error', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${system.baseUrl}/live/time`);
      await page.evaluate('window.__name = (f) => f');
      await page.addScriptTag({ path: require.resolve('hls.js/dist/hls.min.js') });
      await page.addScriptTag({ path: require.resolve('shaka-player/dist/shaka-player.compiled.js') });
      const reports = (await page.evaluate(
        async ({ hlsUrl, dashUrl, watchMs }) => {
          const w = window as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
          const video = () => {
            const v = document.createElement('video');
            v.muted = true;
            v.autoplay = true;
            v.width = 160;
            document.body.appendChild(v);
            return v;
          };
          const out: Record<string, { audio: string[]; text: string[]; cues: Array<{ text: string; dateMs: number }>; error: string | null }> = {};
          const cueWatch = (name: string, v: HTMLVideoElement, offsetMs: () => number | null) => {
            const seen = new Set<string>();
            setInterval(() => {
              const offset = offsetMs();
              if (offset === null) return;
              for (const track of Array.from(v.textTracks)) {
                for (const cue of Array.from(track.cues ?? [])) {
                  const c = cue as VTTCue;
                  const key = `${c.text}@${c.startTime.toFixed(3)}`;
                  if (seen.has(key)) continue;
                  seen.add(key);
                  out[name]?.cues.push({ text: c.text, dateMs: offset + c.startTime * 1000 });
                }
              }
            }, 250);
          };
          // hls.js
          const hlsVideo = video();
          const hls = new w.Hls({});
          out['hls.js'] = { audio: [], text: [], cues: [], error: null };
          hls.on(w.Hls.Events.ERROR, (_e: unknown, d: { fatal: boolean; details: string; reason?: string; url?: string }) => {
            if (d.fatal && out['hls.js']) out['hls.js'].error = `${d.details} ${d.url ?? ''}: ${d.reason ?? ''}`;
          });
          hls.on(w.Hls.Events.SUBTITLE_TRACKS_UPDATED, () => {
            hls.subtitleTrack = hls.subtitleTracks.findIndex((t: { lang: string }) => t.lang === 'en');
            hls.subtitleDisplay = true;
          });
          hls.loadSource(hlsUrl);
          hls.attachMedia(hlsVideo);
          cueWatch('hls.js', hlsVideo, () => (hls.playingDate ? hls.playingDate.getTime() - hlsVideo.currentTime * 1000 : null));
          // Shaka, HLS then DASH
          w.shaka.polyfill.installAll();
          for (const [name, url] of [['Shaka HLS', hlsUrl], ['Shaka DASH', dashUrl]] as const) {
            const v = video();
            const player = new w.shaka.Player();
            out[name] = { audio: [], text: [], cues: [], error: null };
            await player.attach(v);
            try {
              await player.load(url);
              const r = out[name];
              if (r) {
                r.audio = player.getAudioTracks().map((t: { language: string }) => t.language);
                r.text = player.getTextTracks().map((t: { language: string }) => t.language);
              }
              player.selectTextTrack(player.getTextTracks().find((t: { language: string }) => t.language === 'en') ?? null);
            } catch (e) {
              const err = e as { code?: number; data?: unknown };
              if (out[name]) out[name].error = `error ${err.code} ${JSON.stringify(err.data)?.slice(0, 300)}`;
            }
            player.addEventListener('error', (e: { detail?: { code?: number } }) => {
              if (out[name]) out[name].error = `error ${e.detail?.code}`;
            });
            cueWatch(name, v, () => {
              const d = player.getPlayheadTimeAsDate();
              return d ? d.getTime() - v.currentTime * 1000 : null;
            });
          }
          for (const v of Array.from(document.querySelectorAll('video'))) void v.play().catch(() => undefined);
          await new Promise((r) => setTimeout(r, watchMs));
          const r = out['hls.js'];
          if (r) {
            r.audio = hls.audioTracks.map((t: { lang: string }) => t.lang);
            r.text = hls.subtitleTracks.map((t: { lang: string }) => t.lang);
          }
          return out;
        },
        { hlsUrl: liveHlsMasterPath(CHANNEL), dashUrl: liveDashPath(CHANNEL), watchMs: WATCH_MS },
      )) as Record<string, PlayerReport>;
      // The scheduled instant of a cue: an airing of the film's start plus the cue's media time (its packaged vtt).
      const film = system.assets.find((a) => (a.textTracks ?? []).length > 0);
      expect(film, 'the packaged tracks sample').to.not.equal(undefined);
      const res = await fetch(`${system.baseUrl}/v1/channels/${CHANNEL}/schedule?from=${Date.now() - 120_000}&to=${Date.now()}`);
      const starts = ((await res.json()) as { programs: Array<{ assetId: string; startMs: number; inMs: number }> }).programs.filter((p) => p.assetId === film?.id).map((p) => p.startMs - p.inMs);
      const packaged = new Map<string, number>();
      for (let n = 1; n <= Math.ceil(TRACKS_SAMPLE.durationSec / 2); n += 1) {
        const vtt = await (await fetch(`${system.baseUrl}/media/${film?.id}/text-0-${String(n).padStart(5, '0')}.vtt`)).text();
        for (const m of vtt.matchAll(/^(\d\d):(\d\d):(\d\d)\.(\d{3}) --> .*\n(.+)$/gm)) packaged.set(m[5] ?? '', ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]));
      }
      for (const [name, r] of Object.entries(reports)) {
        console.log(`      ${name}: audio ${r.audio.join(',')} text ${r.text.join(',')}, ${r.cues.length} cues${r.error ? `, ${r.error}` : ''}`);
        expect(r.error, name).to.equal(null);
        expect([...new Set(r.audio)].sort(), `${name} audio languages`).to.deep.equal(['en', 'fr']);
        expect([...new Set(r.text)].sort(), `${name} text languages`).to.deep.equal(['en', 'fr']);
        // Cues on screen and their instants are printed, not judged yet (hls.js leaves its text tracks disabled here: to do).
        const english = r.cues.filter((c) => packaged.has(c.text));
        const distances = english.map((c) => Math.min(...starts.map((st) => Math.abs(c.dateMs - (st + (packaged.get(c.text) ?? 0))))));
        console.log(`      ${name}: English cues ${english.length}, distances from their scheduled instants ${distances.map((d) => d.toFixed(0)).join(',')} ms`);
      }
    } finally {
      await page.close();
    }
  });
});
