// A viewer host of its own on this machine: a network namespace (its own network stack) joined to
// this one by a veth pair. Needs root and Debian's iproute2. The link is shaped by shaped-relay.ts
// (this machine's kernel has no netem).
import { execFileSync } from 'node:child_process';

export interface ViewerHost {
  /** The namespace's name (`ip netns exec <name> …` runs a process on the viewer host). */
  name: string;
  /** This host's address on the link (servers listen here) and the viewer host's. */
  serverIp: string;
  viewerIp: string;
  destroy(): void;
}

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/** Creates the viewer host; `slot` (0-250) keeps concurrent hosts' names and addresses apart. */
export function createViewerHost(slot: number): ViewerHost {
  const name = `sstv${process.pid % 10_000}n${slot}`;
  const hostDev = `sstv${process.pid % 10_000}a${slot}`;
  const viewerDev = `sstv${process.pid % 10_000}b${slot}`;
  const serverIp = `10.231.${slot}.1`;
  const viewerIp = `10.231.${slot}.2`;
  run('ip', ['netns', 'add', name]);
  try {
    run('ip', ['link', 'add', hostDev, 'type', 'veth', 'peer', 'name', viewerDev]);
    run('ip', ['link', 'set', viewerDev, 'netns', name]);
    run('ip', ['addr', 'add', `${serverIp}/30`, 'dev', hostDev]);
    run('ip', ['link', 'set', hostDev, 'up']);
    run('ip', ['netns', 'exec', name, 'ip', 'addr', 'add', `${viewerIp}/30`, 'dev', viewerDev]);
    run('ip', ['netns', 'exec', name, 'ip', 'link', 'set', viewerDev, 'up']);
    run('ip', ['netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up']);
  } catch (err) {
    run('ip', ['netns', 'del', name]);
    throw err;
  }
  return {
    name,
    serverIp,
    viewerIp,
    destroy() {
      try {
        run('ip', ['link', 'del', hostDev]); // takes its peer with it
      } catch {
        // already gone
      }
      run('ip', ['netns', 'del', name]);
    },
  };
}
