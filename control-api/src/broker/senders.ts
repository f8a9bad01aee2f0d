// Who a viewer is in chat and reactions, fixed when it connects: the name chat shows (derived from its
// device id, or from its client id when anonymous, never the id itself) and the key its chat and
// reaction limits count against: the device id (a device's tabs share one limit) or, for an anonymous
// client, its source address (a new client id resets nothing; the client id only when no address is known).
import type { IncomingMessage } from 'node:http';
import type { Client } from 'aedes';
import type { DeviceIdentity } from '../services/devices/device-identity.js';

export interface Sender {
  /** What chat shows: "Viewer 3FA2". */
  name: string;
  /** What the chat interval and the reaction allowance count against. */
  limitKey: string;
}

/** The source address of a connection: the WebSocket upgrade request's, else the TCP socket's. */
export function remoteAddressOf(client: Pick<Client, 'conn'> & { req?: IncomingMessage | undefined }): string | null {
  const fromRequest = client.req?.socket?.remoteAddress;
  if (typeof fromRequest === 'string' && fromRequest.length > 0) return fromRequest;
  const fromSocket = (client.conn as { remoteAddress?: unknown }).remoteAddress;
  return typeof fromSocket === 'string' && fromSocket.length > 0 ? fromSocket : null;
}

export class Senders {
  private readonly byClient = new WeakMap<Client, Sender>();

  constructor(private readonly devices: DeviceIdentity) {}

  /** Fixes who `client` is at connect: a device (its checked device id) or anonymous (deviceId null). */
  admit(client: Client, deviceId: string | null): Sender {
    const sender = this.describe(client, deviceId);
    this.byClient.set(client, sender);
    return sender;
  }

  /** Who `client` is (as admitted; a client never admitted counts as anonymous). */
  of(client: Client): Sender {
    return this.byClient.get(client) ?? this.describe(client, null);
  }

  private describe(client: Client, deviceId: string | null): Sender {
    return describeSender(this.devices, { deviceId, clientId: client.id, address: remoteAddressOf(client) });
  }
}

/** Who a sender is: a device by its id, else its client id, limited per device, source address or (no address known) client id. */
export function describeSender(devices: DeviceIdentity, who: { deviceId: string | null; clientId: string; address: string | null }): Sender {
  if (who.deviceId !== null) return { name: devices.nameOf(who.deviceId), limitKey: `device:${who.deviceId}` };
  return { name: devices.nameOf(who.clientId), limitKey: who.address !== null ? `addr:${who.address}` : `client:${who.clientId}` };
}
