// Where the milliseconds of a cold start go, from the page's own Performance API (milliseconds since
// navigation), as one timeline:
// - navigation and resource timing: DOMContentLoaded, the app bundle loaded, its first API request
//   (/health or /v1/...: the app has booted), the first "what is on" answer (GET /v1/channels/:id/now
//   or /v1/now), the manifest of the program on air and its first media segment (request start,
//   response end);
// - the app's own User Timing marks (tv-app/src/lib/util/boot-marks.ts): streamsync:launch (the
//   bundle's entry runs), streamsync:app-setup (App._setup), streamsync:player-start (the player
//   page's services running), streamsync:lineup (lineup and a first clock sample in), and the first
//   streamsync:tune and streamsync:load (a load command after its now/next); a build or an engine
//   without them gives n/a;
// - the first frame and the first correctly-timed frame (from the probes).
// bench:tv prints the p50 of each step over its runs, in the order of those p50s.
import type { Page } from 'playwright-core';
import { ASSET_FILES } from '#core/content-layout.js';
import { percentileOf } from '#bench-report/tv-result.js';

export const START_TRACE_DEFAULTS = {
  resourceTimingEntries: 2_000, // resource timing buffer (the browser's default of 250 can fill while a page zaps)
};

/** Init script: room for every request of a run in the resource timing buffer. */
export const START_TRACE_SETUP_SOURCE = `if (performance.setResourceTimingBufferSize) performance.setResourceTimingBufferSize(${START_TRACE_DEFAULTS.resourceTimingEntries});`;

/**
 * The steps in the order a cold start usually takes them (a step without a figure keeps this place
 * when printed; the others are printed in the order of their p50s). `mark`: a User Timing mark of the
 * app, its first entry.
 */
export const TRACE_STEPS = [
  { id: 'dom-content-loaded', label: 'DOMContentLoaded' },
  { id: 'app-script', label: 'app script loaded (appBundle.js)' },
  { id: 'mark-launch', label: 'mark streamsync:launch (bundle entry runs)', mark: 'streamsync:launch' },
  { id: 'mark-app-setup', label: 'mark streamsync:app-setup (App._setup)', mark: 'streamsync:app-setup' },
  { id: 'mark-player-start', label: 'mark streamsync:player-start (services)', mark: 'streamsync:player-start' },
  { id: 'api-start', label: 'first API request start' },
  { id: 'mark-lineup', label: 'mark streamsync:lineup (lineup, clock)', mark: 'streamsync:lineup' },
  { id: 'mark-tune', label: 'mark streamsync:tune (first tune)', mark: 'streamsync:tune' },
  { id: 'now-response', label: 'first /now response' },
  { id: 'mark-load', label: 'mark streamsync:load (first load)', mark: 'streamsync:load' },
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
export type TraceStep = (typeof TRACE_STEPS)[number];
/** What the page itself has: every step but the probes' frames. */
type PageSteps = Omit<StartTrace, 'first-frame' | 'first-correct-frame'>;

const MARKS: Record<string, string> = Object.fromEntries(TRACE_STEPS.flatMap((s) => ('mark' in s ? [[s.id, s.mark]] : [])));

const mediaSegmentPattern = `/${ASSET_FILES.mediaSegment.replace(/\$[^$]+\$/g, '[^/]*').replace(/\./g, '\\.')}$`;

/**
 * Runs in the page (a string: no bundler helpers reach it). `arg.mediaUrl`: the manifest on air at the
 * first frame; `arg.marks`: step id -> User Timing mark name (its first entry, null when there is none).
 */
const PAGE_STEPS_SOURCE = `(arg) => {
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
  const mark = (name) => {
    try {
      const e = performance.getEntriesByName(name, 'mark')[0];
      return e ? e.startTime : null;
    } catch (e) {
      return null;
    }
  };
  const marks = {};
  for (const id of Object.keys(arg.marks)) marks[id] = mark(arg.marks[id]);
  return {
    ...marks,
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

/** The network steps and the app's marks of the cold start `page` made (read after its first frame). */
export async function readPageSteps(page: Page, mediaUrl: string | null): Promise<PageSteps> {
  return page.evaluate(`(${PAGE_STEPS_SOURCE})(${JSON.stringify({ mediaUrl, marks: MARKS })})`) as Promise<PageSteps>;
}

/** p50 of each step over the runs (null where no run had it). */
export function traceP50(traces: readonly StartTrace[]): StartTrace {
  const out = {} as StartTrace;
  for (const { id } of TRACE_STEPS) out[id] = percentileOf(traces.map((t) => t[id] ?? NaN), 50);
  return out;
}

/**
 * The steps as one timeline: those with a p50 in the order of their p50s (ties in TRACE_STEPS' order),
 * each one without (n/a) at its place in TRACE_STEPS.
 */
export function timelineOrder(p50: StartTrace): TraceStep[] {
  const timed = TRACE_STEPS.filter((s) => p50[s.id] !== null).sort((a, b) => (p50[a.id] ?? 0) - (p50[b.id] ?? 0));
  let k = 0;
  return TRACE_STEPS.map((s) => (p50[s.id] === null ? s : (timed[k++] ?? s)));
}

const ms = (x: number | null) => (x === null ? 'n/a' : x.toFixed(0));

/** The trace, one line per step in timeline order: p50 since navigation and the step from the previous p50. */
export function printStartTrace(title: string, traces: readonly StartTrace[]): void {
  const p50 = traceP50(traces);
  console.log(`${title} (p50 over ${traces.length} runs, ms since navigation; + from the step before; marks: the app's User Timing)`);
  let before = 0;
  for (const { id, label } of timelineOrder(p50)) {
    const v = p50[id];
    const step = v !== null ? `+${(v - before).toFixed(0)}` : '';
    console.log(`  ${label.padEnd(44)} ${ms(v).padStart(6)}  ${step.padStart(6)}`);
    if (v !== null) before = v;
  }
}
