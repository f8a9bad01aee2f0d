// One row of the guide: the channel (number and name) and its cells over the view. Rows and cells
// are recycled: a row keeps its channel while it stays in view, and a cell element is only
// re-patched where its box, label or look changed (text is re-rendered only when it changes).
import { Lightning } from '@lightningjs/sdk';

export const GUIDE_ROW_LOOK = {
  labelWidth: 300, // stage pixels of the channel column
  cellsX: 316, // stage pixels from the row's left to the first column
  cellHeight: 76, // stage pixels
  cellGap: 4, // stage pixels between cells
  minLabelWidth: 56, // stage pixels: narrower cells carry no title
  fontSize: 26, // stage pixels
  colors: {
    label: 0xff18233a,
    labelFocused: 0xff2c4470,
    cell: 0xff1c2740,
    cellNow: 0xff28395a,
    cellFocused: 0xff2f6fe0, // focus: a bright box; the title keeps its colour (no text redraw)
    text: 0xffe8eef7,
    number: 0xfff5c542,
  },
};

export interface RowCellSpec {
  key: string;
  x: number;
  w: number;
  title: string;
  focused: boolean;
  onNow: boolean;
}

interface GuideRowTemplateSpec extends Lightning.Component.TemplateSpec {
  Label: { Number: object; Name: object };
  Cells: object;
}

interface CellLook {
  key: string;
  x: number;
  w: number;
  color: number;
  label: string;
}

export default class GuideRow
  extends Lightning.Component<GuideRowTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<GuideRowTemplateSpec>
{
  static override _template(): Lightning.Component.Template<GuideRowTemplateSpec> {
    const L = GUIDE_ROW_LOOK;
    return {
      h: L.cellHeight,
      Label: {
        w: L.labelWidth,
        h: L.cellHeight,
        rect: true,
        color: L.colors.label,
        Number: { x: 16, y: 20, text: { text: '', fontSize: 30, textColor: L.colors.number } },
        Name: { x: 96, y: 22, text: { text: '', fontSize: L.fontSize, textColor: L.colors.text, wordWrapWidth: L.labelWidth - 110, maxLines: 1, maxLinesSuffix: '…' } },
      },
      Cells: { x: L.cellsX, clipping: true, w: 1440, h: L.cellHeight },
    };
  }

  /** The channel this row shows (rows are reassigned as the view scrolls). */
  channelId: string | null = null;
  private looks: CellLook[] = [];
  private labelKey = '';

  setChannel(channel: { id: string; number: number; name: string } | null, focused: boolean): void {
    this.channelId = channel?.id ?? null;
    const key = channel ? `${channel.number}|${channel.name}` : '';
    if (key !== this.labelKey) {
      this.labelKey = key;
      this.tag('Label.Number')?.patch({ text: { text: channel ? String(channel.number) : '' } });
      this.tag('Label.Name')?.patch({ text: { text: channel?.name ?? '' } });
    }
    this.tag('Label')?.patch({ color: focused ? GUIDE_ROW_LOOK.colors.labelFocused : GUIDE_ROW_LOOK.colors.label });
  }

  /**
   * Shows these cells. An element keeps its cell while the cell stays in view (scrolling moves it,
   * its title is not drawn again); freed elements take the cells that came in; the pool grows to the
   * largest count seen and spare elements are hidden.
   */
  setCells(cells: readonly RowCellSpec[]): void {
    const L = GUIDE_ROW_LOOK;
    const host = this.tag('Cells');
    if (!host) return;
    while (host.childList.length < cells.length) {
      host.childList.a({
        rect: true,
        h: L.cellHeight,
        color: L.colors.cell,
        Title: { x: 12, y: 22, text: { text: '', fontSize: L.fontSize, textColor: L.colors.text, maxLines: 1, maxLinesSuffix: '…', wordWrapWidth: 100 } },
      });
      this.looks.push({ key: '', x: -1, w: -1, color: 0, label: '' });
    }
    const children = host.childList.get();
    const wanted = new Set(cells.map((c) => c.key));
    const byKey = new Map<string, number>();
    const free: number[] = [];
    this.looks.forEach((look, i) => {
      if (look.key !== '' && wanted.has(look.key) && !byKey.has(look.key)) byKey.set(look.key, i);
      else free.push(i);
    });
    const used = new Set<number>();
    for (const c of cells) {
      const i = byKey.get(c.key) ?? free.shift();
      const el = i === undefined ? undefined : children[i];
      const look = i === undefined ? undefined : this.looks[i];
      if (i === undefined || !el || !look) continue;
      used.add(i);
      look.key = c.key;
      if (!el.visible) el.visible = true;
      const w = Math.max(2, c.w - L.cellGap);
      const color = c.focused ? L.colors.cellFocused : c.onNow ? L.colors.cellNow : L.colors.cell;
      const label = w >= L.minLabelWidth ? c.title : '';
      if (look.x !== c.x || look.w !== w || look.color !== color) {
        el.patch({ x: c.x, w, color });
        look.x = c.x;
        look.color = color;
      }
      if (look.label !== label || look.w !== w) {
        el.tag('Title')?.patch({ text: { text: label, wordWrapWidth: Math.max(10, w - 24) } });
        look.label = label;
      }
      look.w = w;
    }
    this.looks.forEach((look, i) => {
      if (used.has(i)) return;
      look.key = '';
      const el = children[i];
      if (el?.visible) el.visible = false;
    });
  }

  /** Cell elements built so far (for QA: the pool stays small). */
  get cellPoolSize(): number {
    return this.tag('Cells')?.childList.length ?? 0;
  }
}
