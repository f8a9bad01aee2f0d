// The server as a real process for the stop and crash tests: `npm start`, or its entry under node
// (what npm start runs), in a process group of its own as under a terminal or a service manager, on
// free ports with the data and content folders of a test. Resolves once it prints the TV app's URL.
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const SERVER_PROCESS_DEFAULTS = { startTimeoutMs: 150_000 }; // milliseconds to print the URL (includes a TV app build)

export interface ServerProcess {
  proc: ChildProcess;
  /** http://host:port of the TV app and the API. */
  baseUrl: string;
  /** Everything the process printed so far. */
  out(): string;
}

/** The environment of a server on free ports over `dir`'s data and content folders, with `extra` on top. */
export function serverEnv(dir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: '0',
    MQTT_PORT: '0',
    HOST: '127.0.0.1',
    STREAMSYNC_DATA_DIR: join(dir, 'data'),
    STREAMSYNC_CONTENT_DIR: join(dir, 'content'),
    ...extra,
  };
}

export async function startServerProcess(how: 'npm' | 'node', env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const [command, args] = how === 'npm' ? ['npm', ['start', '--silent']] : [process.execPath, ['--import', 'tsx', join(REPO, 'control-api/src/main.ts')]];
  const proc = spawn(command, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  const baseUrl = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${how === 'npm' ? 'npm start' : 'the server'} did not come up:\n${out.slice(-3000)}`)), SERVER_PROCESS_DEFAULTS.startTimeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /TV app\s+(http:\/\/[^\s/]+)\//.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${how === 'npm' ? 'npm start' : 'the server'} exited with ${code}:\n${out.slice(-3000)}`));
    });
  });
  return { proc, baseUrl, out: () => out };
}
