// The guide's schedule data: fetched lazily from GET /v1/epg in fixed time blocks (only the blocks
// around what is on screen), kept per block, dropped when the lineup version changes. Programs are
// shown as the API returns them (the API materializes looping channels), a programmed channel's
// parts, breaks and filler folded into one entry per program.
import { foldIntoPrograms } from '../../core/guide-fold.js';
import type { GridProgram } from './epg-grid.js';

export const EPG_DATA_DEFAULTS = {
  blockMs: 3 * 3_600_000, // milliseconds of schedule per request (aligned to multiples of this)
  maxBlocks: 12, // blocks kept; the ones farthest from the view are dropped first
};

export interface EpgSource {
  getJson(path: string): Promise<unknown>;
}

export interface EpgDataOptions {
  api: EpgSource;
  /** Called when a block arrives (the grid redraws). */
  onLoaded: () => void;
  blockMs?: number;
  maxBlocks?: number;
}

interface Block {
  startMs: number;
  programs: Map<string, GridProgram[]>;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Parses a GET /v1/epg reply into channel id -> programs; null when it is not an EPG. */
export function parseEpg(body: unknown): { version: number; channels: Map<string, GridProgram[]> } | null {
  if (!isRecord(body) || !Array.isArray(body.channels) || typeof body.version !== 'number') return null;
  const channels = new Map<string, GridProgram[]>();
  for (const entry of body.channels) {
    if (!isRecord(entry) || !isRecord(entry.channel) || typeof entry.channel.id !== 'string' || !Array.isArray(entry.programs)) continue;
    const list: GridProgram[] = [];
    for (const p of entry.programs) {
      if (!isRecord(p) || typeof p.id !== 'string' || typeof p.title !== 'string' || typeof p.startMs !== 'number' || typeof p.endMs !== 'number') continue;
      const program: GridProgram = { id: p.id, title: p.title, startMs: p.startMs, endMs: p.endMs };
      if (typeof p.description === 'string' && p.description !== '') program.description = p.description;
      if (p.kind === 'program' || p.kind === 'filler' || p.kind === 'break' || p.kind === 'slate') program.kind = p.kind;
      if (typeof p.part === 'number') program.part = p.part;
      list.push(program);
    }
    channels.set(entry.channel.id, list);
  }
  return { version: body.version, channels };
}

export class EpgData {
  private readonly blocks = new Map<number, Block>();
  private readonly pending = new Map<number, Promise<void>>();
  private generation = 0;
  private readonly blockMs: number;
  private readonly maxBlocks: number;
  private lastVersion: number | null = null;
  private centerMs = 0;

  constructor(private readonly opt: EpgDataOptions) {
    this.blockMs = opt.blockMs ?? EPG_DATA_DEFAULTS.blockMs;
    this.maxBlocks = opt.maxBlocks ?? EPG_DATA_DEFAULTS.maxBlocks;
  }

  /** The lineup version of the last reply. */
  get version(): number | null {
    return this.lastVersion;
  }

  /** Forgets everything (a lineup change); replies still in flight are ignored. */
  invalidate(): void {
    this.generation++;
    this.blocks.clear();
    this.pending.clear();
  }

  blockStarts(fromMs: number, toMs: number): number[] {
    const out: number[] = [];
    for (let t = Math.floor(fromMs / this.blockMs) * this.blockMs; t < toMs; t += this.blockMs) out.push(t);
    return out;
  }

  /** True when every block over [fromMs, toMs) is loaded. */
  has(fromMs: number, toMs: number): boolean {
    return this.blockStarts(fromMs, toMs).every((b) => this.blocks.has(b));
  }

  /** Fetches the missing blocks over [fromMs, toMs); resolves when they are in (failures are retried on the next call). */
  ensure(fromMs: number, toMs: number): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const start of this.blockStarts(fromMs, toMs)) {
      if (this.blocks.has(start)) continue;
      waits.push(this.pending.get(start) ?? this.fetchBlock(start));
    }
    this.centerMs = (fromMs + toMs) / 2;
    this.evict();
    return Promise.all(waits).then(() => undefined);
  }

  /** Programs of a channel overlapping [fromMs, toMs), sorted, each once; a program's parts, breaks and filler as one. */
  programs(channelId: string, fromMs: number, toMs: number): GridProgram[] {
    const seen = new Set<string>();
    const out: GridProgram[] = [];
    for (const start of this.blockStarts(fromMs, toMs)) {
      for (const p of this.blocks.get(start)?.programs.get(channelId) ?? []) {
        if (p.endMs <= fromMs || p.startMs >= toMs || seen.has(p.id)) continue;
        seen.add(p.id);
        out.push(p);
      }
    }
    return foldIntoPrograms(out.sort((a, b) => a.startMs - b.startMs));
  }

  get blockCount(): number {
    return this.blocks.size;
  }

  private fetchBlock(start: number): Promise<void> {
    const generation = this.generation;
    const promise = this.opt.api
      .getJson(`/v1/epg?from=${start}&to=${start + this.blockMs}`)
      .then((body) => {
        if (generation !== this.generation) return;
        const epg = parseEpg(body);
        if (!epg) return;
        this.lastVersion = epg.version;
        this.blocks.set(start, { startMs: start, programs: epg.channels });
        this.evict();
        this.opt.onLoaded();
      })
      .catch(() => {
        // Left missing: the next ensure() asks again.
      })
      .finally(() => {
        if (this.pending.get(start) === promise) this.pending.delete(start);
      });
    this.pending.set(start, promise);
    return promise;
  }

  /** Drops the blocks farthest from the last window asked for, down to maxBlocks. */
  private evict(): void {
    if (this.blocks.size <= this.maxBlocks) return;
    const c = this.centerMs;
    const far = [...this.blocks.keys()].sort((a, b) => Math.abs(b - c) - Math.abs(a - c));
    for (const key of far.slice(0, this.blocks.size - this.maxBlocks)) this.blocks.delete(key);
  }
}
