import { expect } from 'chai';
import { EMULATOR_DEFAULTS, fitScale, parseEmulatorOptions, stageSize, tvFrameUrl } from '../../emulator/src/emulator-options.js';

describe('emulator/emulator-options', () => {
  it('is one exact-clock 1080p TV by default', () => {
    const o = parseEmulatorOptions('', 'run1');
    expect(o.wall).to.equal(false);
    expect(o.viewers).to.equal(1);
    expect(o.profiles).to.deep.equal([{ engine: 'chromium', stage: 1080, clockSkewMs: 0, clockDriftPpm: 0, clientId: 'emu-run1-1' }]);
  });

  it('?wall=N gives N viewers with their own client ids and, by default, different clocks', () => {
    const o = parseEmulatorOptions('?wall=4&stagger=1000&stage=720', 'r');
    expect(o.wall).to.equal(true);
    expect(o.staggerMs).to.equal(1000);
    expect(o.profiles.map((p) => p.clientId)).to.deep.equal(['emu-r-1', 'emu-r-2', 'emu-r-3', 'emu-r-4']);
    expect(new Set(o.profiles.map((p) => p.clockSkewMs)).size).to.equal(4);
    expect(o.profiles.every((p) => p.stage === 720)).to.equal(true);
  });

  it('applies skewMs/driftPpm to every viewer and ignores malformed or out-of-range values', () => {
    const o = parseEmulatorOptions('?wall=2&skewMs=-300000&driftPpm=50', 'r');
    expect(o.profiles.map((p) => [p.clockSkewMs, p.clockDriftPpm])).to.deep.equal([[-300000, 50], [-300000, 50]]);
    const bad = parseEmulatorOptions(`?wall=${EMULATOR_DEFAULTS.maxViewers + 1}&skewMs=abc&driftPpm=99999&stagger=-5&stage=4k&protocol=rtmp&run=../x`, 'ok');
    expect(bad.viewers).to.equal(1);
    expect(bad.profiles[0]).to.deep.equal({ engine: 'chromium', stage: 1080, clockSkewMs: 0, clockDriftPpm: 0, clientId: 'emu-ok-1' });
    expect(bad.staggerMs).to.equal(EMULATOR_DEFAULTS.staggerMs);
    expect(bad.protocol).to.equal(null);
  });

  it('engine profiles: one for every viewer, or a list cycled over the wall; the frame URL carries what differs', () => {
    expect(parseEmulatorOptions('?engine=wpe', 'r').profiles.map((p) => p.engine)).to.deep.equal(['wpe']);
    const wall = parseEmulatorOptions('?wall=4&engines=chromium68,wpe', 'r');
    expect(wall.profiles.map((p) => p.engine)).to.deep.equal(['chromium68', 'wpe', 'chromium68', 'wpe']);
    expect(parseEmulatorOptions('?wall=2&engines=netscape,wpe', 'r').profiles.map((p) => p.engine)).to.deep.equal(['wpe', 'wpe']);
    const query = (engine: 'chromium' | 'chromium68' | 'wpe') =>
      Object.fromEntries(new URL(tvFrameUrl({ engine, stage: 1080, clockSkewMs: 0, clockDriftPpm: 0, clientId: 'c' }, { protocol: null }), 'http://tv.example').searchParams);
    expect(query('chromium')).to.deep.equal({ clientId: 'c' });
    expect(query('chromium68')).to.deep.equal({ clientId: 'c', apis: 'chromium68' });
    expect(query('wpe')).to.deep.equal({ clientId: 'c', engine: 'webkit-gstreamer' });
  });

  it('builds the TV frame URL the TV app reads, and fits stages into boxes', () => {
    const url = tvFrameUrl({ engine: 'chromium', stage: 720, clockSkewMs: 185000, clockDriftPpm: -80, clientId: 'emu-a-2' }, { protocol: 'hls' });
    const q = new URL(url, 'http://tv.example').searchParams;
    expect(Object.fromEntries(q)).to.deep.equal({ clientId: 'emu-a-2', clockSkewMs: '185000', clockDriftPpm: '-80', protocol: 'hls' });
    expect(tvFrameUrl({ engine: 'chromium', stage: 1080, clockSkewMs: 0, clockDriftPpm: 0, clientId: 'c' }, { protocol: null })).to.equal('/?clientId=c');
    expect(stageSize(720)).to.deep.equal({ width: 1280, height: 720 });
    expect(fitScale(stageSize(1080), { width: 960, height: 540 })).to.equal(0.5);
    expect(fitScale(stageSize(720), { width: 4000, height: 4000 })).to.equal(1);
  });
});
