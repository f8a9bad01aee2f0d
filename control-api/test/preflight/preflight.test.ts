// The start-up preflight with an injected machine and installer: what it installs, when it stops and
// what it says, and that it installs nothing on a machine that has everything.
import { expect } from 'chai';
import { runPreflight, describePreflightFailure, minimumFromEngines, versionAtLeast, type InstallMethod, type PreflightDeps } from '../../src/preflight/preflight.js';
import { loadSystemPackages, type SystemPackage } from '../../src/preflight/system-packages.js';
import { captureLogger } from '../../src/logging/capture-logger.js';

const RUN = loadSystemPackages().run;

/** A machine that has `commands` and `files`; installing a package makes what it lists appear. */
function fakeMachine(o: { commands?: string[]; files?: string[]; method?: InstallMethod | null; installFails?: string; mediaProblems?: string[] }) {
  const commands = new Set(o.commands ?? []);
  const files = new Set(o.files ?? []);
  const installs: string[][] = [];
  const captured = captureLogger();
  let mediaChecks = 0;
  const deps: PreflightDeps = {
    packages: RUN,
    nodeVersion: '20.19.1',
    minNodeVersion: '20.19',
    needsMedia: true,
    explicitTools: {},
    machine: {
      which: (c) => (commands.has(c) ? `/usr/bin/${c}` : null),
      fileExists: (f) => files.has(f) || [...commands].some((c) => f === `/usr/bin/${c}`),
      dpkgInstalled: () => false,
    },
    installer: {
      method: async () => (o.method === undefined ? 'root' : o.method),
      install: async (packages, _method, progress) => {
        installs.push(packages);
        if (o.installFails) throw new Error(o.installFails);
        for (const name of packages) {
          const p = RUN.find((x) => x.package === name) as SystemPackage;
          for (const c of p.commands ?? []) commands.add(c);
          for (const f of p.files ?? []) files.add(f);
          progress.info(`apt-get: set up ${name}`);
        }
      },
    },
    checkMediaTools: async () => {
      mediaChecks += 1;
      return { problems: o.mediaProblems ?? [] };
    },
    logger: captured.logger.child({ component: 'preflight' }),
  };
  return {
    deps,
    installs,
    /** The messages logged, in order. */
    get log() {
      return captured.records.map((r) => r.msg);
    },
    records: captured.records,
    mediaChecks: () => mediaChecks,
  };
}

const EVERYTHING = { commands: RUN.flatMap((p) => p.commands ?? []), files: RUN.flatMap((p) => p.files ?? []) };

describe('start-up preflight', () => {
  it('the run list is ffmpeg (ffmpeg + ffprobe) and the sample font, each with its reason', () => {
    expect(RUN.map((p) => p.package)).to.deep.equal(['ffmpeg', 'fonts-dejavu-core']);
    expect(RUN[0]?.commands).to.deep.equal(['ffmpeg', 'ffprobe']);
    for (const p of RUN) expect(p.why.length).to.be.greaterThan(10);
  });

  it('missing, and root: installs exactly the run list, says why, then checks ffmpeg', async () => {
    const m = fakeMachine({ method: 'root' });
    const result = await runPreflight(m.deps);
    expect(result).to.deep.equal({ ok: true, installed: ['ffmpeg', 'fonts-dejavu-core'] });
    expect(m.installs).to.deep.equal([['ffmpeg', 'fonts-dejavu-core']]);
    expect(m.log.join('\n')).to.match(/installing ffmpeg, fonts-dejavu-core with apt-get \(as root\)/).and.match(/ffmpeg: the content pipeline/).and.match(/set up ffmpeg/);
    expect(m.mediaChecks()).to.equal(1);
  });

  it('logs what it installs and why on the logger it is given, as info records of its component', async () => {
    const m = fakeMachine({ method: 'root' });
    await runPreflight(m.deps);
    expect(m.records.length).to.be.greaterThan(3);
    for (const r of m.records) expect(r).to.include({ component: 'preflight', level: 'info' });
    expect(m.records[0]).to.deep.include({ packages: ['ffmpeg', 'fonts-dejavu-core'], method: 'root' });
    expect(m.records.at(-1)).to.deep.include({ packages: ['ffmpeg', 'fonts-dejavu-core'], msg: 'installed ffmpeg, fonts-dejavu-core' });
  });

  it('only ffprobe missing, through sudo: installs ffmpeg alone', async () => {
    const m = fakeMachine({ method: 'sudo', commands: ['ffmpeg'], files: EVERYTHING.files });
    expect(await runPreflight(m.deps)).to.deep.equal({ ok: true, installed: ['ffmpeg'] });
    expect(m.installs).to.deep.equal([['ffmpeg']]);
    expect(m.log[0]).to.include('through sudo');
  });

  it('missing and no way to install: fails with the one command that fixes it, installs nothing', async () => {
    const m = fakeMachine({ method: null });
    const result = await runPreflight(m.deps);
    expect(result.ok).to.equal(false);
    if (result.ok) return;
    expect(result.fix).to.deep.equal(['sudo apt-get install -y ffmpeg fonts-dejavu-core']);
    expect(m.installs).to.deep.equal([]);
    expect(m.mediaChecks()).to.equal(0);
    const text = describePreflightFailure(result);
    expect(text).to.include('sudo apt-get install -y ffmpeg fonts-dejavu-core').and.include('README.md, section "Run it, test it"').and.include('not root');
  });

  it('present: installs nothing and passes once ffmpeg has what the pipeline uses', async () => {
    const m = fakeMachine({ ...EVERYTHING, method: 'root' });
    expect(await runPreflight(m.deps)).to.deep.equal({ ok: true, installed: [] });
    expect(m.installs).to.deep.equal([]);
    expect(m.mediaChecks()).to.equal(1);
  });

  it('an ffmpeg without libx264 or loudnorm stops the start, naming what it lacks', async () => {
    const m = fakeMachine({ ...EVERYTHING, mediaProblems: ['ffmpeg (/opt/ffmpeg) lacks the libx264 encoder, the loudnorm filter'] });
    const result = await runPreflight(m.deps);
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(describePreflightFailure(result)).to.include('lacks the libx264 encoder').and.include('sudo apt-get install -y ffmpeg');
  });

  it('a failed apt-get stops the start with apt\'s message and the command', async () => {
    const m = fakeMachine({ method: 'root', installFails: 'E: Unable to locate package ffmpeg' });
    const result = await runPreflight(m.deps);
    expect(result).to.deep.include({ ok: false, fix: ['sudo apt-get install -y ffmpeg fonts-dejavu-core'] });
    if (!result.ok) expect(result.problems.join(' ')).to.include('Unable to locate package ffmpeg');
  });

  it('FFMPEG_PATH naming no program stops the start; it is never installed over', async () => {
    const m = fakeMachine({ ...EVERYTHING });
    m.deps.explicitTools = { ffmpeg: '/opt/none/ffmpeg' };
    const result = await runPreflight(m.deps);
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.problems[0]).to.include('FFMPEG_PATH is set to "/opt/none/ffmpeg"');
    expect(m.installs).to.deep.equal([]);
  });

  it('the API alone needs no media tools; an old Node stops every start', async () => {
    const api = fakeMachine({ method: null });
    api.deps.needsMedia = false;
    expect(await runPreflight(api.deps)).to.deep.equal({ ok: true, installed: [] });
    const old = fakeMachine({ ...EVERYTHING });
    old.deps.nodeVersion = '20.11.0';
    const result = await runPreflight(old.deps);
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.problems[0]).to.include('Node.js 20.11.0 is too old').and.include('20.19');
  });

  it('reads the Node minimum from engines and compares versions numerically', () => {
    expect(minimumFromEngines('>=20.19')).to.equal('20.19');
    expect(() => minimumFromEngines('^20')).to.throw(/expected ">=X.Y"/);
    expect(versionAtLeast('20.19.0', '20.19')).to.equal(true);
    expect(versionAtLeast('20.9.0', '20.19')).to.equal(false);
    expect(versionAtLeast('22.0.0', '20.19')).to.equal(true);
  });
});
