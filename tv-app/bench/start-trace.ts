// Where the milliseconds of a cold start go, from the page's own Performance API (navigation and
// resource timing, milliseconds since navigation): DOMContentLoaded, the app bundle loaded, its
// first API request (/health or /v1/...: the app has booted), the first "what is on" answer (GET /v1/channels/:id/now or /v1/now), the manifest of the program on
// air and its first media segment (request start, response end), then the first frame and the
// first correctly-timed frame (from the probes). bench:tv prints the p50 of each step over its runs.
import type { Page } from 'playwright-core';
import { ASSET_FILES } from '#core/content-layout.js';
import { percentileOf } from '#bench-report/tv-result.js';

export const START_TRACE_DEFAULTS = {
  resourceTimingEntries: 2_000, // resource timing buffer (the browser's default of 250 can fill while a page zaps)
};

/** Init script: room for every request of a run in the resource timing buffer. */
export const START_TRACE_SETUP_SOURCE = `if (performance.setResourceTimingBufferSize) performance.setResourceTimingBufferSize(${START_TRACE_DEFAULTS.resourceTimingEntries});`;

export const TRACE_STEPS = [
  { id: 'dom-content-loaded', label: 'DOMContentLoaded' },
  { id: 'app-script', label: 'app script loaded (appBundle.js)' },
  { id: 'api-start', label: 'first API request start' },
  { id: 'now-response', label: 'first /now response' },
  { id: 'manifest-start', label: 'manifest request start' },
  { id: 'manifest-end', label: 'manifest response end' },
  { id: 'segment-start', label: 'first media segment request start' },
  { id: 'segment-end', label: 'first media segment response end' },
  { id: 'first-frame', label: 'first frame on screen' },
  { id: 'first-correct-frame', label: 'first correctly-timed frame' },
] as const;

export type TraceStepId = (typeof TRACE_STEPS)[number]['id'];
/** Milliseconds since navigation of each step of one cold start; null where the page has no such entry. */
export type StartTrace = Record<TraceStepId, number | null>;
type NetworkSteps = Omit<StartTrace, 'first-frame' | 'first-correct-frame'>;

const mediaSegmentPattern = `/${ASSET_FILES.mediaSegment.replace(/\$[^$]+\$/g, '[^/]*').replace(/\./g, '\\.')}$`;

/** Runs in the page (a string: no bundler helpers reach it). `arg.mediaUrl`: the manifest on air at the first frame. */
const NETWORK_STEPS_SOURCE = `(arg) => {
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const path = (u) => { try { return new URL(u, location.href).pathname; } catch (e) { return ''; } };
  const first = (test) => res.find((r) => test(path(r.name))) || null;
  const manifestPath = arg.mediaUrl ? path(arg.mediaUrl) : null;
  const manifest = first((p) => (manifestPath ? p === manifestPath : /\\.mpd$/.test(p)));
  const folder = manifest ? path(manifest.name).replace(/[^/]*$/, '') : null;
  const segmentRe = new RegExp(${JSON.stringify(mediaSegmentPattern)});
  const segment = manifest ? res.find((r) => r.startTime >= manifest.startTime && path(r.name).startsWith(folder) && segmentRe.test(path(r.name))) || null : null;
  const app = first((p) => /\\/appBundle\\.js$/.test(p));
  const now = first((p) => /^\\/v1\\/(channels\\/[^/]+\\/)?now$/.test(p));
  const api = first((p) => /^\\/(v1\\/|health$)/.test(p));
  return {
    'dom-content-loaded': nav ? nav.domContentLoadedEventEnd : null,
    'app-script': app ? app.responseEnd : null,
    'api-start': api ? api.startTime : null,
    'now-response': now ? now.responseEnd : null,
    'manifest-start': manifest ? manifest.startTime : null,
    'manifest-end': manifest ? manifest.responseEnd : null,
    'segment-start': segment ? segment.startTime : null,
    'segment-end': segment ? segment.responseEnd : null,
  };
}`;

/** The network steps of the cold start `page` made (read after its first frame). */
export async function readNetworkSteps(page: Page, mediaUrl: string | null): Promise<NetworkSteps> {
  return page.evaluate(`(${NETWORK_STEPS_SOURCE})(${JSON.stringify({ mediaUrl })})`) as Promise<NetworkSteps>;
}

/** p50 of each step over the runs (null where no run had it). */
export function traceP50(traces: readonly StartTrace[]): StartTrace {
  const out = {} as StartTrace;
  for (const { id } of TRACE_STEPS) out[id] = percentileOf(traces.map((t) => t[id] ?? NaN), 50);
  return out;
}

const ms = (x: number | null) => (x === null ? 'n/a' : x.toFixed(0));

/** The trace, one line per step: p50 since navigation and the step from the previous p50. */
export function printStartTrace(title: string, traces: readonly StartTrace[]): void {
  const p50 = traceP50(traces);
  console.log(`${title} (p50 over ${traces.length} runs, ms since navigation; + from the step before)`);
  let before: number | null = 0;
  for (const { id, label } of TRACE_STEPS) {
    const v = p50[id];
    const step = v !== null && before !== null ? `+${(v - before).toFixed(0)}` : '';
    console.log(`  ${label.padEnd(36)} ${ms(v).padStart(6)}  ${step.padStart(6)}`);
    if (v !== null) before = v;
  }
}
