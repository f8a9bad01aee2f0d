// Fast fan-out for a single broker node: server-originated QoS 0, non-retained messages (beacon,
// chat, reactions, control/sync) are encoded ONCE and written straight to every local subscriber's
// socket, instead of one packet object, one serialization and one setImmediate per subscriber.
// Subscriptions are mirrored from Aedes' subscribe/unsubscribe/disconnect events. A subscriber
// whose socket is backed up beyond `maxBufferedBytes` skips the message (QoS 0 may be lost;
// memory stays bounded). With Redis (several nodes) the broker uses Aedes' own path instead.
import type { Client } from 'aedes';
import { writeFrameDirect } from './aedes-internals.js';
import { encodePublishFrame } from './mqtt-wire.js';

/** MQTT topic filter matching (+, #; wildcards never match $-topics at the first level). */
export function topicMatches(filter: string, topic: string): boolean {
  if (filter === topic) return true;
  if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    const level = f[i];
    if (level === '#') return true;
    if (i >= t.length) return false;
    if (level !== '+' && level !== t[i]) return false;
  }
  return f.length === t.length;
}

export class LocalFanout {
  private readonly byFilter = new Map<string, Set<Client>>();
  private readonly byClient = new Map<Client, Set<string>>();
  private readonly matchCache = new Map<string, string[]>();

  constructor(private readonly options: { maxBufferedBytes: number }) {}

  subscribed(client: Client, filter: string): void {
    let clients = this.byFilter.get(filter);
    if (!clients) {
      this.byFilter.set(filter, (clients = new Set()));
      this.matchCache.clear();
    }
    clients.add(client);
    let filters = this.byClient.get(client);
    if (!filters) this.byClient.set(client, (filters = new Set()));
    filters.add(filter);
  }

  unsubscribed(client: Client, filter: string): void {
    this.byClient.get(client)?.delete(filter);
    const clients = this.byFilter.get(filter);
    if (!clients) return;
    clients.delete(client);
    if (clients.size === 0) {
      this.byFilter.delete(filter);
      this.matchCache.clear();
    }
  }

  disconnected(client: Client): void {
    for (const filter of this.byClient.get(client) ?? []) this.unsubscribed(client, filter);
    this.byClient.delete(client);
  }

  /** Writes the message to every local subscriber; returns how many sockets it was written to. */
  deliver(topic: string, payload: string): number {
    const filters = this.filtersFor(topic);
    if (filters.length === 0) return 0;
    const frame = encodePublishFrame(topic, payload);
    const sets = filters.map((f) => this.byFilter.get(f)).filter((s): s is Set<Client> => s !== undefined);
    // One matching filter (the usual case): no de-duplication needed.
    const targets: Iterable<Client> = sets.length === 1 && sets[0] ? sets[0] : new Set(sets.flatMap((s) => [...s]));
    let written = 0;
    for (const client of targets) {
      if (writeFrameDirect(client, frame, { maxBufferedBytes: this.options.maxBufferedBytes })) written++;
    }
    return written;
  }

  private filtersFor(topic: string): string[] {
    let filters = this.matchCache.get(topic);
    if (!filters) {
      filters = [...this.byFilter.keys()].filter((f) => topicMatches(f, topic));
      if (this.matchCache.size > 10_000) this.matchCache.clear();
      this.matchCache.set(topic, filters);
    }
    return filters;
  }
}
