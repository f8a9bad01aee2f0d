// The live panel: one column per viewer, one row per figure (cells carry data-field and
// data-viewer so tests and QA scripts can read them), plus the wall's spread line.
import { PANEL_FIELDS, panelTexts, type ViewerSnapshot, type WallSpread } from './panel-model.js';

export class PanelView {
  readonly element: HTMLElement;
  private readonly cells = new Map<string, HTMLElement>();
  private readonly spread: HTMLElement | null;
  private readonly stages: HTMLElement[] = [];

  constructor(doc: Document, viewers: number, options: { wall: boolean }) {
    this.element = doc.createElement('div');
    this.element.className = 'panel';
    if (options.wall) {
      this.spread = doc.createElement('div');
      this.spread.className = 'spread';
      this.spread.id = 'spread';
      this.spread.textContent = 'Spread: —';
      this.element.append(this.spread);
    } else {
      this.spread = null;
    }
    const table = doc.createElement('table');
    const head = doc.createElement('tr');
    head.append(doc.createElement('th'));
    for (let v = 1; v <= viewers; v++) {
      const th = doc.createElement('th');
      th.textContent = viewers === 1 ? 'TV' : `TV ${v}`;
      head.append(th);
    }
    table.append(head);
    const rows: Array<{ field: string; label: string }> = [...PANEL_FIELDS, { field: 'stage', label: 'Stage' }];
    for (const { field, label } of rows) {
      const tr = doc.createElement('tr');
      const th = doc.createElement('th');
      th.textContent = label;
      tr.append(th);
      for (let v = 1; v <= viewers; v++) {
        const td = doc.createElement('td');
        td.dataset.field = field;
        td.dataset.viewer = String(v);
        td.textContent = '—';
        this.cells.set(`${field}:${v}`, td);
        if (field === 'stage') this.stages.push(td);
        tr.append(td);
      }
      table.append(tr);
    }
    this.element.append(table);
  }

  update(index: number, snapshot: ViewerSnapshot | null, stage: { width: number; height: number; canvas: string } | null): void {
    const texts = panelTexts(snapshot);
    for (const [field, text] of Object.entries(texts)) {
      const cell = this.cells.get(`${field}:${index}`);
      if (cell && cell.textContent !== text) cell.textContent = text;
      if (field === 'mqtt' && cell) cell.dataset.state = snapshot?.brokerUp ? 'up' : 'down';
      if (field === 'positionError' && cell) cell.dataset.ms = snapshot?.positionErrorMs === null || !snapshot ? '' : String(snapshot.positionErrorMs);
    }
    const stageCell = this.cells.get(`stage:${index}`);
    if (stageCell) {
      const text = stage ? `${stage.width}×${stage.height}` : '—';
      if (stageCell.textContent !== text) stageCell.textContent = text;
      stageCell.title = stage ? `precision ${(stage.width / 1920).toFixed(3)}, canvas ${stage.canvas}` : '';
    }
  }

  updateSpread(spread: WallSpread): void {
    if (!this.spread) return;
    const reported = spread.reportedMs === null ? '—' : `${spread.reportedMs.toFixed(2)} ms`;
    const media = spread.mediaMs === null ? '' : ` · media clocks ${spread.mediaMs.toFixed(2)} ms`;
    this.spread.textContent = `Spread: ${reported}${media} (${spread.note})`;
    this.spread.dataset.ms = spread.reportedMs === null ? '' : String(spread.reportedMs);
    this.spread.dataset.mediaMs = spread.mediaMs === null ? '' : String(spread.mediaMs);
  }
}
