// A shaped link in user space, for kernels without netem (this machine's: `tc qdisc … netem` is an
// unknown kind): a TCP relay on the server host's link address that forwards each connection to the
// broker, holding every chunk for its direction's delay plus normal jitter, in order (TCP never
// reorders), and a lost packet as TCP would see it: the chunk (and all behind it) waits one minimum
// retransmission timeout (200 ms on Linux) more.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface Shape {
  delayMs: number;
  jitterMs?: number;
  lossPct?: number;
}

export const RELAY_DEFAULTS = {
  retransmitMs: 200, // Linux's minimum RTO: what a lost segment costs before TCP sends it again
};

/** Standard normal sample (Box-Muller) from a uniform source. */
function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** One direction: chunks leave in order, each no earlier than its arrival plus the shaped delay. */
function delayLine(from: Socket, to: Socket, shape: Shape, random: () => number): void {
  let lastDue = 0;
  from.on('data', (chunk) => {
    const now = performance.now();
    let delay = shape.delayMs + (shape.jitterMs ? normal(random) * shape.jitterMs : 0);
    if (shape.lossPct && random() * 100 < shape.lossPct) delay += RELAY_DEFAULTS.retransmitMs;
    const due = Math.max(now + Math.max(0, delay), lastDue);
    lastDue = due;
    setTimeout(() => {
      if (!to.destroyed) to.write(chunk);
    }, due - now);
  });
  from.on('close', () => setTimeout(() => to.destroy(), Math.max(0, lastDue - performance.now())));
}

export interface ShapedRelay {
  port: number;
  close(): Promise<void>;
}

export async function startShapedRelay(options: { host: string; target: { host: string; port: number }; toViewer: Shape; toServer: Shape; random?: () => number }): Promise<ShapedRelay> {
  const random = options.random ?? Math.random;
  const sockets = new Set<Socket>();
  const server: Server = createServer((viewer) => {
    viewer.setNoDelay(true);
    const upstream = connect(options.target.port, options.target.host);
    upstream.setNoDelay(true);
    for (const s of [viewer, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    delayLine(viewer, upstream, options.toServer, random);
    delayLine(upstream, viewer, options.toViewer, random);
  });
  await new Promise<void>((resolve) => server.listen(0, options.host, resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
