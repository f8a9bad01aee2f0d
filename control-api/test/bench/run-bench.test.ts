import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBench } from '../../bench/report/run-bench.js';

const VALID = JSON.stringify({ bench: 'fake', title: 'Fake', figures: [{ id: 'x', label: 'x', value: 1, unit: 'ms' }] });
/** Running (a zombie waiting to be reaped by an init that is not ours counts as gone). */
const isAlive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
};

describe('running one bench as a child process', function () {
  this.timeout(30_000);
  let dir = '';
  const script = async (name: string, body: string) => {
    await writeFile(join(dir, name), body);
    return name;
  };
  const run = (name: string, timeoutMs = 20_000) =>
    runBench({ cwd: dir, script: name, args: ['--level', '3'], timeoutMs, jsonPath: join(dir, `${name}.json`), logPath: join(dir, `${name}.log`) });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ss-bench-run-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('passes --json, logs the output and reads the result', async () => {
    const name = await script('ok.ts', `
      import { writeFileSync } from 'node:fs';
      const argv = process.argv.slice(2);
      console.log('args', argv.join(' '));
      writeFileSync(argv[argv.indexOf('--json') + 1] as string, ${JSON.stringify(VALID)});`);
    const r = await run(name);
    expect(r.status).to.equal('ok');
    expect(r.exitCode).to.equal(0);
    expect(r.result?.figures[0]?.value).to.equal(1);
    expect(r.durationMs).to.be.greaterThan(0);
    expect(await readFile(join(dir, 'ok.ts.log'), 'utf8')).to.include(`args --level 3 --json ${join(dir, 'ok.ts.json')}`);
  });

  it('reports a missing script without running anything', async () => {
    const r = await run('nope.ts');
    expect(r).to.deep.include({ status: 'missing', detail: 'nope.ts not found', durationMs: null });
  });

  it('reports a failing bench with its exit code and last error line', async () => {
    const r = await run(await script('fail.ts', `console.error('first'); console.error('SS_X: it broke'); process.exit(3);`));
    expect(r).to.deep.include({ status: 'failed', exitCode: 3, detail: 'SS_X: it broke' });
  });

  it('tells a bench that wrote no result from one that wrote garbage', async () => {
    expect((await run(await script('quiet.ts', `console.log('figures only in text');`))).status).to.equal('no-result');
    const bad = await run(await script('bad.ts', `
      import { writeFileSync } from 'node:fs';
      writeFileSync(process.env.BENCH_JSON as string, '{"bench":"fake","figures":[]}');`));
    expect(bad.status).to.equal('invalid-result');
    expect(bad.detail).to.match(/title/);
  });

  it('stops a bench at its time budget, with the helpers it started', async () => {
    const name = await script('hang.ts', `
      import { spawn } from 'node:child_process';
      const helper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      console.log('helper', helper.pid);
      setInterval(() => {}, 1000);`);
    const r = await run(name, 3_000);
    expect(r.status).to.equal('timeout');
    const helper = Number(/helper (\d+)/.exec(await readFile(join(dir, 'hang.ts.log'), 'utf8'))?.[1]);
    expect(helper).to.be.greaterThan(0);
    await new Promise((res) => setTimeout(res, 200));
    expect(isAlive(helper)).to.equal(false);
  });
});
