// The protocol on a standard broker, for integration tests: Debian's Mosquitto with the configuration
// `npm run broker:config -- --mosquitto` writes, and this server's service node(s) as its clients
// (no Aedes), fed by a FakeLineup. Viewers connect to Mosquitto over TCP or WebSockets.
import { randomBytes } from 'node:crypto';
import { createServiceNode, type ServiceNode } from '../../../src/broker/external/service-node.js';
import { createDeviceIdentity } from '../../../src/services/devices/device-identity.js';
import type { Settings } from '../../../src/contracts/settings-schema.js';
import type { ProtocolServer } from '../harness.js';
import { FakeLineup, MemoryChatStore, testSettings } from '../helpers.js';
import { SERVICE_PASSWORD, startMosquitto, type MosquittoServer } from '../mosquitto/mosquitto-server.js';

export interface ExternalHarness extends ProtocolServer {
  broker: MosquittoServer;
  /** The service nodes serving the protocol through the broker. */
  nodes: ServiceNode[];
  publishSync(channelId?: string): void;
}

export async function startExternalHarness(options: { programMs?: number; settings?: Settings; instances?: number } = {}): Promise<ExternalHarness> {
  const base = options.settings ?? testSettings();
  const settings: Settings = { ...base, services: { ...base.services, mqtt: { ...base.services.mqtt, serverPassword: SERVICE_PASSWORD } } };
  const broker = await startMosquitto({ maxPayloadBytes: settings.services.mqtt.maxPayloadBytes });
  const lineup = new FakeLineup(['ch1', 'ch2'], options.programMs ?? 60_000);
  const store = new MemoryChatStore();
  const devices = createDeviceIdentity(randomBytes(32));
  const s = settings.services;
  const nodes: ServiceNode[] = [];
  for (let i = 0; i < (options.instances ?? 1); i++) {
    nodes.push(
      await createServiceNode({
        url: broker.tcpUrl,
        settings: { mqtt: s.mqtt, time: s.time, chat: s.chat, reactions: s.reactions },
        now: lineup,
        store,
        devices,
        clock: Date.now,
        // One beacon for the deployment: the first instance's.
        ...(i === 0 ? {} : { beacon: false }),
      }),
    );
  }
  return {
    broker,
    nodes,
    lineup,
    store,
    devices,
    settings,
    tcpUrl: broker.tcpUrl,
    wsUrl: broker.wsUrl,
    publishSync: (channelId) => nodes[0]?.publishSync(channelId),
    close: async () => {
      await Promise.all(nodes.map((n) => n.close()));
      await broker.stop();
    },
  };
}
