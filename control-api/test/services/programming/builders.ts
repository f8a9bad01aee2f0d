// Builders for programming engine tests: assets, versions and engines in a few lines.
import type { Override, ProgrammingRules, ProgrammingVersion } from '../../../src/contracts/programming.js';
import { ProgrammingEngine } from '../../../src/services/programming/programming-engine.js';
import type { PlannedAiring, PlayableAsset } from '../../../src/services/programming/span-fill.js';

export const MIN = 60_000;
export const ALL_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Assets by id: [id, duration ms] pairs, 2 s segments unless given. */
export function assets(entries: Array<[string, number, number?]>): Map<string, PlayableAsset> {
  return new Map(entries.map(([id, durationMs, segmentMs]) => [id, { durationMs, segmentMs: segmentMs ?? 2000 }]));
}

export function version(rules: ProgrammingRules, collections: Record<string, string[]>, effectiveFromMs: number, n = 1): ProgrammingVersion {
  return { channelId: 'ch1', version: n, effectiveFromMs, rules, collections, createdAt: effectiveFromMs };
}

export function engine(options: { versions: ProgrammingVersion[]; assets: Map<string, PlayableAsset>; overrides?: Override[]; channelId?: string }): ProgrammingEngine {
  return new ProgrammingEngine({ channelId: options.channelId ?? 'ch1', versions: options.versions, overrides: options.overrides ?? [], assets: options.assets });
}

export const programs = (airings: PlannedAiring[]) => airings.filter((a) => a.kind === 'program' && a.part === 1);
export const iso = (t: number) => new Date(t).toISOString();

/** Problems of a sequence of airings: overlaps, gaps, empty or inverted airings, clips outside their asset. */
export function sequenceProblems(airings: PlannedAiring[], assetsById: Map<string, PlayableAsset>, allowGaps: boolean): string[] {
  const problems: string[] = [];
  airings.forEach((a, i) => {
    if (a.endMs <= a.startMs) problems.push(`#${i} empty or inverted at ${iso(a.startMs)}`);
    if (a.outMs - a.inMs !== a.endMs - a.startMs) problems.push(`#${i} plays ${a.outMs - a.inMs} ms of its asset in ${a.endMs - a.startMs} ms`);
    const asset = assetsById.get(a.assetId);
    if (!asset || a.inMs < 0 || a.outMs > asset.durationMs) problems.push(`#${i} clip [${a.inMs}, ${a.outMs}) outside ${a.assetId}`);
    const prev = airings[i - 1];
    if (prev && a.startMs < prev.endMs) problems.push(`#${i} overlaps the airing before at ${iso(a.startMs)}`);
    if (prev && !allowGaps && a.startMs > prev.endMs) problems.push(`gap ${iso(prev.endMs)} - ${iso(a.startMs)}`);
  });
  return problems;
}
