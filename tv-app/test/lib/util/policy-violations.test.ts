import { expect } from 'chai';
import { watchPolicyViolations } from '../../../src/lib/util/policy-violations.js';

function violation(fields: Record<string, string>): Event {
  return Object.assign(new Event('securitypolicyviolation'), fields);
}

describe('lib/util/policy-violations', () => {
  it('lists each refusal as "directive blocked-uri", keeps the first few and counts them all', () => {
    const target = new EventTarget();
    const watch = watchPolicyViolations(target as unknown as Document, 2);
    expect(watch.list()).to.deep.equal([]);
    target.dispatchEvent(violation({ effectiveDirective: 'script-src-elem', blockedURI: 'inline' }));
    target.dispatchEvent(violation({ violatedDirective: 'connect-src', blockedURI: 'wss://elsewhere.example/ws' }));
    target.dispatchEvent(violation({ effectiveDirective: 'img-src', blockedURI: 'https://x.example/a.png' }));
    target.dispatchEvent(new Event('other'));
    expect(watch.list()).to.deep.equal(['script-src-elem inline', 'connect-src wss://elsewhere.example/ws']);
    expect(watch.count()).to.equal(3);
  });
});
