// Captions and audio languages in real Chromium against the whole system, keys only: a source with two
// audio languages, an embedded caption stream and a sidecar packaged by the pipeline's own worker step,
// looped on a channel (a boundary every loop). CC shows each cue's text while the picture is inside
// the cue's time in the source, on a synced channel and after a boundary; it cycles English → French →
// off; Audio switches the language heard; the choice is remembered across a reload.
import { expect } from 'chai';
import { basename } from 'node:path';
import type { Page } from 'playwright-core';
import { makeTracksSource, TRACKS_SAMPLE, type SampleCue } from '#pipeline/sample/tracks-source.js';
import { oneTvOnSystem } from './system-harness.js';
import { qaState, waitFor, waitPlaying } from './tv-page.js';

const EDGE_MS = 120; // samples this close to a cue's start or end are not judged (a frame, and a sample's own spread)

interface Sample {
  /** Milliseconds into the asset (the media clock of the player on air). */
  atMs: number;
  text: string;
  programId: string | null;
}

/** The captions on screen and the on-air <video>'s time, read in the same task. */
async function sample(page: Page): Promise<Sample> {
  return page.evaluate(() => {
    const tv = (window as unknown as { streamsyncTv: { state: () => { captions: { text: string } | null; program: { id: string } | null } } }).streamsyncTv.state();
    const v = document.querySelector<HTMLVideoElement>('video[data-on-air]');
    return { atMs: (v?.currentTime ?? 0) * 1000, text: tv.captions?.text ?? '', programId: tv.program?.id ?? null };
  });
}

/** The cue text a sample should show ('' between cues), or null when it is too near an edge to judge. */
function expected(cues: readonly SampleCue[], atMs: number): string | null {
  if (cues.some((c) => Math.abs(atMs - c.startMs) < EDGE_MS || Math.abs(atMs - c.endMs) < EDGE_MS)) return null;
  return cues.find((c) => c.startMs <= atMs && atMs < c.endMs)?.text ?? '';
}

describe('captions and audio languages in Chromium (keys only)', function () {
  this.timeout(240_000);
  const tv = oneTvOnSystem({
    assets: [],
    sources: [{ alias: 'film', make: async (runner, inbox) => basename((await makeTracksSource(runner, inbox, 'Film')).source) }],
    channels: [{ id: 'cc', number: 1, name: 'Captions', loop: ['film'] }],
  });

  /** Waits until a cue of `cues` shows (the text track's first segment fetched after a switch). */
  async function firstCue(cues: readonly SampleCue[]): Promise<void> {
    await waitFor('a cue on screen', async () => {
      const s = await sample(tv.page);
      const want = expected(cues, s.atMs);
      return want !== null && want !== '' && s.text === want;
    }, 15_000, 40);
  }

  /** Samples for `ms` and checks every judged one against `cues`; returns how many were inside a cue, and the programs seen. */
  async function watch(cues: readonly SampleCue[], ms: number): Promise<{ inside: number; programs: Set<string> }> {
    const until = Date.now() + ms;
    let inside = 0;
    const programs = new Set<string>();
    const wrong: string[] = [];
    while (Date.now() < until) {
      const s = await sample(tv.page);
      if (s.programId) programs.add(s.programId);
      const want = expected(cues, s.atMs);
      if (want !== null) {
        if (s.text !== want) wrong.push(`${s.atMs.toFixed(0)} ms: "${s.text}" (wanted "${want}")`);
        if (want !== '') inside++;
      }
      await new Promise((r) => setTimeout(r, 40));
    }
    expect(wrong, wrong.slice(0, 5).join('; ')).to.deep.equal([]);
    return { inside, programs };
  }

  it('lists the languages of the program on air; captions are off at first', async () => {
    const s = await waitFor('the tracks known', async () => {
      const q = await qaState(tv.page);
      return q.captions && q.captions.textLanguages.length === 2 ? q : null;
    }, 10_000);
    expect(s.captions?.textLanguages).to.deep.equal(['en', 'fr']);
    expect(s.captions?.audioLanguages).to.deep.equal(['en', 'fr']);
    expect(s.captions?.captions).to.equal(null);
    expect(s.captions?.text).to.equal('');
  });

  it('CC shows the English captions at their source times, in sync, and again after a boundary', async () => {
    await tv.page.keyboard.press('KeyK');
    await waitFor('English captions on', async () => (await qaState(tv.page)).captions?.textVisible === true, 5_000);
    expect((await qaState(tv.page)).captions?.captions).to.equal('en');
    await firstCue(TRACKS_SAMPLE.embedded.cues);
    const seen = await watch(TRACKS_SAMPLE.embedded.cues, 2 * TRACKS_SAMPLE.durationSec * 1000 + 500);
    expect(seen.inside, 'samples inside a cue').to.be.at.least(10);
    expect(seen.programs.size, 'airings seen (a boundary crossed)').to.be.at.least(2);
  });

  it('CC again: the French sidecar; again: off', async () => {
    await tv.page.keyboard.press('KeyK');
    await waitFor('French captions', async () => (await qaState(tv.page)).captions?.captions === 'fr', 5_000);
    await firstCue(TRACKS_SAMPLE.sidecar.cues);
    const seen = await watch(TRACKS_SAMPLE.sidecar.cues, TRACKS_SAMPLE.durationSec * 1000 + 1_500);
    expect(seen.inside).to.be.at.least(5);
    await tv.page.keyboard.press('KeyK');
    await waitFor('captions off', async () => (await qaState(tv.page)).captions?.captions === null, 5_000);
    await watch([], 1_500);
  });

  it('Audio switches the language heard, and the choices are remembered across a reload', async () => {
    expect((await qaState(tv.page)).captions?.activeAudio).to.equal('en');
    await tv.page.keyboard.press('KeyA');
    await waitFor('French audio', async () => (await qaState(tv.page)).captions?.activeAudio === 'fr', 5_000);
    await tv.page.keyboard.press('KeyK'); // English captions
    await tv.page.reload();
    await waitPlaying(tv.page, 1, 30_000);
    const s = await waitFor('the choices applied after the reload', async () => {
      const q = await qaState(tv.page);
      return q.captions?.activeAudio === 'fr' && q.captions.textVisible ? q : null;
    }, 15_000);
    expect(s.captions?.captions).to.equal('en');
    expect(s.captions?.audio).to.equal('fr');
    await firstCue(TRACKS_SAMPLE.embedded.cues);
    await watch(TRACKS_SAMPLE.embedded.cues, TRACKS_SAMPLE.durationSec * 1000);
  });
});
