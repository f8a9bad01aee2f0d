import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadSettings, validateSettings, SettingsError } from '../../src/config/load-settings.js';

const settingsPath = fileURLToPath(new URL('../../../settings.json', import.meta.url));
const raw = () => JSON.parse(readFileSync(settingsPath, 'utf8')) as { services: Record<string, any>; appSettings: Record<string, any> };

describe('config/load-settings', () => {
  it('loads the project settings.json and resolves paths against its folder', () => {
    const s = loadSettings(settingsPath, {});
    expect(s.services.http.port).to.be.a('number');
    expect(s.dataDir.startsWith(s.rootDir)).to.equal(true);
    expect(s.contentDir.endsWith('/content')).to.equal(true);
  });

  it('lets the environment override ports, store, data dir and key', () => {
    const s = validateSettings(raw(), '/srv', {
      PORT: '9001',
      MQTT_PORT: '9002',
      MONGODB_URL: 'mongodb://db.example:27017/ss',
      STREAMSYNC_DATA_DIR: '/var/lib/ss',
      STREAMSYNC_API_KEY: 'k'.repeat(32),
    });
    expect(s.services.http.port).to.equal(9001);
    expect(s.services.mqtt.port).to.equal(9002);
    expect(s.services.store.mongodbUrl).to.equal('mongodb://db.example:27017/ss');
    expect(s.dataDir).to.equal('/var/lib/ss');
    expect(s.services.apiKey).to.equal('k'.repeat(32));
  });

  it('serves the protocol through a standard broker with STREAMSYNC_BROKER_URL, TVs connecting anonymously to STREAMSYNC_BROKER_WS_URL', () => {
    const s = validateSettings(raw(), '/srv', { STREAMSYNC_BROKER_URL: 'mqtt://mq:1883', STREAMSYNC_BROKER_WS_URL: 'wss://mq.example:8084/mqtt' });
    expect(s.services.mqtt.brokerUrl).to.equal('mqtt://mq:1883');
    expect(s.file.appSettings.tv).to.include({ brokerUrl: 'wss://mq.example:8084/mqtt', brokerAuth: 'anonymous', brokerPresence: true });
    const builtIn = validateSettings(raw(), '/srv', {});
    expect(builtIn.services.mqtt.brokerUrl).to.equal(null);
    expect(builtIn.file.appSettings.tv).to.not.have.property('brokerAuth');
  });

  it('takes the log level from services.log, and LOG_LEVEL over it', () => {
    expect(validateSettings(raw(), '/srv', {}).services.log.level).to.equal('info');
    expect(validateSettings(raw(), '/srv', { LOG_LEVEL: 'debug' }).services.log.level).to.equal('debug');
  });

  const bad: Array<[string, (r: ReturnType<typeof raw>) => unknown, Record<string, string>, RegExp]> = [
    ['a non-numeric PORT', (r) => r, { PORT: 'eighty' }, /PORT: expected a TCP port/],
    ['a PORT out of range', (r) => r, { PORT: '70000' }, /PORT: expected a TCP port/],
    ['a short API key', (r) => r, { STREAMSYNC_API_KEY: 'short' }, /services\.apiKey/],
    ['a string http port', (r) => { r.services.http.port = '8080'; return r; }, {}, /services\.http\.port/],
    ['an unknown key', (r) => { r.services.extra = 1; return r; }, {}, /services/],
    ['an empty ladder', (r) => { r.services.pipeline.ladder = []; return r; }, {}, /services\.pipeline\.ladder/],
    ['a bad rung level', (r) => { r.services.pipeline.ladder[0].level = 'x'; return r; }, {}, /services\.pipeline\.ladder\.0\.level/],
    ['no services block', () => ({ appSettings: {}, platformSettings: {} }), {}, /services/],
    ['a TV protocol typo', (r) => { r.appSettings.tv.protocol = 'dahs'; return r; }, {}, /appSettings\.tv\.protocol: expected "dash" or "hls"/],
    ['a TV timeout of zero', (r) => { r.appSettings.tv.bannerTimeoutMs = 0; return r; }, {}, /appSettings\.tv\.bannerTimeoutMs/],
    ['a remote key the app does not know', (r) => { r.appSettings.keys['71'] = 'Guid'; return r; }, {}, /appSettings\.keys\.71: "Guid" is not a known remote key/],
    ['an unknown LOG_LEVEL', (r) => r, { LOG_LEVEL: 'verbose' }, /services\.log\.level/],
    ['no log block', (r) => { delete r.services.log; return r; }, {}, /services\.log/],
    ['a key map that is not an object', (r) => { r.appSettings.keys = ['Up']; return r; }, {}, /appSettings\.keys: expected an object/],
    ['a standard broker without the URL TVs connect to', (r) => r, { STREAMSYNC_BROKER_URL: 'mqtt://mq:1883' }, /STREAMSYNC_BROKER_WS_URL/],
    ["TVs sent to a broker the server does not serve", (r) => r, { STREAMSYNC_BROKER_WS_URL: 'ws://mq:8083' }, /needs STREAMSYNC_BROKER_URL/],
    ['a standard broker and Redis scale-out at once', (r) => r, { STREAMSYNC_BROKER_URL: 'mqtt://mq:1883', STREAMSYNC_BROKER_WS_URL: 'ws://mq:8083', BROKER_REDIS_URL: 'redis://r' }, /Redis scale-out is for the built-in broker/],
  ];
  for (const [what, mutate, env, message] of bad) {
    it(`stops on ${what}, naming the key`, () => {
      expect(() => validateSettings(mutate(raw()), '/srv', env)).to.throw(SettingsError, message);
    });
  }

  it('reports a file that is not JSON', () => {
    expect(() => loadSettings(fileURLToPath(import.meta.url), {})).to.throw(SettingsError, /not valid JSON/);
  });
});
