// What the info banner says is on and next, from the airings of a channel: the program viewers are
// watching, never the promo. During a break it names the program and counts down to its return
// ("back in 1:20"); during filler and slate clips it names the program coming up and when it starts.
import type { AiringProgram } from '../../core/wire.js';

export interface BannerLine {
  title: string;
  startMs: number;
  endMs: number;
}

export interface BannerView {
  now: BannerLine | null;
  next: BannerLine | null;
}

/** m:ss of a duration in milliseconds, rounded up to the second (0:00 at the end). */
export function countdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

const line = (p: AiringProgram): BannerLine => ({ title: p.title, startMs: p.startMs, endMs: p.endMs });

/**
 * `on` is the airing on air at `serverMs`, `after` the one after it, `program` the channel's program
 * (ChannelNow.program: on air, or the one a break returns to or filler leads to).
 */
export function bannerView(on: AiringProgram | null, after: AiringProgram | null, program: AiringProgram | null, serverMs: number): BannerView {
  if (!on) return { now: null, next: program ? line(program) : after ? line(after) : null };
  if (on.kind === 'program') return { now: line(on), next: after && after.kind === 'program' ? line(after) : null };
  if (!program) return { now: line(on), next: after ? line(after) : null };
  if (on.kind === 'break') {
    const resumesAt = on.resumesAtMs ?? program.startMs;
    return { now: { title: `${program.title} · back in ${countdown(resumesAt - serverMs)}`, startMs: on.startMs, endMs: resumesAt }, next: line(program) };
  }
  return { now: { title: `Up next: ${program.title} in ${countdown(program.startMs - serverMs)}`, startMs: on.startMs, endMs: program.startMs }, next: line(program) };
}
