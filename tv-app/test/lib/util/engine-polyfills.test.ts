import { expect } from 'chai';
import { createContext, runInContext, runInNewContext } from 'node:vm';
import { CHROMIUM68_WITHDRAWN, installEnginePolyfills, withdrawForEmulation, type PolyfillTarget } from '../../../src/lib/util/engine-polyfills.js';

/** A fresh global object with the APIs Chromium 68 lacks removed. */
function chromium68Global(): PolyfillTarget & Record<string, unknown> {
  const g = runInNewContext('this') as PolyfillTarget & Record<string, unknown>;
  runInNewContext('delete globalThis.globalThis; delete Array.prototype.at; delete Object.fromEntries; delete this.queueMicrotask', g);
  return g;
}

describe('lib/engine-polyfills', () => {
  it('installs globalThis, Array.prototype.at, Object.fromEntries and queueMicrotask where missing, and they work', async () => {
    const g = chromium68Global();
    expect(runInNewContext('typeof globalThis', g)).to.equal('undefined');
    expect(installEnginePolyfills(g)).to.deep.equal(['globalThis', 'Array.prototype.at', 'Object.fromEntries', 'queueMicrotask']);
    expect(runInNewContext('globalThis === this', g)).to.equal(true);
    expect(runInNewContext('JSON.stringify([[1, 2, 3].at(-1), [1, 2, 3].at(0), [1, 2, 3].at(3), [1, 2, 3].at(-4), [1, 2].at(1.7)])', g)).to.equal('[3,1,null,null,2]');
    expect(runInNewContext('JSON.stringify(Object.fromEntries([["a", 1], ["b", 2]]))', g)).to.equal('{"a":1,"b":2}');
    expect(runInNewContext('Object.keys(Array.prototype).length + Object.keys(this).filter((k) => k === "globalThis" || k === "queueMicrotask").length', g)).to.equal(0);
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      (g.queueMicrotask as (cb: () => void) => void)(() => {
        order.push('micro');
        resolve();
      });
      order.push('sync');
    });
    expect(order).to.deep.equal(['sync', 'micro']);
  });

  it('leaves an engine that has them alone', () => {
    const g = runInNewContext('this', { queueMicrotask }) as PolyfillTarget; // a V8 context has no queueMicrotask of its own
    const at = (g.Array.prototype as unknown as { at: unknown }).at;
    expect(installEnginePolyfills(g)).to.deep.equal([]);
    expect((g.Array.prototype as unknown as { at: unknown }).at).to.equal(at);
  });

  it("the emulator's Chromium 68 profile withdraws exactly what the polyfills give back", () => {
    const context = createContext({ queueMicrotask });
    const g = runInContext('this', context) as PolyfillTarget & Record<string, unknown>;
    const types = () => runInContext('[typeof globalThis, typeof [].at, typeof Object.fromEntries, typeof this.queueMicrotask].join()', context) as string;
    expect(types()).to.equal('object,function,function,function');
    expect(withdrawForEmulation(g, CHROMIUM68_WITHDRAWN)).to.deep.equal([...CHROMIUM68_WITHDRAWN]);
    expect(types()).to.equal('undefined,undefined,undefined,undefined');
    expect(installEnginePolyfills(g)).to.deep.equal([...CHROMIUM68_WITHDRAWN]);
    expect(types()).to.equal('object,function,function,function');
  });
});
