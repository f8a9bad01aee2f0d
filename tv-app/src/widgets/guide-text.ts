// What the guide writes: the details of the focused cell and the day over the columns. Pure.

import { isOnAir } from '../core/on-air.js';
import { cellProgramAt, type GridCell } from '../lib/guide/epg-grid.js';
import { clockTime, progress, timeRange } from '../lib/util/format.js';
import type { ChannelSummary } from '../core/wire.js';

export interface GuideDetails {
  channel: string;
  title: string;
  times: string;
  description: string;
  /** 0..1 when the program is on now, else null. */
  progress: number | null;
}

const DAY_MS = 86_400_000;

/** "Today", "Tomorrow", "Yesterday" or the weekday and date, for the day holding `ms` (local time). */
export function guideDayLabel(ms: number, nowMs: number): string {
  const day = (t: number) => {
    const d = new Date(t);
    d.setHours(0, 0, 0, 0);
    return d.getTime();
  };
  const diff = Math.round((day(ms) - day(nowMs)) / DAY_MS);
  if (diff === 0) return 'Today';
  if (diff === 1) return 'Tomorrow';
  if (diff === -1) return 'Yesterday';
  return new Date(ms).toDateString().slice(0, 10);
}

/** "21:05 – 21:35"; programs under two minutes get seconds ("21:05:10 – 21:05:40"). */
export function programTimes(startMs: number, endMs: number): string {
  if (endMs - startMs >= 120_000) return timeRange(startMs, endMs);
  const hms = (ms: number) => `${clockTime(ms)}:${String(new Date(ms).getSeconds()).padStart(2, '0')}`;
  return `${hms(startMs)} – ${hms(endMs)}`;
}

/** Details of the focused cell: its program at the anchor (a group names how many more it holds). */
export function guideDetails(channel: ChannelSummary | null, cell: GridCell | null, anchorMs: number, nowMs: number): GuideDetails {
  const head = channel ? `${channel.number}  ${channel.name}` : '';
  if (!cell) return { channel: head, title: 'No information', times: '', description: '', progress: null };
  const program = cellProgramAt(cell, anchorMs) ?? cell.programs[0];
  if (!program) return { channel: head, title: 'No information', times: '', description: '', progress: null };
  const onNow = isOnAir(program, nowMs);
  const more = cell.programs.length - 1;
  const description = [
    program.description ?? '',
    more > 0 ? `${cell.programs.length} short programs ${timeRange(cell.startMs, cell.endMs)}: ${cell.programs.slice(0, 4).map((p) => `${clockTime(p.startMs)} ${p.title}`).join(' · ')}${more > 3 ? ' …' : ''}` : '',
  ].filter((s) => s !== '').join('\n');
  return {
    channel: head,
    title: program.title,
    times: `${programTimes(program.startMs, program.endMs)}${onNow ? '  ·  on now' : ''}`,
    description,
    progress: onNow ? progress(program.startMs, program.endMs, nowMs) : null,
  };
}
