// A source that cannot be packaged moves from content/inbox/ to content/failed/, with a `.error.json`
// beside it saying why (for the broadcaster, and for support).
import { access, rename, writeFile } from 'node:fs/promises';
import { extname, basename, join } from 'node:path';
import { renamedSidecar } from '../ingest/sidecars.js';

export interface FailureReport {
  jobId: string;
  source: string;
  code: string;
  message: string;
  attempts: number;
  failedAt: string;
  stderrTail: string | null;
}

const exists = (p: string) => access(p).then(() => true, () => false);

/** A free name in `dir`: "name.mp4", then "name (2).mp4", "name (3).mp4", ... */
async function freeName(dir: string, name: string): Promise<string> {
  if (!(await exists(join(dir, name))) && !(await exists(join(dir, `${name}.error.json`)))) return name;
  const ext = extname(name);
  const stem = basename(name, ext);
  for (let i = 2; ; i += 1) {
    const candidate = `${stem} (${i})${ext}`;
    if (!(await exists(join(dir, candidate))) && !(await exists(join(dir, `${candidate}.error.json`)))) return candidate;
  }
}

/**
 * Moves the source (when it is still there) and its sidecar subtitles (renamed after it when the source
 * is), and writes `<name>.error.json`. Returns the name used.
 */
export async function moveToFailed(options: { inboxDir: string; failedDir: string; source: string; sidecars?: readonly string[]; report: FailureReport }): Promise<string> {
  const from = join(options.inboxDir, options.source);
  const name = await freeName(options.failedDir, options.source);
  // The report goes first, so a source in failed/ always has its explanation beside it.
  await writeFile(join(options.failedDir, `${name}.error.json`), `${JSON.stringify({ ...options.report, movedTo: name }, null, 2)}\n`);
  if (await exists(from)) await rename(from, join(options.failedDir, name));
  for (const sidecar of options.sidecars ?? []) {
    const at = join(options.inboxDir, sidecar);
    if (await exists(at)) await rename(at, join(options.failedDir, renamedSidecar(options.source, sidecar, name)));
  }
  return name;
}
