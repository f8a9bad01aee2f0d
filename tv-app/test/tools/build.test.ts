import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { browserSettings, DEFAULT_SETTINGS_PATH } from '../../tools/build.js';

describe('tools/build browserSettings', () => {
  const root = JSON.parse(readFileSync(DEFAULT_SETTINGS_PATH, 'utf8')) as {
    services: { apiKey: unknown; reactions: { ids: string[] } };
    appSettings: Record<string, unknown>;
  };

  it('ships appSettings and platformSettings only, never the services block', () => {
    const out = browserSettings({ ...root, services: { ...root.services, apiKey: 'secret-key-0123456789' } });
    expect(Object.keys(out).sort()).to.deep.equal(['appSettings', 'platformSettings']);
    expect(JSON.stringify(out)).to.not.include('secret-key-0123456789');
  });

  it("gives the app the server's reaction set, so it offers exactly what the broker accepts", () => {
    const ids = ['cheer', 'boo'];
    const out = browserSettings({ ...root, services: { ...root.services, reactions: { ...root.services.reactions, ids } } });
    expect((out.appSettings as Record<string, unknown>).reactions).to.deep.equal(ids);
    expect((out.appSettings as Record<string, unknown>).keys).to.deep.equal(root.appSettings.keys);
  });

  it('sends TVs to a standard broker, anonymously, with STREAMSYNC_BROKER_WS_URL (and only then)', () => {
    const tv = (env: Record<string, string>) => (browserSettings(root, env).appSettings as { tv: Record<string, unknown> }).tv;
    expect(tv({ STREAMSYNC_BROKER_WS_URL: 'ws://mq:8083' })).to.include({ brokerUrl: 'ws://mq:8083', brokerAuth: 'anonymous', brokerPresence: true });
    expect(tv({})).to.deep.equal(root.appSettings.tv);
  });

  it('refuses a settings file without appSettings', () => {
    expect(() => browserSettings({ platformSettings: {} })).to.throw(/appSettings/);
  });
});
