// One small harness for the browser engines TVs run: a TvBrowser opens TvPages that navigate,
// evaluate a function in the page, press remote keys and take screenshots. Two implementations:
// - chromium: Debian's Chromium through playwright-core (every page its own context);
// - wpe: WPE WebKit (the engine of RDK set-top boxes) through Debian's WPEWebDriver and cog, headless,
//   over plain W3C WebDriver HTTP: one driver and one cog process per page.
// Functions given to evaluate() run in the page: no closures over test variables, pass `arg`.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { webProcessStacks } from './hang-stack.js';

export type EngineName = 'chromium' | 'wpe';

/** The engines the cross-engine browser tests run on. */
export const ENGINES: readonly EngineName[] = ['chromium', 'wpe'];

export const TV_BROWSER_DEFAULTS = {
  chromiumPath: '/usr/bin/chromium',
  chromiumArgs: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required',
  ],
  viewport: { width: 960, height: 540 }, // CSS pixels (Chromium): the 1920x1080 stage scaled by half
  wpeDriverPath: '/usr/bin/WPEWebDriver',
  cogPath: '/usr/bin/cog',
  cogArgs: ['--automation', '--platform=headless'], // cog's headless view is 800x600 CSS pixels
  driverStartTimeoutMs: 10_000, // milliseconds for WPEWebDriver to answer /status
  scriptTimeoutMs: 20_000, // milliseconds an evaluate() may take in WPE
  pageLoadTimeoutMs: 60_000, // milliseconds a goto() may take in WPE
  commandTimeoutMs: 75_000, // milliseconds any WebDriver command may take before it fails (a hung WPE session)
};

/** Anything a page function can be evaluated in (a TvPage, or a playwright Page). */
export interface Evaluates {
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

export interface TvPage extends Evaluates {
  readonly engine: EngineName;
  goto(url: string): Promise<void>;
  /** A key of the remote, by its KeyboardEvent.code-style name: 'PageUp', 'ArrowDown', 'Enter', 'Escape', 'Backspace', 'KeyG', '3'. */
  press(key: string): Promise<void>;
  /** PNG of what the page shows. */
  screenshot(): Promise<Buffer>;
  close(): Promise<void>;
}

export interface TvBrowser {
  readonly engine: EngineName;
  newPage(): Promise<TvPage>;
  close(): Promise<void>;
}

export async function openTvBrowser(engine: EngineName): Promise<TvBrowser> {
  return engine === 'chromium' ? ChromiumTvBrowser.launch() : new WpeTvBrowser();
}

// ------------------------------------------------------------------------------------------ chromium

export class ChromiumTvPage implements TvPage {
  readonly engine = 'chromium' as const;
  /** The playwright page, for what only Chromium's tooling does (request routing, CDP). */
  constructor(readonly page: Page) {}

  async goto(url: string): Promise<void> {
    await this.page.goto(url);
  }

  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  evaluate<R, A>(fn: (arg?: A) => R | Promise<R>, arg?: A): Promise<R> {
    // Compiled in the page from its source, with `__name` answered (see webDriverScript).
    return this.page.evaluate(
      (call: { source: string; arg: unknown }) => new Function('__name', 'arg', `return (${call.source})(arg);`)((f: unknown) => f, call.arg) as R,
      { source: fn.toString(), arg },
    ) as Promise<R>;
  }

  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }

  screenshot(): Promise<Buffer> {
    return this.page.screenshot();
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}

export class ChromiumTvBrowser implements TvBrowser {
  readonly engine = 'chromium' as const;
  private constructor(readonly browser: Browser) {}

  static async launch(): Promise<ChromiumTvBrowser> {
    return new ChromiumTvBrowser(await chromium.launch({ executablePath: TV_BROWSER_DEFAULTS.chromiumPath, args: TV_BROWSER_DEFAULTS.chromiumArgs }));
  }

  async newPage(): Promise<ChromiumTvPage> {
    return new ChromiumTvPage(await this.browser.newPage({ viewport: TV_BROWSER_DEFAULTS.viewport }));
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

// ------------------------------------------------------------------------------------- WPE WebDriver

/** WebDriver's codepoints for the remote's keys (W3C WebDriver, "keyboard actions"). */
const WEBDRIVER_KEYS: Record<string, string> = {
  Backspace: '\uE003', Enter: '\uE007', Escape: '\uE00C', PageUp: '\uE00E', PageDown: '\uE00F',
  ArrowLeft: '\uE012', ArrowUp: '\uE013', ArrowRight: '\uE014', ArrowDown: '\uE015',
};

/** 'KeyG' -> 'g', 'Digit3' -> '3', '3' -> '3', 'PageUp' -> WebDriver's PageUp codepoint. */
export function webDriverKey(key: string): string {
  const special = WEBDRIVER_KEYS[key];
  if (special) return special;
  const letter = /^Key([A-Z])$/.exec(key);
  if (letter?.[1]) return letter[1].toLowerCase();
  const digit = /^(?:Digit)?([0-9])$/.exec(key);
  if (digit?.[1]) return digit[1];
  if (key.length === 1) return key;
  throw new Error(`no WebDriver key for "${key}"`);
}

/**
 * The script WebDriver's "execute async script" runs: calls `fn` with the argument and reports
 * {ok, value} or {ok: false, error}. `__name` answers the name helper tsx's compiler may leave in a
 * function's source.
 */
export function webDriverScript(fnSource: string): string {
  return [
    'var done = arguments[arguments.length - 1];',
    'var arg = arguments[0];',
    'var __name = function (f) { return f; };',
    `Promise.resolve().then(function () { return (${fnSource})(arg); }).then(`,
    '  function (value) { done({ ok: true, value: value === undefined ? null : value }); },',
    '  function (err) { done({ ok: false, error: String(err) + (err && err.stack ? " at " + err.stack : "") }); });',
  ].join('\n');
}

const liveDrivers = new Set<ChildProcess>();
process.once('exit', () => {
  for (const proc of liveDrivers) killGroup(proc);
});

function killGroup(proc: ChildProcess): void {
  if (proc.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
  try {
    process.kill(-proc.pid, 'SIGKILL'); // the driver and the cog it started
  } catch {
    // already gone
  }
}

/** A port nothing listens on now (127.0.0.1). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export class WebDriverError extends Error {
  constructor(readonly command: string, readonly status: number, readonly body: unknown) {
    super(`WebDriver ${command}: ${status} ${JSON.stringify(body).slice(0, 2000)}`);
    this.name = 'WebDriverError';
  }
}

export class WpeTvPage implements TvPage {
  readonly engine = 'wpe' as const;

  private constructor(
    private readonly driver: ChildProcess,
    private readonly base: string,
    private readonly sessionId: string,
    /** The tail of what WPEWebDriver and cog printed (a crashed web process says so there). */
    private readonly output: () => string,
  ) {}

  /** The media journal of the last QA state read (what the players did just before a hang), with when it was read. */
  private lastJournal: { readAtMs: number; entries: string[] } | null = null;

  /** Starts WPEWebDriver on a free port and a headless cog session in it. */
  static async open(): Promise<WpeTvPage> {
    const port = await freePort();
    const driver = spawn(TV_BROWSER_DEFAULTS.wpeDriverPath, [`--port=${port}`], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    liveDrivers.add(driver);
    driver.once('exit', () => liveDrivers.delete(driver));
    let output = '';
    driver.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    driver.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    const base = `http://127.0.0.1:${port}`;
    try {
      const until = Date.now() + TV_BROWSER_DEFAULTS.driverStartTimeoutMs;
      for (;;) {
        if (driver.exitCode !== null) throw new Error(`WPEWebDriver exited with ${driver.exitCode}: ${output}`);
        const ready = await fetch(`${base}/status`).then((r) => r.ok, () => false);
        if (ready) break;
        if (Date.now() > until) throw new Error(`WPEWebDriver did not answer on ${base}: ${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const created = (await command(base, 'POST', '/session', {
        capabilities: {
          alwaysMatch: {
            'wpe:browserOptions': { binary: TV_BROWSER_DEFAULTS.cogPath, args: TV_BROWSER_DEFAULTS.cogArgs },
            timeouts: { script: TV_BROWSER_DEFAULTS.scriptTimeoutMs, pageLoad: TV_BROWSER_DEFAULTS.pageLoadTimeoutMs, implicit: 0 },
          },
        },
      })) as { sessionId: string };
      return new WpeTvPage(driver, base, created.sessionId, () => output);
    } catch (err) {
      killGroup(driver);
      throw err;
    }
  }

  private async session(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    try {
      return await command(this.base, method, `/session/${this.sessionId}${path}`, body);
    } catch (err) {
      // The session is gone when cog or its web process died, or it hangs: what they printed says why.
      const hung = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      if ((err instanceof WebDriverError && err.status === 404) || hung) {
        const stacks = hung ? `\n${await webProcessStacks(this.driver.pid)}` : '';
        const journal = this.lastJournal
          ? `\nThe players' last media events (page ms), read ${Date.now() - this.lastJournal.readAtMs} ms before this:\n${this.lastJournal.entries.join('\n')}`
          : '';
        throw new Error(`WebDriver ${method} ${path}: ${hung ? `no answer in ${TV_BROWSER_DEFAULTS.commandTimeoutMs} ms` : (err as Error).message}${journal}\nWPEWebDriver and cog printed:\n${this.output().slice(-1500)}${stacks}`);
      }
      throw err;
    }
  }

  async goto(url: string): Promise<void> {
    await this.session('POST', '/url', { url });
  }

  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  async evaluate<R, A>(fn: (arg?: A) => R | Promise<R>, arg?: A): Promise<R> {
    const result = (await this.session('POST', '/execute/async', { script: webDriverScript(fn.toString()), args: [arg ?? null] })) as
      | { ok: true; value: R }
      | { ok: false; error: string };
    if (!result.ok) throw new Error(`evaluate in WPE failed: ${result.error}`);
    const journal = (result.value as { mediaJournal?: unknown } | null)?.mediaJournal;
    if (Array.isArray(journal)) this.lastJournal = { readAtMs: Date.now(), entries: journal.map(String) };
    return result.value;
  }

  async press(key: string): Promise<void> {
    const value = webDriverKey(key);
    await this.session('POST', '/actions', { actions: [{ type: 'key', id: 'remote', actions: [{ type: 'keyDown', value }, { type: 'keyUp', value }] }] });
  }

  async screenshot(): Promise<Buffer> {
    return Buffer.from((await this.session('GET', '/screenshot')) as string, 'base64');
  }

  async close(): Promise<void> {
    if (this.driver.exitCode !== null || this.driver.signalCode !== null) return;
    await this.session('DELETE', '').catch(() => {});
    const exited = new Promise((r) => this.driver.once('exit', r));
    killGroup(this.driver);
    await exited;
  }
}

async function command(base: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${base}${path}`, {
    signal: AbortSignal.timeout(TV_BROWSER_DEFAULTS.commandTimeoutMs),
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const parsed = (text ? JSON.parse(text) : {}) as { value?: unknown };
  if (!res.ok) throw new WebDriverError(`${method} ${path}`, res.status, parsed.value ?? parsed);
  return parsed.value ?? null;
}

export class WpeTvBrowser implements TvBrowser {
  readonly engine = 'wpe' as const;
  private readonly pages = new Set<WpeTvPage>();

  async newPage(): Promise<WpeTvPage> {
    const page = await WpeTvPage.open();
    this.pages.add(page);
    return page;
  }

  async close(): Promise<void> {
    await Promise.all([...this.pages].map((p) => p.close()));
    this.pages.clear();
  }
}
