// Where ffmpeg reads a channel from: the API's own HLS master (`/live/{id}/master.m3u8`), over the
// loopback interface at the port the API listens on. Asked per remux start, so it follows the real
// port (settings may say 0 = any free port).
import type { AddressInfo } from 'node:net';
import { liveHlsMasterPath } from '../../contracts/live-paths.js';
import { LiveTsErrors } from './errors.js';

/** `http://<loopback>:<port>` for a listening address; a wildcard address is reached over loopback. */
export function loopbackOrigin(address: Pick<AddressInfo, 'address' | 'family' | 'port'>): string {
  const v6 = address.family === 'IPv6' || address.address.includes(':');
  let host = address.address;
  if (host === '0.0.0.0' || host === '') host = '127.0.0.1';
  else if (host === '::' || host === '::0') host = '::1';
  return `http://${v6 ? `[${host}]` : host}:${address.port}`;
}

/** The input URL builder of a server: its listening address at the time of the call. */
export function selfInputUrl(server: { address(): AddressInfo | string | null }): (channelId: string) => string {
  return (channelId) => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new LiveTsErrors.NoInput();
    return `${loopbackOrigin(address)}${liveHlsMasterPath(channelId)}`;
  };
}
