// The guide's grid maths, pure: time <-> stage pixels, 30-minute columns, the cells of a row (short
// programs grouped per column so a row never needs thousands of elements), the virtualization
// window (which rows and which time span to build), and how focus moves with the arrows.
import { isOnAir } from '../../core/on-air.js';
import type { AiringKind } from '../../core/wire.js';
import { clampIndex, followIndex } from '../screens/list-window.js';

export const GUIDE_GRID = {
  slotMs: 30 * 60_000, // milliseconds per column
  pxPerMinute: 8, // stage pixels per minute of schedule
  visibleSlots: 6, // columns in view (3 hours)
  visibleRows: 6, // channel rows in view
  rowHeight: 86, // stage pixels per row (cell height + gap)
  minCellMs: 5 * 60_000, // milliseconds: shorter programs are grouped into one cell per column
  aheadMs: 24 * 3_600_000, // milliseconds after now the grid reaches
};

export type GridOptions = typeof GUIDE_GRID;

export interface GridProgram {
  id: string;
  title: string;
  startMs: number;
  endMs: number;
  description?: string;
  /** A programmed channel's airing kind and part (folded into one entry per program by EpgData). */
  kind?: AiringKind;
  part?: number;
}

/** One focusable box of a row: a program, or a run of short programs inside one column. */
export interface GridCell {
  key: string;
  startMs: number;
  endMs: number;
  programs: GridProgram[];
}

/** Where focus is: a row (channel index) and a time inside the focused cell (the anchor). */
export interface GridFocus {
  row: number;
  anchorMs: number;
}

/** What is built: rows [firstRow, firstRow + visibleRows) and time [startMs, startMs + span). */
export interface GridView {
  firstRow: number;
  startMs: number;
}

export function slotStart(ms: number, slotMs: number = GUIDE_GRID.slotMs): number {
  return Math.floor(ms / slotMs) * slotMs;
}

/** Local midnight of the day holding `ms` (the guide scrolls back to it). */
export function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export function spanMs(o: GridOptions = GUIDE_GRID): number {
  return o.slotMs * o.visibleSlots;
}

/** Stage x (relative to the grid's left edge) of a time. */
export function xOf(ms: number, viewStartMs: number, o: GridOptions = GUIDE_GRID): number {
  return ((ms - viewStartMs) / 60_000) * o.pxPerMinute;
}

/** The part of [startMs, endMs) inside the view, in stage pixels; null when it is outside. */
export function clipToView(startMs: number, endMs: number, viewStartMs: number, o: GridOptions = GUIDE_GRID): { x: number; w: number } | null {
  const viewEnd = viewStartMs + spanMs(o);
  const a = Math.max(startMs, viewStartMs);
  const b = Math.min(endMs, viewEnd);
  if (b <= a) return null;
  const x = xOf(a, viewStartMs, o);
  return { x, w: xOf(b, viewStartMs, o) - x };
}

/** Column start times of the view. */
export function columns(viewStartMs: number, o: GridOptions = GUIDE_GRID): number[] {
  return Array.from({ length: o.visibleSlots }, (_, i) => viewStartMs + i * o.slotMs);
}

/**
 * The cells of one row over [fromMs, toMs): programs of at least `minCellMs` are their own cell;
 * runs of shorter ones are grouped per column (keyed by the column, so the grouping does not depend
 * on the window asked for). `programs` must be sorted by start and not overlap.
 */
export function buildCells(programs: readonly GridProgram[], fromMs: number, toMs: number, o: GridOptions = GUIDE_GRID): GridCell[] {
  const cells: GridCell[] = [];
  let group: GridCell | null = null;
  let groupSlot = NaN;
  let prevEndMs = -Infinity;
  for (const p of programs) {
    if (p.endMs <= fromMs || p.startMs >= toMs) continue;
    // End of the previous program when it was a short one (its group stops at its column's end).
    const prevEnd = prevEndMs;
    prevEndMs = p.endMs - p.startMs >= o.minCellMs ? -Infinity : p.endMs;
    if (p.endMs - p.startMs >= o.minCellMs) {
      group = null;
      cells.push({ key: `p:${p.id}:${p.startMs}`, startMs: p.startMs, endMs: p.endMs, programs: [p] });
      continue;
    }
    // A short program belongs to the column where it starts (one that began before fromMs to the first).
    const slot = slotStart(Math.max(p.startMs, fromMs), o.slotMs);
    const slotEnd = slot + o.slotMs;
    if (group && groupSlot === slot) {
      group.programs.push(p);
      group.endMs = Math.min(Math.max(group.endMs, p.endMs), slotEnd);
      continue;
    }
    groupSlot = slot;
    // A program running on from the previous column leaves no gap: the group starts at the column.
    const startMs = prevEnd > slot && prevEnd >= p.startMs ? slot : Math.max(p.startMs, slot);
    group = { key: `g:${slot}:${p.startMs}`, startMs, endMs: Math.min(p.endMs, slotEnd), programs: [p] };
    if (group.endMs <= group.startMs) group.endMs = Math.min(slotEnd, group.startMs + 1);
    cells.push(group);
  }
  return cells;
}

/** The cell holding `ms`, or null (a gap). */
export function cellAt(cells: readonly GridCell[], ms: number): GridCell | null {
  for (const c of cells) if (isOnAir(c, ms)) return c;
  return null;
}

/** The program of a cell on air at `ms` (for a group: the one holding ms, else the first). */
export function cellProgramAt(cell: GridCell, ms: number): GridProgram | null {
  return cell.programs.find((p) => isOnAir(p, ms)) ?? null;
}

export interface GridBounds {
  rows: number;
  minMs: number; // earliest time reachable (start of today)
  maxMs: number; // latest time reachable (now + aheadMs)
}

export function boundsFor(nowMs: number, rows: number, o: GridOptions = GUIDE_GRID): GridBounds {
  return { rows, minMs: startOfDay(nowMs), maxMs: nowMs + o.aheadMs };
}

export type GridMove = 'left' | 'right' | 'up' | 'down' | 'pageUp' | 'pageDown';

/**
 * Moves focus. Left/right go to the previous/next cell of the row (through gaps one column at a
 * time); up/down keep the anchor time (the usual guide behaviour); page moves by a screenful.
 * `cellsOf(row)` gives the cells of a row around the anchor.
 */
export function moveFocus(focus: GridFocus, move: GridMove, b: GridBounds, cellsOf: (row: number) => readonly GridCell[], o: GridOptions = GUIDE_GRID): GridFocus {
  const clampMs = (ms: number) => Math.min(b.maxMs - 1, Math.max(b.minMs, ms));
  const clampRow = (r: number) => clampIndex(r, b.rows);
  switch (move) {
    case 'up':
      return { row: clampRow(focus.row - 1), anchorMs: focus.anchorMs };
    case 'down':
      return { row: clampRow(focus.row + 1), anchorMs: focus.anchorMs };
    case 'pageUp':
      return { row: clampRow(focus.row - o.visibleRows), anchorMs: focus.anchorMs };
    case 'pageDown':
      return { row: clampRow(focus.row + o.visibleRows), anchorMs: focus.anchorMs };
    case 'right': {
      const cell = cellAt(cellsOf(focus.row), focus.anchorMs);
      const next = cell ? cell.endMs : slotStart(focus.anchorMs, o.slotMs) + o.slotMs;
      return { row: focus.row, anchorMs: clampMs(next) };
    }
    case 'left': {
      const cells = cellsOf(focus.row);
      const cell = cellAt(cells, focus.anchorMs);
      const before = (cell ? cell.startMs : slotStart(focus.anchorMs, o.slotMs)) - 1;
      const prev = cellAt(cells, before);
      return { row: focus.row, anchorMs: clampMs(prev ? prev.startMs : slotStart(before, o.slotMs)) };
    }
  }
}

/**
 * The view after a focus change: the smallest scroll that keeps the focused row and the anchor
 * in view (time scrolls by whole columns), within the bounds.
 */
export function followFocus(view: GridView, focus: GridFocus, b: GridBounds, o: GridOptions = GUIDE_GRID): GridView {
  const firstRow = followIndex(view.firstRow, focus.row, b.rows, o.visibleRows);
  let startMs = view.startMs;
  const span = spanMs(o);
  if (focus.anchorMs < startMs) startMs = slotStart(focus.anchorMs, o.slotMs);
  if (focus.anchorMs >= startMs + span) startMs = slotStart(focus.anchorMs, o.slotMs) - (o.visibleSlots - 1) * o.slotMs;
  const minStart = slotStart(b.minMs, o.slotMs);
  const maxStart = Math.max(minStart, slotStart(b.maxMs, o.slotMs) - (o.visibleSlots - 1) * o.slotMs);
  startMs = Math.max(minStart, Math.min(startMs, maxStart));
  return { firstRow, startMs };
}

/** The rows to build for a view (indices into the channel list). */
export function visibleRows(view: GridView, rows: number, o: GridOptions = GUIDE_GRID): number[] {
  const out: number[] = [];
  for (let r = view.firstRow; r < Math.min(rows, view.firstRow + o.visibleRows); r++) out.push(r);
  return out;
}
