// A small demo library for tests: two short sources at low resolution and a demo lineup over them
// (two channels in different time zones, padding, breaks, a fallback), made like the real one.
import type { DemoLineupSpec } from '../../src/sample/demo-lineup.js';
import type { SampleSourceSpec } from '../../src/sample/sample-sources.js';

export const SMALL_SOURCES: SampleSourceSpec[] = [
  { key: 'show', title: 'Alpha Show', kind: 'show', pattern: 'smptehdbars', toneHz: 440, durationSec: 3 },
  { key: 'bump', title: 'Beta Bumper', kind: 'bumper', pattern: 'cellauto', patternOptions: 'rule=110:seed=20250101', blockScale: 4, toneHz: 660, durationSec: 2 },
];

export const SMALL_DEMO: DemoLineupSpec = {
  collections: [
    { id: 'demo-shows', name: 'Shows', sources: ['show'] },
    { id: 'demo-filler', name: 'Filler', sources: ['bump'] },
  ],
  channels: [
    { id: 'demo-a', number: 7, name: 'Alpha: One', timeZone: 'Europe/Berlin', slots: [{ start: '00:00', collection: 'demo-shows', order: 'sequential' }] },
    {
      id: 'demo-b', number: 8, name: 'Beta', timeZone: 'America/New_York',
      slots: [
        { start: '06:00', collection: 'demo-shows', order: 'shuffle' },
        { start: '18:00', collection: 'demo-filler', order: 'sequential' },
      ],
    },
  ],
  padMinutes: 1,
  padFiller: 'demo-filler',
  breakEveryMinutes: 1,
  breakFiller: 'demo-filler',
  breakMaxSeconds: 5,
  fallback: 'bump',
};

/** The small demo with its pieces, as options of generateSampleLibrary / startPipeline's `sample`. */
export const SMALL_SAMPLE = { sources: SMALL_SOURCES, demo: SMALL_DEMO, width: 320, height: 180, fps: 25, tuning: { threads: 2 } };
