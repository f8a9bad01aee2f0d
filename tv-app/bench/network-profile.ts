// The viewer's network in bench:tv: loopback as it is, or shaped by Chromium's DevTools network
// conditions (`Network.emulateNetworkConditions` through a CDP session of the page): added latency
// per request and a throughput cap in each direction. HTTP only: DevTools does not shape WebSockets,
// so the broker link (MQTT over WebSocket) stays on loopback in both profiles.
import type { Page } from 'playwright-core';

export interface NetworkProfile {
  id: 'loopback' | 'throttled';
  /** For people: 'loopback', '20 Mbit/s, 40 ms RTT'. */
  label: string;
  latencyMs: number; // milliseconds DevTools adds to every request (its RTT)
  throughputBitsPerSecond: number | null; // each direction; null: not capped
}

export const NETWORK_PROFILES: Readonly<Record<NetworkProfile['id'], NetworkProfile>> = {
  loopback: { id: 'loopback', label: 'loopback', latencyMs: 0, throughputBitsPerSecond: null },
  throttled: { id: 'throttled', label: '20 Mbit/s, 40 ms RTT', latencyMs: 40, throughputBitsPerSecond: 20e6 },
};

/** Shapes `page`'s network as `profile` says; call before its first navigation. Loopback changes nothing. */
export async function applyNetworkProfile(page: Page, profile: NetworkProfile): Promise<void> {
  if (profile.latencyMs === 0 && profile.throughputBitsPerSecond === null) return;
  // The session stays attached for the page's life (detaching it would lift the conditions).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const bytesPerSecond = profile.throughputBitsPerSecond === null ? -1 : profile.throughputBitsPerSecond / 8; // -1: no cap
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: profile.latencyMs,
    downloadThroughput: bytesPerSecond,
    uploadThroughput: bytesPerSecond,
  });
}
