// Every script the build ships parses on the oldest TV engine (TV_ENGINES in tools/build.ts): a
// dependency upgrade that brings newer syntax into the bundle fails here, not on a viewer's TV.
import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { buildTvAppIfNeeded, DEFAULT_APP_DIR, DEFAULT_SETTINGS_PATH, TV_ENGINES } from '../../tools/build.js';
import { engineSyntaxProblems } from '../../tools/engine-syntax.js';

async function scriptsUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await scriptsUnder(path)));
    else if (/\.(m?js|cjs)$/.test(entry.name)) out.push(path);
  }
  return out;
}

const check = (source: string) => engineSyntaxProblems(source, TV_ENGINES.ecmaVersion);

describe('tools/build: the shipped scripts parse on the oldest TV engines (Chromium 68, Safari 14)', function () {
  this.timeout(180_000); // a build when the inputs changed
  let outDir = '';

  before(async () => {
    outDir = (await buildTvAppIfNeeded({ appDir: DEFAULT_APP_DIR, settingsPath: DEFAULT_SETTINGS_PATH })).outDir;
  });

  it('targets Chromium 68 and Safari 14, at the ECMAScript level Chromium 68 parses', () => {
    expect(TV_ENGINES.esbuild).to.deep.equal(['chrome68', 'safari14']);
    expect(TV_ENGINES.ecmaVersion).to.equal(2019);
  });

  it('rejects what those engines cannot parse: class static blocks, class fields, ?., ??, lookbehind', () => {
    expect(check('var A = class { static { a(this, "A"); } };')).to.have.length(1); // esbuild keepNames on an esnext target
    expect(check('class B { x = 1; }')).to.have.length(1);
    expect(check('var c = a?.b;')).to.have.length(1);
    expect(check('var d = a ?? b;')).to.have.length(1);
    expect(check('var e = /(?<=\\$)\\d+/;')).to.have.length(1);
    expect(check('var f = new RegExp("(?<!a)b");')).to.have.length(1);
    expect(check('var g = /[\\p{L}--\\p{N}]/v;')).to.have.length(1);
    expect(check('try { f(); } catch { g(); } var h = { ...o }; async function* i() { for await (const x of y) yield x; }')).to.deep.equal([]);
  });

  it('ships startApp.js, the app bundle and the Lightning library it loads', async () => {
    const scripts = (await scriptsUnder(outDir)).map((f) => relative(outDir, f));
    expect(scripts).to.include.members(['startApp.js', 'appBundle.js', 'lib/lightning.js']);
    expect(scripts.filter((f) => f.startsWith('lib/src/')), "Lightning's sources are not shipped").to.deep.equal([]);
  });

  it('every shipped .js file parses at that level, with no syntax those engines lack', async () => {
    const files = await scriptsUnder(outDir);
    expect(files.length).to.be.at.least(3);
    const failures: string[] = [];
    for (const file of files) {
      for (const p of check(await readFile(file, 'utf8'))) failures.push(`${relative(outDir, file)}:${p.line}:${p.column} ${p.message}`);
    }
    expect(failures).to.deep.equal([]);
  });
});
