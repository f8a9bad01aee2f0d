// bench helper — a minimal MQTT 3.1.1 client over raw TCP (CONNECT, SUBSCRIBE QoS 0, PUBLISH
// parsing, and PUBLISH QoS 0 out for time requests), so thousands of simulated viewers per process cost the receiving side little and the
// fan-out bench measures the broker rather than the client library.
import { connect, type Socket } from 'node:net';

function remainingLength(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

function str(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(b.length);
  return Buffer.concat([len, b]);
}

function packet(type: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type, ...remainingLength(body.length)]), body]);
}

export interface LiteSubscriber {
  socket: Socket;
  /** PUBLISH at QoS 0, not retained. */
  publish(topic: string, payload: string): void;
  close(): void;
}

/** A QoS 0 PUBLISH packet. */
export function publishPacket(topic: string, payload: string): Buffer {
  return packet(0x30, Buffer.concat([str(topic), Buffer.from(payload, 'utf8')]));
}

/** Connects, subscribes to `filters` and calls onMessage for every PUBLISH; resolves on SUBACK. */
export function liteSubscribe(
  options: { host: string; port: number; clientId: string; filters: string[] },
  onMessage: (topic: string, payload: Buffer) => void,
): Promise<LiteSubscriber> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: options.host, port: options.port, noDelay: true });
    let buf: Buffer = Buffer.alloc(0);
    let subscribed = false;
    socket.once('error', reject);
    socket.on('connect', () => {
      const connectBody = Buffer.concat([str('MQTT'), Buffer.from([4, 0x02, 0, 0]), str(options.clientId)]);
      socket.write(packet(0x10, connectBody));
      const subBody = Buffer.concat([Buffer.from([0, 1]), ...options.filters.map((f) => Buffer.concat([str(f), Buffer.from([0])]))]);
      socket.write(packet(0x82, subBody));
    });
    socket.on('data', (chunk: Buffer) => {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      for (;;) {
        if (buf.length < 2) return;
        let len = 0;
        let mul = 1;
        let i = 1;
        let byte: number;
        do {
          if (i >= buf.length) return;
          byte = buf[i++] ?? 0;
          len += (byte & 0x7f) * mul;
          mul *= 128;
        } while (byte & 0x80);
        if (buf.length < i + len) return;
        const header = buf[0] ?? 0;
        const type = header >> 4;
        const body = buf.subarray(i, i + len);
        buf = buf.subarray(i + len);
        if (type === 3) {
          const tlen = body.readUInt16BE(0);
          const qos = (header >> 1) & 3;
          const start = 2 + tlen + (qos > 0 ? 2 : 0);
          onMessage(body.subarray(2, 2 + tlen).toString('utf8'), body.subarray(start));
        } else if (type === 9 && !subscribed) {
          subscribed = true;
          resolve({ socket, publish: (topic, payload) => socket.write(publishPacket(topic, payload)), close: () => socket.destroy() });
        } else if (type === 2 && body[1] !== 0) {
          reject(new Error(`CONNACK refused: ${body[1]}`));
        }
      }
    });
  });
}
