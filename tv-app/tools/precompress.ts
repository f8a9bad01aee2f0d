// Compressed copies of the shipped text files (name.br and name.gz beside name), made once per build,
// so the server sends a TV the 1.5 MB app bundle in a fraction of the bytes without compressing per
// request (the server picks the copy the TV accepts; control-api/src/routes/tv-app).
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export const PRECOMPRESS_DEFAULTS = {
  extensions: ['.js', '.json', '.html', '.css', '.svg'], // text files worth compressing
  minBytes: 1024, // bytes: smaller files go as they are
  brotliQuality: 9, // 0-11: 9 is within a few percent of 11 at a fraction of the build time
  gzipLevel: 9, // 1-9
};

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Writes name.br and name.gz beside every shipped text file under `dir` (dot folders skipped); returns the files compressed. */
export async function precompress(dir: string, options: Partial<typeof PRECOMPRESS_DEFAULTS> = {}): Promise<string[]> {
  const o = { ...PRECOMPRESS_DEFAULTS, ...options };
  const done: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
        continue;
      }
      if (!o.extensions.some((ext) => entry.name.endsWith(ext))) continue;
      const body = await readFile(path);
      if (body.length < o.minBytes) continue;
      const [br, gzipped] = await Promise.all([
        brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: o.brotliQuality, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
        gz(body, { level: o.gzipLevel }),
      ]);
      await Promise.all([writeFile(`${path}.br`, br), writeFile(`${path}.gz`, gzipped)]);
      done.push(path);
    }
  };
  await walk(dir);
  return done;
}
