// Test builders for the broker: settings from the project's settings.json with overrides, a fake
// lineup (fixed-length programs aligned on multiples of programMs), an in-memory chat store.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { validateSettings } from '../../src/config/load-settings.js';
import type { Settings } from '../../src/contracts/settings-schema.js';
import type { NowSource } from '../../src/broker/now-source.js';
import type { ChannelNow, AiringProgram } from '../../src/contracts/now.js';
import type { ChatMessage } from '../../src/contracts/chat.js';
import type { ViewerClient } from '../../src/viewer/viewer-client.js';
import mqtt from 'mqtt';
import { Topics, encode } from '#core/protocol.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export function testSettings(env: Record<string, string> = {}, patch?: (s: Settings['services']) => void): Settings {
  const raw = JSON.parse(readFileSync(resolve(root, 'settings.json'), 'utf8')) as { services: Settings['services'] };
  raw.services.mqtt.port = 0;
  raw.services.mqtt.host = '127.0.0.1';
  raw.services.http.port = 0;
  raw.services.http.host = '127.0.0.1';
  raw.services.mqtt.serverPassword = 'test-server-password';
  raw.services.chat.minIntervalMs = 0;
  patch?.(raw.services);
  return validateSettings(raw, root, env);
}

export class FakeLineup implements NowSource {
  private listeners = new Set<() => void>();
  private v = 1;
  /** How often the whole lineup was asked for (a boundary asks for its channel only). */
  nowAllCalls = 0;
  constructor(
    public channels: string[],
    readonly programMs: number,
  ) {}

  private program(channelId: string, k: number): AiringProgram {
    const startMs = k * this.programMs;
    const endMs = startMs + this.programMs;
    return {
      id: `${channelId}-p${k}`,
      channelId,
      assetId: 'asset1',
      title: `Program ${k}`,
      startMs,
      endMs,
      inMs: 0,
      outMs: this.programMs,
      kind: 'program',
      part: 1,
      parts: 1,
      resumesAtMs: null,
      dashUrl: '/media/asset1/manifest.mpd',
      hlsUrl: '/media/asset1/master.m3u8',
      posterUrl: null,
      start: new Date(startMs).toISOString(),
      end: new Date(endMs).toISOString(),
    };
  }

  nowOf(channelId: string, t: number): ChannelNow {
    const k = Math.floor(t / this.programMs);
    const current = this.program(channelId, k);
    return {
      serverTimeMs: Math.round(t),
      channel: { id: channelId, number: this.channels.indexOf(channelId) + 1, name: channelId, logoUrl: null, group: '' },
      current,
      next: this.program(channelId, k + 1),
      program: current,
      offsetMs: Math.round(t - current.startMs),
    };
  }

  async nowAll(t: number): Promise<ChannelNow[]> {
    this.nowAllCalls += 1;
    return this.channels.map((c) => this.nowOf(c, t));
  }

  async now(channelId: string, t: number): Promise<ChannelNow | null> {
    return this.channels.includes(channelId) ? this.nowOf(channelId, t) : null;
  }

  async nextBoundaryAfter(channelId: string, t: number): Promise<number | null> {
    if (!this.channels.includes(channelId)) return null;
    return (Math.floor(t / this.programMs) + 1) * this.programMs;
  }

  version(): number {
    return this.v;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  change(channels: string[]): void {
    this.channels = channels;
    this.v++;
    for (const l of this.listeners) l();
  }
}

export class MemoryChatStore {
  readonly messages: ChatMessage[] = [];
  async appendChat(message: ChatMessage, keep: number): Promise<void> {
    this.messages.push(message);
    const mine = this.messages.filter((m) => m.channelId === message.channelId);
    if (mine.length > keep) this.messages.splice(this.messages.indexOf(mine[0] as ChatMessage), 1);
  }
}

/** Resolves when `pred` holds (checked every 10 ms), rejects after timeoutMs. */
export async function waitFor(pred: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Resolves once the broker has judged everything `v` published before: a time request goes last and
 * its reply comes back (the broker handles one client's publishes in order). The t0 is not one of
 * the viewer's own requests, so its clock counts the reply as unknown and is otherwise untouched.
 */
export async function judged(v: ViewerClient, timeoutMs = 5000): Promise<void> {
  const before = v.clock.counters().unknown;
  v.publishRaw(Topics.timeRequest(v.clientId), encode({ v: 1, t0: 1 }));
  await waitFor(() => v.clock.counters().unknown > before, timeoutMs, `the broker's reply to ${v.clientId}`);
}

/**
 * A connected viewer's time exchanges while something else happens: from `start()` it sends a time
 * request every `everyMs` on its own connection and times each reply; `stop()` returns the round
 * trips (ms) and their p95.
 */
export async function exchangeProbe(url: string, clientId: string, everyMs = 20): Promise<{ start(): void; stop(): { rtts: number[]; p95: number }; client: mqtt.MqttClient }> {
  const client = await mqtt.connectAsync(url, { clientId, reconnectPeriod: 0 });
  await client.subscribeAsync(Topics.timeResponse(clientId));
  const pending = new Map<number, number>();
  const rtts: number[] = [];
  client.on('message', (_topic, payload) => {
    const sent = pending.get((JSON.parse(payload.toString()) as { t0: number }).t0);
    if (sent !== undefined) rtts.push(performance.now() - sent);
  });
  let timer: ReturnType<typeof setInterval> | null = null;
  let n = 0;
  return {
    client,
    start() {
      timer = setInterval(() => {
        n += 1;
        pending.set(n, performance.now());
        client.publish(Topics.timeRequest(clientId), encode({ v: 1, t0: n }));
      }, everyMs);
    },
    stop() {
      if (timer) clearInterval(timer);
      const sorted = [...rtts].sort((a, b) => a - b);
      return { rtts, p95: sorted[Math.floor(sorted.length * 0.95)] ?? Number.NaN };
    },
  };
}

export function brokerSettings(s: Settings) {
  const v = s.services;
  return { mqtt: v.mqtt, time: v.time, chat: v.chat, reactions: v.reactions };
}
