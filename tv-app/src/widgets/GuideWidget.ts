// The guide (G): channels as rows, 30-minute columns, a now line, details of the focused program,
// scrolling both ways (back to the start of today, a day ahead). Only the rows in view are built
// (recycled as it scrolls); the schedule comes in 3-hour blocks from GET /v1/epg as needed. OK tunes
// through the player; the picture keeps playing in the top-right corner. A lineup change refetches
// and keeps focus on the same channel and time.
import { Lightning } from '@lightningjs/sdk';

import { isOnAir } from '../core/on-air.js';
import { EpgData } from '../lib/guide/epg-data.js';
import {
  GUIDE_GRID, boundsFor, buildCells, cellAt, clipToView, columns, followFocus, moveFocus, cellProgramAt, slotStart, spanMs, visibleRows, xOf,
  type GridCell, type GridFocus, type GridMove, type GridView,
} from '../lib/guide/epg-grid.js';
import { clockTime } from '../lib/util/format.js';
import { ListenerGroup } from '../lib/util/listener-group.js';
import { NUMBER_ENTRY_DEFAULTS, NumberEntry } from '../lib/remote/number-entry.js';
import type { ScreenHub } from '../lib/screens/screen-hub.js';
import { guideDayLabel, guideDetails, type GuideDetails } from './guide-text.js';
import GuideRow, { GUIDE_ROW_LOOK, type RowCellSpec } from './GuideRow.js';
import ScreenWidget from './ScreenWidget.js';
import type { ChannelSummary } from '../core/wire.js';

export const GUIDE_DEFAULTS = {
  gridTop: 420, // stage pixels: top of the grid panel
  rowsTop: 70, // stage pixels below gridTop where the first row starts
  left: 60, // stage pixels
  marginMs: 3 * 3_600_000, // milliseconds of schedule fetched beyond each side of the view
  clockRefreshMs: 1_000, // milliseconds between now-line / progress updates
  detailsSettleMs: 120, // milliseconds of quiet before the details pane redraws (large text is costly)
  background: 0xf00b1220,
};

interface GuideTemplateSpec extends Lightning.Component.TemplateSpec {
  Top: { Channel: object; Title: object; Times: object; Desc: object; Bar: { Fill: object }; Hint: object };
  Grid: { Day: object; Typed: object; Header: object; Rows: object; NowLine: object };
}

export default class GuideWidget
  extends ScreenWidget<GuideTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<GuideTemplateSpec>
{
  static override _template(): Lightning.Component.Template<GuideTemplateSpec> {
    const D = GUIDE_DEFAULTS;
    const text = (fontSize: number, textColor = 0xffe8eef7, extra: object = {}) => ({ text: { text: '', fontSize, textColor, ...extra } });
    return {
      w: 1920,
      h: 1080,
      alpha: 0,
      Top: {
        w: 1180,
        h: D.gridTop,
        rect: true,
        color: D.background,
        Channel: { x: D.left, y: 50, ...text(30, 0xfff5c542) },
        Title: { x: D.left, y: 100, ...text(52, 0xffe8eef7, { wordWrapWidth: 1060, maxLines: 1, maxLinesSuffix: '…' }) },
        Times: { x: D.left, y: 176, ...text(32, 0xffa9b8cc) },
        Bar: { x: D.left, y: 228, w: 600, h: 10, rect: true, color: 0xff2a3548, alpha: 0, Fill: { w: 0, h: 10, rect: true, color: 0xfff5c542 } },
        Desc: { x: D.left, y: 258, ...text(28, 0xffc9d4e3, { wordWrapWidth: 1060, maxLines: 3, maxLinesSuffix: '…', lineHeight: 38 }) },
        Hint: { x: D.left, y: 8, ...text(22, 0xff7d8ba0) },
      },
      Grid: {
        y: D.gridTop,
        w: 1920,
        h: 1080 - D.gridTop,
        rect: true,
        color: D.background,
        Day: { x: D.left + 16, y: 18, ...text(28, 0xfff5c542) },
        Typed: { x: D.left + 180, y: 18, ...text(28, 0xffe8eef7) },
        Header: { x: D.left + GUIDE_ROW_LOOK.cellsX, y: 18 },
        Rows: { x: D.left, y: D.rowsTop },
        NowLine: { y: D.rowsTop - 14, w: 4, h: GUIDE_GRID.visibleRows * GUIDE_GRID.rowHeight + 10, rect: true, color: 0xffe5484d, alpha: 0 },
      },
    };
  }

  protected readonly screen = 'Guide';
  private data: EpgData | null = null;
  private channels: ChannelSummary[] = [];
  /** The whole lineup; `channels` is it, or its favorites only (the Favorite key). */
  private lineup: ChannelSummary[] = [];
  private favoritesOnly = false;
  private focus: GridFocus = { row: 0, anchorMs: 0 };
  private view: GridView = { firstRow: 0, startMs: 0 };
  private openGroup: ListenerGroup | null = null;
  private details: GuideDetails = { channel: '', title: '', times: '', description: '', progress: null };
  private focusedCell: GridCell | null = null;
  /** Digits typed in the guide move the focus to that channel (the player's entry buffer and timeout). */
  private entry: NumberEntry | null = null;
  private renders = 0;
  private lineupSeen: number | null = null;

  attach(hub: ScreenHub): void {
    this.entry = new NumberEntry({
      timeoutMs: hub.services.config.digitEntryTimeoutMs,
      maxDigits: NUMBER_ENTRY_DEFAULTS.maxDigits,
      onChange: (digits) => {
        if (digits) this.showTyped(`Go to ${digits}_`);
      },
      onCommit: (n) => this.goToNumber(n),
    });
    this.data = new EpgData({ api: hub.api, onLoaded: () => this.isOpen && this.render() });
    this.register(hub);
    const rows = this.tag('Grid.Rows');
    for (let i = 0; i < GUIDE_GRID.visibleRows; i++) rows?.childList.a({ type: GuideRow, y: i * GUIDE_GRID.rowHeight, visible: false });
    const header = this.tag('Grid.Header');
    for (let i = 0; i < GUIDE_GRID.visibleSlots; i++) {
      header?.childList.a({ x: i * (GUIDE_GRID.slotMs / 60_000) * GUIDE_GRID.pxPerMinute + 8, text: { text: '', fontSize: 26, textColor: 0xffa9b8cc } });
    }
  }

  protected override opened(): void {
    const hub = this.hub;
    if (!hub) return;
    const group = new ListenerGroup('guide');
    this.openGroup = group;
    this.lineup = [...(hub.player?.channels() ?? [])];
    this.filter();
    const now = this.now();
    const current = hub.player?.current();
    const row = Math.max(0, this.channels.findIndex((c) => c.id === current?.id));
    this.focus = { row, anchorMs: now };
    this.view = followFocus({ firstRow: Math.max(0, row - 1), startMs: slotStart(now) }, this.focus, this.bounds());
    group.add(hub.services.brokerEvents.on('lineupVersion', (v) => this.onLineupVersion(v)));
    group.interval(() => this.render(), GUIDE_DEFAULTS.clockRefreshMs);
    this.render();
  }

  protected override closed(): void {
    this.openGroup?.dispose();
    this.openGroup = null;
    if (this.detailsTimer) clearTimeout(this.detailsTimer);
    this.detailsTimer = null;
    this.entry?.cancel();
    this.showTyped('');
  }

  // ------------------------------------------------------------------------------------------ keys

  override _handleUp(): boolean {
    return this.move('up');
  }

  override _handleDown(): boolean {
    return this.move('down');
  }

  override _handleLeft(): boolean {
    return this.move('left');
  }

  override _handleRight(): boolean {
    return this.move('right');
  }

  override _handleEnter(): boolean {
    if (!this.entry?.commit()) this.tuneFocused();
    return true;
  }

  /** Back erases a typed digit first; with nothing typed it closes the guide. */
  override _handleBack(): boolean {
    if (!this.entry?.backspace()) return super._handleBack();
    if (!this.entry.active) this.showTyped('');
    return true;
  }

  /** CH+/CH- page through the rows, Info comes back to the tuned channel now, digits go to a channel, Favorite filters. */
  protected override namedKey(name: string): boolean {
    if (name === 'ChannelUp') return this.move('pageUp');
    if (name === 'ChannelDown') return this.move('pageDown');
    if (name === 'Favorite') {
      this.toggleFavoritesOnly();
      return true;
    }
    if (name === 'Info') {
      this.focus = { row: this.rowOf(this.hub?.player?.current()?.id) ?? this.focus.row, anchorMs: this.now() };
      this.view = followFocus({ ...this.view, startMs: slotStart(this.now()) }, this.focus, this.bounds());
      this.render();
      return true;
    }
    const digit = /^Digit([0-9])$/.exec(name)?.[1];
    if (digit === undefined) return false;
    this.entry?.press(Number(digit));
    return true;
  }

  /** Shows the favorites only, or all channels again; focus stays on its channel when it is still listed. */
  private toggleFavoritesOnly(): void {
    const focusedId = this.channels[this.focus.row]?.id;
    this.favoritesOnly = !this.favoritesOnly;
    this.filter();
    this.showTyped(this.favoritesOnly || !this.noFavorites ? '' : 'No favorites yet: ★ on a channel you watch adds it');
    this.focus = { row: this.rowOf(focusedId) ?? 0, anchorMs: this.focus.anchorMs };
    this.view = followFocus({ ...this.view, firstRow: 0 }, this.focus, this.bounds());
    this.render();
  }

  private noFavorites = false;

  /** The rows: the lineup, or its favorites (all, and favoritesOnly off, when there are none). */
  private filter(): void {
    const favorites = this.hub?.player?.favorites;
    const only = favorites ? favorites.only(this.lineup) : [];
    this.noFavorites = this.favoritesOnly && only.length === 0;
    if (this.noFavorites) this.favoritesOnly = false;
    this.channels = this.favoritesOnly ? only : [...this.lineup];
  }

  private move(move: GridMove): boolean {
    this.entry?.cancel();
    this.showTyped('');
    this.focus = moveFocus(this.focus, move, this.bounds(), (row) => this.cellsAround(row, this.focus.anchorMs));
    this.view = followFocus(this.view, this.focus, this.bounds());
    this.render();
    return true;
  }

  private tuneFocused(): void {
    const hub = this.hub;
    const channel = this.channels[this.focus.row];
    if (!hub || !channel) return;
    hub.tune(channel.id);
    hub.close('Guide');
  }

  /** Focus moves to the channel numbered `n` (same time), or the guide says there is none. */
  private goToNumber(n: number): void {
    const row = this.channels.findIndex((c) => c.number === n);
    if (row < 0) {
      this.showTyped(`No channel ${n}`);
      return;
    }
    this.showTyped('');
    this.focus = { row, anchorMs: this.focus.anchorMs };
    this.view = followFocus(this.view, this.focus, this.bounds());
    this.render();
  }

  private showTyped(text: string): void {
    this.tag('Grid.Typed')?.patch({ text: { text } });
  }

  // ------------------------------------------------------------------------------------------ data

  private onLineupVersion(version: number): void {
    const data = this.data;
    const hub = this.hub;
    if (!data || !hub) return;
    const known = this.lineupSeen ?? data.version;
    this.lineupSeen = version;
    if (known === null || known === version) return;
    const focusedId = this.channels[this.focus.row]?.id;
    void hub.api.channels().then((channels) => {
      if (!this.isOpen) return;
      this.lineup = channels;
      this.filter();
      const row = this.rowOf(focusedId);
      this.focus = { row: row ?? Math.min(this.focus.row, Math.max(0, channels.length - 1)), anchorMs: this.focus.anchorMs };
      this.view = followFocus(this.view, this.focus, this.bounds());
      data.invalidate();
      this.render();
    }).catch(() => {
      // The API is away: the guide keeps what it shows; the next lineup message tries again.
    });
  }

  private rowOf(channelId: string | undefined): number | null {
    if (channelId === undefined) return null;
    const i = this.channels.findIndex((c) => c.id === channelId);
    return i < 0 ? null : i;
  }

  private cellsAround(row: number, anchorMs: number): GridCell[] {
    const channel = this.channels[row];
    const data = this.data;
    if (!channel || !data) return [];
    const from = Math.min(this.view.startMs, slotStart(anchorMs)) - GUIDE_GRID.slotMs;
    const to = Math.max(this.view.startMs + spanMs(), anchorMs) + 2 * GUIDE_GRID.slotMs;
    return buildCells(data.programs(channel.id, from, to), from, to);
  }

  private bounds() {
    return boundsFor(this.now(), this.channels.length);
  }

  private now(): number {
    return this.hub?.services.clock.serverNow() ?? Date.now();
  }

  // ---------------------------------------------------------------------------------------- render

  private render(): void {
    const data = this.data;
    if (!this.isOpen || !data) return;
    this.renders++;
    const now = this.now();
    const { startMs } = this.view;
    const endMs = startMs + spanMs();
    void data.ensure(startMs - GUIDE_DEFAULTS.marginMs, endMs + GUIDE_DEFAULTS.marginMs);
    const rows = visibleRows(this.view, this.channels.length);
    const pool = (this.tag('Grid.Rows')?.childList.get() ?? []).filter((c): c is GuideRow => c instanceof GuideRow);
    // Rows keep their channel while it stays in view; the freed ones take the rows that came in.
    const wanted = new Set(rows.map((r) => this.channels[r]?.id));
    const free = pool.filter((p) => p.channelId === null || !wanted.has(p.channelId));
    this.focusedCell = null;
    rows.forEach((r, i) => {
      const channel = this.channels[r];
      if (!channel) return;
      const rowEl = pool.find((p) => p.channelId === channel.id) ?? free.shift();
      if (!rowEl) return;
      const focused = r === this.focus.row;
      rowEl.patch({ y: i * GUIDE_GRID.rowHeight, visible: true });
      rowEl.setChannel(channel, focused);
      rowEl.setCells(this.rowCells(channel.id, startMs, endMs, focused, now));
    });
    for (const p of free) {
      p.setChannel(null, false);
      p.patch({ visible: false });
    }
    this.renderHeader(now);
    this.scheduleDetails();
  }

  private rowCells(channelId: string, startMs: number, endMs: number, focusedRow: boolean, now: number): RowCellSpec[] {
    const data = this.data;
    if (!data) return [];
    const from = startMs - GUIDE_GRID.slotMs;
    const cells = buildCells(data.programs(channelId, from, endMs), from, endMs);
    const out: RowCellSpec[] = [];
    let focusDrawn = false;
    for (const cell of cells) {
      const box = clipToView(cell.startMs, cell.endMs, startMs);
      if (!box) continue;
      const focused = focusedRow && isOnAir(cell, this.focus.anchorMs);
      if (focused) {
        this.focusedCell = cell;
        focusDrawn = true;
      }
      const first = cell.programs[0];
      const title = cell.programs.length === 1 ? (first?.title ?? '') : `${first?.title ?? ''} +${cell.programs.length - 1}`;
      out.push({ key: cell.key, x: box.x, w: box.w, title, focused, onNow: isOnAir(cell, now) });
    }
    if (focusedRow && !focusDrawn) {
      // A gap (or data still coming): the focus box covers the column of the anchor.
      const slot = slotStart(this.focus.anchorMs);
      const box = clipToView(slot, slot + GUIDE_GRID.slotMs, startMs);
      if (box) out.push({ key: `gap:${slot}`, x: box.x, w: box.w, title: data.has(slot, slot + 1) ? 'No information' : 'Loading…', focused: true, onNow: false });
    }
    return out;
  }

  private renderHeader(now: number): void {
    const { startMs } = this.view;
    const labels = this.tag('Grid.Header')?.childList.get() ?? [];
    columns(startMs).forEach((t, i) => {
      const label = clockTime(t);
      const el = labels[i];
      if (el && el.text?.text !== label) el.patch({ text: { text: label } });
    });
    this.setText('Grid.Day', guideDayLabel(startMs, now));
    const x = xOf(now, startMs);
    const inView = now >= startMs && now < startMs + spanMs();
    this.tag('Grid.NowLine')?.patch({ x: GUIDE_DEFAULTS.left + GUIDE_ROW_LOOK.cellsX + x - 2, alpha: inView ? 1 : 0 });
  }

  private readonly shownText = new Map<string, string>();

  /** Patches a text only when it changed (a text change redraws its texture). */
  private setText(ref: 'Top.Channel' | 'Top.Title' | 'Top.Times' | 'Top.Desc' | 'Top.Hint' | 'Grid.Day', value: string): void {
    if (this.shownText.get(ref) === value) return;
    this.shownText.set(ref, value);
    this.tag(ref)?.patch({ text: { text: value } });
  }

  private detailsTimer: ReturnType<typeof setTimeout> | null = null;

  /** While keys repeat, the details pane waits for focus to settle; the grid itself moves at once. */
  private scheduleDetails(): void {
    if (this.detailsTimer) clearTimeout(this.detailsTimer);
    this.detailsTimer = setTimeout(() => {
      this.detailsTimer = null;
      if (this.isOpen) this.renderDetails(this.now());
    }, GUIDE_DEFAULTS.detailsSettleMs);
  }

  private renderDetails(now: number): void {
    const channel = this.channels[this.focus.row] ?? null;
    const d = guideDetails(channel, this.focusedCell, this.focus.anchorMs, now);
    this.details = d;
    this.setText('Top.Channel', d.channel);
    this.setText('Top.Title', d.title);
    this.setText('Top.Times', d.times);
    this.setText('Top.Desc', d.description);
    this.tag('Top.Bar')?.patch({ alpha: d.progress === null ? 0 : 1 });
    this.tag('Top.Bar.Fill')?.patch({ w: Math.round(600 * (d.progress ?? 0)) });
    this.setText('Top.Hint', `OK watch · ◀ ▶ time · ▲ ▼ channels · CH+/CH- page · ★ ${this.favoritesOnly ? 'all channels' : 'favorites only'} · Back close`);
  }

  // -------------------------------------------------------------------------------------------- QA

  qa(): unknown {
    const channel = this.channels[this.focus.row] ?? null;
    const cell = this.focusedCell;
    const rows = (this.tag('Grid.Rows')?.childList.get() ?? []).filter((c): c is GuideRow => c instanceof GuideRow);
    return {
      open: this.isOpen,
      filter: this.favoritesOnly ? 'favorites' : 'all',
      focus: {
        channelId: channel?.id ?? null,
        number: channel?.number ?? null,
        name: channel?.name ?? null,
        anchorMs: this.focus.anchorMs,
        cell: cell ? { key: cell.key, startMs: cell.startMs, endMs: cell.endMs, programs: cell.programs.map((p) => ({ id: p.id, title: p.title, startMs: p.startMs, endMs: p.endMs })) } : null,
        program: cell ? (cellProgramAt(cell, this.focus.anchorMs) ?? cell.programs[0] ?? null) : null,
      },
      details: this.details,
      typed: this.entry?.active ? `Go to ${this.entry.digits}_` : String(this.tag('Grid.Typed')?.text?.text ?? ''),
      view: {
        firstRow: this.view.firstRow,
        startMs: this.view.startMs,
        endMs: this.view.startMs + spanMs(),
        rows: visibleRows(this.view, this.channels.length).map((r) => ({ id: this.channels[r]?.id, number: this.channels[r]?.number, name: this.channels[r]?.name })),
      },
      pool: { rows: rows.length, visibleRows: rows.filter((r) => r.visible).length, cells: rows.reduce((n, r) => n + r.cellPoolSize, 0) },
      blocks: this.data?.blockCount ?? 0,
      lineupVersion: this.data?.version ?? null,
      renders: this.renders,
      channels: this.channels.length,
    };
  }
}
