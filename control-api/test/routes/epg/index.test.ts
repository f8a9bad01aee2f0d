import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AUTH, startHarness, type Harness } from '../../app/harness.js';
import { HOUR, MINUTE, T0 } from '../../store/builders.js';
import type { ChannelNow, Epg } from '../../../src/contracts/now.js';

const run = promisify(execFile);

describe('routes/epg', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    const a = await h.putAsset({ durationMs: 25 * MINUTE, title: 'News & <Weather>' });
    const b = await h.putAsset({ durationMs: 7 * MINUTE });
    await h.createChannel({ id: 'ex', number: 1, name: 'Explicit', logoUrl: '/logos/ex.png' });
    await h.inject({ method: 'PUT', url: '/v1/channels/ex/schedule', headers: AUTH, payload: { from: T0, to: T0 + 6 * HOUR, programs: [{ assetId: a.id, start: T0 }, { assetId: b.id, start: T0 + HOUR }, { assetId: a.id, start: T0 + 2 * HOUR, inMs: 1000, durationMs: 60_000 }] } });
    await h.createChannel({ id: 'lp', number: 2, name: 'Loop', loop: { epochMs: T0 - 3 * MINUTE, items: [{ assetId: a.id }, { assetId: b.id }] } });
    await h.createChannel({ id: 'off', number: 3, name: 'Off', enabled: false });
  });
  afterEach(() => h.close());

  it('lists enabled channels with their programs; the program holding t is what now says', async () => {
    const from = T0 - 30 * MINUTE;
    const to = T0 + 3 * HOUR;
    const epg = h.json<Epg>(await h.inject({ method: 'GET', url: `/v1/epg?from=${from}&to=${new Date(to).toISOString()}` }));
    expect([epg.fromMs, epg.toMs]).to.deep.equal([from, to]);
    expect(epg.channels.map((c) => c.channel.id)).to.deep.equal(['ex', 'lp']);
    for (let t = from; t < to; t += 4 * MINUTE + 17) {
      h.clock.set(t);
      const now = h.json<{ channels: ChannelNow[] }>(await h.inject({ method: 'GET', url: '/v1/now' }));
      for (const entry of epg.channels) {
        const expected = entry.programs.find((p) => p.startMs <= t && t < p.endMs) ?? null;
        const actual = now.channels.find((c) => c.channel.id === entry.channel.id)?.current ?? null;
        expect(actual, `${entry.channel.id} at ${t - T0}`).to.deep.equal(expected);
      }
    }
  });

  it('defaults to 6 hours from the current hour and answers 304 to a matching If-None-Match', async () => {
    h.clock.set(T0 + 90 * MINUTE);
    const res = await h.inject({ method: 'GET', url: '/v1/epg' });
    const epg = h.json<Epg>(res);
    expect([epg.fromMs, epg.toMs]).to.deep.equal([T0 + HOUR, T0 + 7 * HOUR]);
    const again = await h.inject({ method: 'GET', url: '/v1/epg', headers: { 'if-none-match': String(res.headers.etag) } });
    expect(again.statusCode).to.equal(304);
    const cachedCopy = await h.inject({ method: 'GET', url: '/v1/epg' });
    expect(cachedCopy.body).to.equal(res.body);
    await h.inject({ method: 'PATCH', url: '/v1/channels/lp', headers: AUTH, payload: { name: 'Renamed' } });
    const changed = await h.inject({ method: 'GET', url: '/v1/epg', headers: { 'if-none-match': String(res.headers.etag) } });
    expect(changed.statusCode).to.equal(200);
    expect(h.json<Epg>(changed).channels[1]?.channel.name).to.equal('Renamed');
  });

  it('renders XMLTV that is valid against the XMLTV DTD', async () => {
    const res = await h.inject({ method: 'GET', url: `/v1/epg.xml?from=${T0}&to=${T0 + 3 * HOUR}` });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.match(/^application\/xml/);
    expect(res.headers.etag).to.be.a('string');
    expect(res.body).to.contain('News &amp; &lt;Weather&gt;');
    expect(res.body).to.contain('start="20260101000000 +0000"');
    const file = join(h.settings.dataDir, 'epg.xml');
    await writeFile(file, res.body);
    await run('xmllint', ['--noout', '--dtdvalid', '/usr/share/xmltv/xmltv.dtd', file]);
  });

  it('lists a channel without a schedule as "Off air" over the window, and passes tv_validate_file', async () => {
    await h.createChannel({ id: 'fresh', number: 99, name: 'Fresh' });
    const res = await h.inject({ method: 'GET', url: `/v1/epg.xml?from=${T0}&to=${T0 + 3 * HOUR}` });
    expect(res.body).to.contain('<programme start="20260101000000 +0000" stop="20260101030000 +0000" channel="fresh.streamsync">');
    expect(res.body).to.contain('<title>Off air</title>');
    const file = join(h.settings.dataDir, 'epg-fresh.xml');
    await writeFile(file, res.body);
    await run('tv_validate_file', [file], { env: { ...process.env, XMLTV_SUPPLEMENT: '/usr/share/xmltv' } });
  });

  it('refuses bad windows with a coded 400', async () => {
    for (const q of [`?from=${T0}&to=${T0}`, '?from=abc', `?from=${T0}&to=${T0 + 40 * 24 * HOUR}`]) {
      const res = await h.inject({ method: 'GET', url: `/v1/epg${q}` });
      expect([res.statusCode, h.json(res).code], q).to.deep.equal([400, 'SS_INVALID_RANGE']);
      const xml = await h.inject({ method: 'GET', url: `/v1/epg.xml${q}` });
      expect(xml.statusCode, q).to.equal(400);
    }
  });
});
