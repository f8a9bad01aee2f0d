import { expect } from 'chai';
import {
  GUIDE_GRID, boundsFor, buildCells, cellAt, clipToView, columns, followFocus, moveFocus, slotStart, spanMs, startOfDay, visibleRows, xOf,
  type GridProgram,
} from '../../../src/lib/guide/epg-grid.js';

const MIN = 60_000;
const SLOT = GUIDE_GRID.slotMs;
const T0 = 1_800_000_000_000 - (1_800_000_000_000 % SLOT); // a column start

/** Back-to-back programs of `minutes` each from `start`. */
function run(start: number, minutes: number[], prefix = 'p'): GridProgram[] {
  let t = start;
  return minutes.map((m, i) => {
    const p = { id: `${prefix}${i}`, title: `${prefix.toUpperCase()} ${i}`, startMs: t, endMs: t + m * MIN };
    t += m * MIN;
    return p;
  });
}

describe('lib/epg-grid (guide layout, cells, virtualization, focus)', () => {
  it('maps time to stage pixels and clips boxes to the view', () => {
    expect(xOf(T0 + 30 * MIN, T0)).to.equal(30 * GUIDE_GRID.pxPerMinute);
    expect(clipToView(T0 - 10 * MIN, T0 + 20 * MIN, T0)).to.deep.equal({ x: 0, w: 20 * GUIDE_GRID.pxPerMinute });
    expect(clipToView(T0 + spanMs() + MIN, T0 + spanMs() + 2 * MIN, T0)).to.equal(null);
    expect(clipToView(T0 + spanMs() - MIN, T0 + spanMs() + 60 * MIN, T0)?.w).to.equal(GUIDE_GRID.pxPerMinute);
  });

  it('has 30-minute columns starting at the view start, and slot starts on column boundaries', () => {
    const cols = columns(T0);
    expect(cols).to.have.length(GUIDE_GRID.visibleSlots);
    expect(cols[1]! - cols[0]!).to.equal(30 * MIN);
    expect(slotStart(T0 + 29 * MIN)).to.equal(T0);
    expect(slotStart(T0 + 30 * MIN)).to.equal(T0 + SLOT);
  });

  it('start of today is a local midnight before now, within a day', () => {
    const now = Date.now();
    const sod = startOfDay(now);
    expect(sod).to.be.at.most(now);
    expect(now - sod).to.be.below(86_400_000);
    expect(new Date(sod).getHours()).to.equal(0);
    expect(new Date(sod).getMinutes()).to.equal(0);
  });

  it('long programs are their own cells; short ones are grouped per column, without gaps', () => {
    const programs = [...run(T0, [60, 45]), ...run(T0 + 105 * MIN, [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2], 's')];
    const cells = buildCells(programs, T0, T0 + 4 * 60 * MIN);
    expect(cells[0]).to.include({ startMs: T0, endMs: T0 + 60 * MIN });
    expect(cells[1]!.programs.map((p) => p.id)).to.deep.equal(['p1']);
    // 18 x 2 min from 1h45: 15 minutes in the 1h30 column (7 programs and a half), the rest in the next.
    const groups = cells.slice(2);
    expect(groups).to.have.length(2);
    expect(groups[0]).to.include({ startMs: T0 + 105 * MIN, endMs: T0 + 120 * MIN });
    expect(groups[0]!.programs).to.have.length(8); // s0..s7 start before 2h00 (s7 runs on to 2h01)
    expect(groups[1]!.startMs).to.equal(T0 + 120 * MIN); // s7 runs into this column: no gap at its start
    expect(groups[1]!.programs.map((p) => p.id)).to.deep.equal(['s8', 's9', 's10', 's11', 's12', 's13', 's14', 's15', 's16', 's17']);
    expect(new Set(cells.map((c) => c.key)).size).to.equal(cells.length);
  });

  it('groups do not depend on the window asked for (stable keys while scrolling)', () => {
    const programs = run(T0 - 60 * MIN, Array.from({ length: 120 }, () => 3));
    const a = buildCells(programs, T0, T0 + 3 * 60 * MIN).map((c) => c.key);
    const b = buildCells(programs, T0 - SLOT, T0 + 3 * 60 * MIN).map((c) => c.key);
    expect(b.slice(1)).to.deep.equal(a);
  });

  it('right/left walk the cells of a row and cross gaps one column at a time', () => {
    const programs = [...run(T0, [60]), ...run(T0 + 120 * MIN, [30], 'q')];
    const cells = buildCells(programs, T0 - SLOT, T0 + 5 * 60 * MIN);
    const b = boundsFor(T0 + 10 * MIN, 3);
    const cellsOf = () => cells;
    let f = { row: 1, anchorMs: T0 + 10 * MIN };
    f = moveFocus(f, 'right', b, cellsOf);
    expect(f.anchorMs).to.equal(T0 + 60 * MIN); // end of the first program: a gap
    expect(cellAt(cells, f.anchorMs)).to.equal(null);
    f = moveFocus(f, 'right', b, cellsOf);
    expect(f.anchorMs).to.equal(T0 + 90 * MIN); // the next column
    f = moveFocus(f, 'right', b, cellsOf);
    expect(cellAt(cells, f.anchorMs)?.programs[0]?.id).to.equal('q0');
    f = moveFocus(f, 'left', b, cellsOf);
    expect(f.anchorMs).to.equal(T0 + 90 * MIN);
    f = moveFocus(moveFocus(f, 'left', b, cellsOf), 'left', b, cellsOf);
    expect(f.anchorMs).to.equal(T0); // the start of the first program
  });

  it('up/down keep the time; rows and times are clamped to the bounds (start of today, a day ahead)', () => {
    const now = T0 + 10 * MIN;
    const b = boundsFor(now, 3);
    const none = () => [];
    expect(moveFocus({ row: 0, anchorMs: now }, 'up', b, none)).to.deep.equal({ row: 0, anchorMs: now });
    expect(moveFocus({ row: 1, anchorMs: now }, 'down', b, none)).to.deep.equal({ row: 2, anchorMs: now });
    expect(moveFocus({ row: 2, anchorMs: now }, 'pageDown', b, none).row).to.equal(2);
    let f = { row: 0, anchorMs: now };
    for (let i = 0; i < 200; i++) f = moveFocus(f, 'left', b, none);
    expect(f.anchorMs).to.equal(b.minMs);
    for (let i = 0; i < 200; i++) f = moveFocus(f, 'right', b, none);
    expect(f.anchorMs).to.equal(b.maxMs - 1);
  });

  it('the view follows focus with the least scrolling and stays within the bounds', () => {
    const now = T0 + 10 * MIN;
    const b = boundsFor(now, 50);
    const view = { firstRow: 0, startMs: T0 };
    expect(followFocus(view, { row: 3, anchorMs: now }, b)).to.deep.equal(view);
    expect(followFocus(view, { row: GUIDE_GRID.visibleRows, anchorMs: now }, b).firstRow).to.equal(1);
    const later = followFocus(view, { row: 0, anchorMs: T0 + spanMs() + 5 * MIN }, b);
    expect(later.startMs).to.equal(T0 + SLOT); // one column
    const earlier = followFocus(view, { row: 0, anchorMs: T0 - 5 * MIN }, b);
    expect(earlier.startMs).to.equal(T0 - SLOT);
    expect(followFocus(view, { row: 49, anchorMs: now }, b).firstRow).to.equal(50 - GUIDE_GRID.visibleRows);
    expect(followFocus(view, { row: 0, anchorMs: b.minMs }, b).startMs).to.equal(slotStart(b.minMs));
  });

  it('only the rows in view are built', () => {
    expect(visibleRows({ firstRow: 10, startMs: T0 }, 50)).to.deep.equal([10, 11, 12, 13, 14, 15].slice(0, GUIDE_GRID.visibleRows));
    expect(visibleRows({ firstRow: 0, startMs: T0 }, 2)).to.deep.equal([0, 1]);
  });
});
