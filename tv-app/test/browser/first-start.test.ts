// The first start as a new user meets it: npm start's entry on an empty library makes the demo
// lineup with the real pipeline while the TV app, already open, says "Preparing demo content: k of 9";
// the first channel then comes on by itself, without a reload of the page. ffmpeg's sample generation
// waits behind a gate the test opens once the TV shows the waiting screen, so the order is certain.
import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openBrowser, openTv, spawnServer } from './system-harness.js';
import { qaState, waitFor } from './tv-page.js';

describe('first start on an empty library (whole system, real pipeline, Chromium)', function () {
  this.timeout(300_000);
  let root = '';
  let server: ChildProcess | null = null;
  let browser: Browser | null = null;
  let output = '';

  after(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server?.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('shows "Preparing demo content" with the count, then the first demo channel, programmed, without a reload', async () => {
    root = await mkdtemp(join(tmpdir(), 'ss-first-start-'));
    const gate = join(root, 'gate');
    const ffmpeg = join(root, 'gated-ffmpeg');
    // Debian's ffmpeg, except that making a sample source (a lavfi input) waits for the gate.
    await writeFile(ffmpeg, `#!/bin/sh\ncase "$*" in *lavfi*) while [ ! -e '${gate}' ]; do sleep 0.05; done;; esac\nexec ffmpeg "$@"\n`);
    await chmod(ffmpeg, 0o755);
    const started = spawnServer(
      {
        ...process.env,
        FFMPEG_PATH: ffmpeg,
        PORT: '0',
        HOST: '127.0.0.1',
        MQTT_PORT: '0',
        STREAMSYNC_DATA_DIR: join(root, 'data'),
        STREAMSYNC_CONTENT_DIR: join(root, 'content'),
        STREAMSYNC_API_KEY: 'first-start-broadcaster-key-0123456789',
      },
      (tail) => (output = tail),
    );
    server = started.proc;
    const baseUrl = await started.ready;
    browser = await openBrowser();
    const page: Page = await openTv(browser, baseUrl);

    let seen = '';
    const preparing = await waitFor('the preparing slate', async () => {
      const s = await qaState(page).catch((err: Error) => ({ error: err.message }) as const);
      seen = JSON.stringify(s);
      return 'slate' in s && s.slate.shown && /^Preparing demo content/.test(s.slate.message) ? s.slate.message : null;
    }, 60_000).catch((err: Error) => {
      throw new Error(`${err.message}\nlast state: ${seen}\nserver output:\n${output}`);
    });
    // A page that reloads loses this mark.
    await page.evaluate(() => ((window as unknown as { firstStartMark?: number }).firstStartMark = 1));
    await writeFile(gate, '');
    const counts = new Set<string>([preparing]);
    const on = await waitFor('the first demo channel playing', async () => {
      const s = await qaState(page);
      if (s.slate.shown) counts.add(s.slate.message);
      return s.playing && s.channel ? s.channel : null;
    }, 240_000, 250).catch((err: Error) => {
      throw new Error(`${err.message}\nserver output:\n${output}`);
    });
    expect(on).to.deep.include({ number: 1, name: 'StreamSync One' });
    expect((await qaState(page)).program?.title, 'the first show, made first').to.equal('Morning News');
    expect(await page.evaluate(() => (window as unknown as { firstStartMark?: number }).firstStartMark)).to.equal(1);
    expect([...counts].some((m) => /^Preparing demo content: \d of 9$/.test(m)), [...counts].join(' | ')).to.equal(true);
    expect(output).to.match(/demo content \d\/9 ready · [A-Za-z ]+\.mp4: (generating|packaging) \d+%/);
    // Programmed by time slot in its own time zone (the demo lineup grows as the other sources arrive).
    const programming = (await (await fetch(`${baseUrl}/v1/channels/demo-one/programming`)).json()) as { current: { rules: { timeZone: string; slots: Array<{ collection: string }> } } };
    expect(programming.current.rules.timeZone).to.equal('Europe/Berlin');
    expect(programming.current.rules.slots.map((x) => x.collection)).to.include('demo-news');
  });
});
