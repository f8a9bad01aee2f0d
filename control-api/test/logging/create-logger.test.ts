// The root logger: level from settings, one JSON line per record with a readable level and time,
// children carrying their component.
import { expect } from 'chai';
import { createLogger, startFailureFields } from '../../src/logging/create-logger.js';
import { silentLogger } from '../../src/contracts/logger.js';
import { captureLogger } from '../../src/logging/capture-logger.js';

describe('logging/create-logger', () => {
  it('writes one JSON line per record: level label, ISO time, pid, the child\'s component, the message', () => {
    const lines: string[] = [];
    const root = createLogger({ level: 'info' }, { destination: { write: (line: string) => void lines.push(line) } });
    root.child({ component: 'store' }).warn({ code: 'SS_X' }, 'something happened');
    expect(lines).to.have.length(1);
    expect(lines[0]?.endsWith('\n')).to.equal(true);
    const record = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(record).to.include({ level: 'warn', pid: process.pid, component: 'store', code: 'SS_X', msg: 'something happened' });
    expect(record.time).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(record).to.not.have.property('hostname');
  });

  it('drops what is below the level of the settings', () => {
    const log = captureLogger('warn');
    log.logger.info('hidden');
    log.logger.debug('hidden');
    log.logger.warn('shown');
    log.logger.error('shown too');
    expect(log.records.map((r) => [r.level, r.msg])).to.deep.equal([['warn', 'shown'], ['error', 'shown too']]);
  });

  it('serializes an error under err with its type, message and stack', () => {
    const log = captureLogger();
    log.logger.error({ err: new TypeError('bad') }, 'failed');
    expect(log.records[0]?.err).to.deep.include({ type: 'TypeError', message: 'bad' });
    expect((log.records[0]?.err as { stack: string }).stack).to.match(/TypeError: bad/);
  });

  it('silentLogger drops everything, children too', () => {
    const quiet = silentLogger();
    expect(() => quiet.child({ component: 'api' }).error({ err: new Error('x') }, 'nothing')).to.not.throw();
  });

  it('a start failure carries the error\'s own code, and the stack only for an error without one', () => {
    const coded = Object.assign(new Error('settings.json: bad'), { code: 'SS_SETTINGS_INVALID' });
    expect(startFailureFields(coded, 'SS_START_FAILED')).to.deep.equal({ code: 'SS_SETTINGS_INVALID' });
    const plain = new Error('EADDRINUSE');
    expect(startFailureFields(plain, 'SS_START_FAILED')).to.deep.equal({ code: 'SS_START_FAILED', err: plain });
  });
});
