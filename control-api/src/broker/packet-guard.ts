// A memory guard below the policy: Aedes' MQTT parser buffers a whole packet before any hook sees
// it, so a peer announcing a huge packet could make the broker hold it all. This caps the
// announced packet length per connection by wrapping the parser's length step; a larger packet
// closes that connection at once. It relies on an Aedes internal (`client._parser`): if a future
// version renames it, the guard reports itself unavailable and the policy's payload check
// (authorizePublish) still refuses oversize publishes, just after buffering them.
import type { Client } from 'aedes';

interface ParserInternals {
  _parseLength: () => boolean;
  packet: { length: number };
  _emitError?: (err: Error) => void;
}

export function guardPacketSize(client: Client, maxPacketBytes: number): boolean {
  const parser = (client as unknown as { _parser?: Partial<ParserInternals> })._parser;
  if (!parser || typeof parser._parseLength !== 'function' || typeof parser.packet !== 'object') return false;
  const original = parser._parseLength.bind(parser);
  const guarded: ParserInternals = parser as ParserInternals;
  guarded._parseLength = () => {
    const ok = original();
    if (ok && guarded.packet.length > maxPacketBytes) {
      client.conn.destroy(new Error(`packet of ${guarded.packet.length} bytes over the ${maxPacketBytes} byte limit`));
      return false;
    }
    return ok;
  };
  return true;
}
