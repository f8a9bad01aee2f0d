// Finds complete source files in content/inbox/. A file counts as complete when its size and mtime are the
// same at two looks: the previous pass's look, or a second look `settleMs` after the first in this pass.
// A file renamed into the inbox (the recommended way to deliver) is complete at once and passes both looks.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isSidecarName } from './sidecars.js';

export interface InboxEntry {
  /** File name inside the inbox (not a path). */
  name: string;
  sizeBytes: number;
  mtimeMs: number;
}

export interface InboxScannerOptions {
  inboxDir: string;
  settleMs: number;
  sleep: (ms: number) => Promise<void>;
}

/** Names that are never sources: hidden files, the usual in-progress suffixes of copy tools, sidecar subtitles. */
export function isCandidateName(name: string): boolean {
  if (name.startsWith('.') || isSidecarName(name)) return false;
  return !/\.(part|partial|tmp|crdownload|download|filepart|error\.json)$/i.test(name);
}

export class InboxScanner {
  private previous = new Map<string, InboxEntry>();

  constructor(private readonly options: InboxScannerOptions) {}

  /** One look: regular files in the inbox, sorted by name. */
  async look(): Promise<InboxEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.options.inboxDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const entries: InboxEntry[] = [];
    for (const name of names.filter(isCandidateName).sort()) {
      try {
        const s = await stat(join(this.options.inboxDir, name));
        if (s.isFile()) entries.push({ name, sizeBytes: s.size, mtimeMs: s.mtimeMs });
      } catch {
        // vanished between readdir and stat: not complete
      }
    }
    return entries;
  }

  /**
   * Complete files among those `wanted` says are worth a look (files with a finished job are skipped, so
   * a pass over an unchanged inbox neither waits nor reads anything else).
   */
  async completeFiles(wanted: (entry: InboxEntry) => Promise<boolean>): Promise<InboxEntry[]> {
    const first = await this.look();
    const candidates: InboxEntry[] = [];
    for (const entry of first) if (await wanted(entry)) candidates.push(entry);
    const same = (a: InboxEntry, b: InboxEntry | undefined) => b !== undefined && a.sizeBytes === b.sizeBytes && a.mtimeMs === b.mtimeMs;
    const complete = candidates.filter((e) => same(e, this.previous.get(e.name)));
    const unsettled = candidates.filter((e) => !complete.includes(e));
    let latest = first;
    if (unsettled.length > 0) {
      await this.options.sleep(this.options.settleMs);
      latest = await this.look();
      const now = new Map(latest.map((e) => [e.name, e]));
      for (const e of unsettled) {
        const again = now.get(e.name);
        if (again && same(e, again)) complete.push(again);
      }
    }
    this.previous = new Map(latest.map((e) => [e.name, e]));
    return complete.sort((a, b) => a.name.localeCompare(b.name));
  }
}
