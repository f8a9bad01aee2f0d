// The seams between the top-level folders (control-api, pipeline, tv-app): an import that crosses one
// goes through a declared alias of package.json "imports", never a `../../` path. #core is the home of
// the browser-safe contracts (tv-app/src/core), #contracts of the server's (control-api/src/contracts);
// the composition aliases reach only the entry modules listed below. Fails naming file:line.
// It sits at the test root because it checks the whole workspace, not one module of src/.
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));

interface AliasRule {
  /** Folder the alias maps to, from the repository root. */
  target: string;
  /** Modules reachable through it (paths under `target`); null: any module of a contract home. */
  entries: readonly string[] | null;
}

/** Every alias of package.json "imports": where it leads and what it may reach. */
const ALIASES: Record<string, AliasRule> = {
  '#core/': { target: 'tv-app/src/core/', entries: null },
  '#contracts/': { target: 'control-api/src/contracts/', entries: null },
  // Composition: the server's settings loader, store, lineup and programming services, for the
  // pipeline's CLI (the demo lineup), its tests and bench, and the TV app's whole-system harness
  // (seeding a lineup); and the one root
  // logger factory, so `npm run pipeline` logs in the same shape as npm start (its tests capture it).
  '#control-api/': {
    target: 'control-api/src/',
    entries: ['config/load-settings.js', 'store/open-store.js', 'store/embedded-store.js', 'services/lineup/index.js', 'services/programming/programming-service.js', 'logging/create-logger.js', 'logging/capture-logger.js'],
  },
  // The pipeline's entry points: `npm start` starts it, preflight checks its media tools, API tests
  // make their media with its worker, and the sample sources are shared with the machine check.
  // The browser tests' fixtures package with the pipeline's ladder builder (probe, ladder plan,
  // loudness plan, ladder arguments, runner, packaged-output check and asset document), so what
  // they serve is what the pipeline writes. The live output reads packaged manifests with the
  // pipeline's own MPD reader and track listing (audio languages, text tracks and their roles). The track tests (pipeline and browser) package the same tracks sample,
  // the TV's captions test through the worker's own packaging step (tracks, sidecars, publish).
  '#pipeline/': {
    target: 'pipeline/src/',
    entries: [
      'start.js', 'ffmpeg/runner.js', 'ffmpeg/capabilities.js', 'worker/worker.js', 'sample/sample-sources.js',
      'defaults.js', 'ffmpeg/args.js', 'ffmpeg/ladder-plan.js', 'media/probe.js', 'media/loudness.js', 'worker/publish.js',
      'media/manifest.js', 'sample/tracks-source.js', 'worker/package-source.js', 'media/track-manifests.js',
    ],
  },
  // `npm start` builds the TV app.
  '#tv-tools/': { target: 'tv-app/tools/', entries: ['build.js'] },
  // The one result format every bench writes (`npm run bench`).
  '#bench-report/': { target: 'control-api/bench/report/', entries: ['bench-result.js', 'tv-result.js'] },
};

const BOUNDARY_RULES = {
  folders: ['control-api', 'pipeline', 'tv-app'],
  /** Directory names never scanned: dependencies and build output. */
  skippedDirs: /^(node_modules|build|dist|build\.old-.*|\..*)$/,
  /** The TV app's bundle: it may reach the browser-safe contracts only. */
  browserRoot: 'tv-app/src/',
  browserAliases: ['#core/'],
  aliases: ALIASES,
};

interface PackageJson {
  name?: string;
  imports?: Record<string, string>;
  exports?: Record<string, string>;
}

const readPackage = (dir: string): PackageJson => JSON.parse(readFileSync(join(REPO, dir, 'package.json'), 'utf8')) as PackageJson;

/** The folder of the package.json a file's `#` imports resolve against: its nearest (tv-app has its own). */
function packageDirOf(file: string): string {
  for (let dir = posix.dirname(file); dir !== '.'; dir = posix.dirname(dir)) {
    if (existsSync(join(REPO, dir, 'package.json'))) return dir;
  }
  return '.';
}

/** Alias prefix -> folder from the repository root, as a package.json declares it (`#x/*` keys only). */
function declaredAliases(packageDir: string, root: PackageJson): Map<string, string> {
  const pkg = packageDir === '.' ? root : readPackage(packageDir);
  const out = new Map<string, string>();
  for (const [key, target] of Object.entries(pkg.imports ?? {})) {
    const alias = key.replace(/\*$/, '');
    if (target.startsWith('./')) {
      out.set(alias, posix.join(packageDir, target.slice(2)).replace(/\*$/, ''));
    } else if (root.name && target.startsWith(`${root.name}/`)) {
      // A package specifier: the root package, through its "exports".
      const exported = root.exports?.[`./${target.slice(root.name.length + 1)}`];
      out.set(alias, exported ? exported.replace(/^\.\//, '').replace(/\*$/, '') : `(not exported: ${target})`);
    } else {
      out.set(alias, `(unsupported target: ${target})`);
    }
  }
  return out;
}

interface ImportSite {
  line: number;
  /** null: a computed `import(expr)`, which cannot be checked. */
  specifier: string | null;
}

/** Every module specifier of a file: import/export ... from, import(), import type(), require(). */
function importSites(file: string, text: string): ImportSite[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const sites: ImportSite[] = [];
  const add = (node: ts.Node, specifier: string | null) =>
    sites.push({ line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, specifier });
  const literal = (node: ts.Node | undefined): node is ts.StringLiteralLike => !!node && ts.isStringLiteralLike(node);
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && literal(node.moduleSpecifier)) {
      add(node.moduleSpecifier, node.moduleSpecifier.text);
    } else if (ts.isExternalModuleReference(node) && literal(node.expression)) {
      add(node.expression, node.expression.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && literal(node.argument.literal)) {
      add(node.argument, node.argument.literal.text);
    } else if (ts.isCallExpression(node)) {
      const dynamic = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const required = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (dynamic || required) {
        const arg = node.arguments[0];
        add(arg ?? node, literal(arg) ? arg.text : null);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sites;
}

interface BoundaryContext {
  rootName: string;
  /** The aliases a package ('.' for the root, 'tv-app') declares. */
  aliasesOf(packageDir: string): ReadonlyMap<string, string>;
}

/** Why this import breaks a seam, or null. `file` is repository-relative with '/'. */
function boundaryViolation(file: string, site: ImportSite, context: BoundaryContext): string | null {
  const folder = file.split('/')[0] ?? '';
  const spec = site.specifier;
  if (spec === null) return 'a computed import() or require() cannot be checked: use a literal path';
  if (spec.startsWith('.')) {
    const target = posix.normalize(posix.join(posix.dirname(file), spec));
    if (target.split('/')[0] === folder && !target.startsWith('..')) return null;
    return `'${spec}' leaves ${folder}/: import #core/… or #contracts/…, or a declared entry`;
  }
  if (spec.startsWith('/') || spec.startsWith('file:')) return `'${spec}' is an absolute path: use an alias`;
  if (spec === context.rootName || spec.startsWith(`${context.rootName}/`) || spec.startsWith('@streamsync/')) {
    return `'${spec}' goes around the aliases: import it as #…`;
  }
  if (!spec.startsWith('#')) return null; // a dependency or a node: builtin
  const alias = Object.keys(BOUNDARY_RULES.aliases).find((a) => spec.startsWith(a));
  const rule = alias ? BOUNDARY_RULES.aliases[alias] : undefined;
  const packageDir = packageDirOf(file);
  if (!alias || !rule || !context.aliasesOf(packageDir).has(alias)) {
    return `'${spec}': no such alias in ${packageDir === '.' ? '' : `${packageDir}/`}package.json`;
  }
  if (file.startsWith(BOUNDARY_RULES.browserRoot) && !BOUNDARY_RULES.browserAliases.includes(alias)) {
    return `'${spec}': the TV app's bundle reaches only ${BOUNDARY_RULES.browserAliases.join(', ')}`;
  }
  const entry = spec.slice(alias.length);
  if (rule.entries && !rule.entries.includes(entry)) {
    return `'${spec}' is not a declared entry of ${alias} (${rule.entries.join(', ')})`;
  }
  return null;
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(REPO, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!BOUNDARY_RULES.skippedDirs.test(entry.name)) out.push(...tsFiles(path));
    } else if (/\.(ts|mts|cts|tsx)$/.test(entry.name)) {
      out.push(path);
    }
  }
  return out;
}

function repoContext(): BoundaryContext {
  const root = readPackage('.');
  const cache = new Map<string, Map<string, string>>();
  return {
    rootName: root.name ?? '',
    aliasesOf(packageDir) {
      const known = cache.get(packageDir);
      if (known) return known;
      const aliases = declaredAliases(packageDir, root);
      cache.set(packageDir, aliases);
      return aliases;
    },
  };
}

const scannedFiles = (): string[] => BOUNDARY_RULES.folders.flatMap((folder) => tsFiles(folder));

describe('boundaries between control-api, pipeline and tv-app', () => {
  it('the root package.json declares exactly the aliases of the rules', () => {
    const expected = Object.entries(BOUNDARY_RULES.aliases).map(([alias, rule]) => [alias, rule.target]);
    expect(Object.fromEntries(repoContext().aliasesOf('.'))).to.deep.equal(Object.fromEntries(expected));
  });

  it("tv-app/package.json's aliases (any nested package's) reach the same folders as the root's", () => {
    const context = repoContext();
    const nested = [...new Set(scannedFiles().map(packageDirOf))].filter((dir) => dir !== '.');
    expect(nested).to.include('tv-app');
    for (const dir of nested) {
      for (const [alias, target] of context.aliasesOf(dir)) {
        expect(target, `${dir}/package.json ${alias}*`).to.equal(BOUNDARY_RULES.aliases[alias]?.target);
      }
    }
  });

  it('every import that crosses a folder goes through a declared alias and entry', () => {
    const context = repoContext();
    const files = scannedFiles();
    expect(files.length).to.be.greaterThan(300);
    const problems: string[] = [];
    for (const file of files) {
      for (const site of importSites(file, readFileSync(join(REPO, file), 'utf8'))) {
        const why = boundaryViolation(file, site, context);
        if (why) problems.push(`${file}:${site.line} ${why}`);
      }
    }
    expect(problems, `imports across folders:\n  ${problems.join('\n  ')}\n`).to.deep.equal([]);
  });

  describe('the check itself', () => {
    const context = repoContext();
    const check = (file: string, text: string) =>
      importSites(file, text).flatMap((site) => {
        const why = boundaryViolation(file, site, context);
        return why ? [`${site.line} ${why}`] : [];
      });

    it('fails a relative import out of its folder, in every form, naming the line', () => {
      const text = [
        "import { x } from '../../control-api/src/app.js';",
        "export * from '../../tv-app/src/core/protocol.js';",
        'const m = async () => {',
        "  await import('../../../pipeline/src/cli.js');",
        '};',
        'import {',
        '  y,',
        "} from '../../control-api/src/store/lineup-store.js';",
        "type T = import('../../control-api/src/app.js').T;",
        "import '../../tv-app/tools/build.js';",
      ].join('\n');
      expect(check('pipeline/src/a.ts', text).map((p) => Number.parseInt(p, 10))).to.deep.equal([1, 2, 4, 8, 9, 10]);
    });

    it('fails an undeclared alias, an entry off the list, server code in the TV bundle, and a way around', () => {
      expect(check('pipeline/src/a.ts', "import '#secret/x.js';")).to.have.length(1);
      expect(check('pipeline/src/a.ts', "import { buildApp } from '#control-api/app.js';")).to.have.length(1);
      expect(check('tv-app/test/a.ts', "import '#tv-tools/build.js';")).to.have.length(1); // not declared for tv-app
      expect(check('tv-app/test/a.ts', "import '#pipeline/cli.js';")).to.have.length(1); // not an entry
      expect(check('tv-app/src/a.ts', "import { ladderArgs } from '#pipeline/ffmpeg/args.js';")).to.have.length(1); // the bundle
      expect(check('tv-app/src/a.ts', "import type { Asset } from '#contracts/lineup.js';")).to.have.length(1);
      expect(check('tv-app/test/a.ts', "import 'streamsync-tv/control-api/app.js';")).to.have.length(1);
      expect(check('control-api/src/a.ts', "import '@streamsync/tv-app/src/core/protocol.js';")).to.have.length(1);
      expect(check('control-api/src/a.ts', 'const f = (p: string) => import(p);')).to.have.length(1);
    });

    it('passes imports inside a folder, contracts through their aliases, declared entries and comments', () => {
      const text = [
        "// from '../../control-api/src/app.js' in a comment",
        "import { Topics } from '#core/protocol.js';",
        "import type { Asset } from '#contracts/lineup.js';",
        "import { loadSettings } from '#control-api/config/load-settings.js';",
        "import { join } from 'node:path';",
        "import { helper } from '../support/helper.js';",
        "const s = '../../tv-app/src/core/protocol.js';",
      ].join('\n');
      expect(check('pipeline/test/a/b.test.ts', text)).to.deep.equal([]);
      expect(check('tv-app/test/browser/a.ts', "import type { Asset } from '#contracts/lineup.js';")).to.deep.equal([]);
      expect(check('tv-app/test/browser/a.ts', "import { planLadder } from '#pipeline/ffmpeg/ladder-plan.js';")).to.deep.equal([]);
    });
  });
});
