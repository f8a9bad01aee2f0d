// The HDHomeRun tuner as Plex, Jellyfin and Emby read it: the fields they deserialize, with the types
// they expect, absolute URLs from the request's host, and a lineup whose every URL the .ts route serves.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startHarness, type Harness } from '../../app/harness.js';
import { FakeSpawner } from '../../services/live-ts/fake-ffmpeg.js';

const run = promisify(execFile);
const HOST = 'tuner.lan:8080';
const ORIGIN = `http://${HOST}`;

/** The fields of Jellyfin's DiscoverResponse (what Emby reads too; Plex reads a subset). */
const DISCOVER_FIELDS = ['BaseURL', 'DeviceAuth', 'DeviceID', 'FirmwareName', 'FirmwareVersion', 'FriendlyName', 'LineupURL', 'Manufacturer', 'ModelNumber', 'TunerCount'];

describe('routes/hdhomerun', () => {
  let h: Harness;
  let spawner: FakeSpawner;
  beforeEach(async () => {
    spawner = new FakeSpawner();
    h = await startHarness({ liveTs: { spawn: spawner.spawn, inputUrl: (id) => `http://127.0.0.1:9/live/${id}/master.m3u8` } });
    await h.createChannel({ id: 'news', number: 12, name: 'News & "More"' });
    await h.createChannel({ id: 'kids_1', number: 4, name: 'Kids' });
    await h.createChannel({ id: 'hidden', number: 7, name: 'Hidden', enabled: false });
  });
  afterEach(() => h.close());

  const get = (url: string) => h.inject({ method: 'GET', url, headers: { host: HOST } });

  it('describes the device in /discover.json: settings, types and absolute URLs as clients read them', async () => {
    const res = await get('/discover.json');
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.match(/^application\/json/);
    const body = h.json<Record<string, unknown>>(res);
    const tuner = h.settings.services.iptv;
    expect(Object.keys(body).sort()).to.deep.equal(DISCOVER_FIELDS);
    expect(body).to.include({ DeviceID: tuner.deviceId, FriendlyName: tuner.friendlyName, TunerCount: tuner.tunerCount, BaseURL: ORIGIN, LineupURL: `${ORIGIN}/lineup.json` });
    expect(body.DeviceID).to.match(/^[0-9A-F]{8}$/);
    for (const key of DISCOVER_FIELDS.filter((k) => k !== 'TunerCount')) expect(body[key], key).to.be.a('string');
    expect(body.TunerCount).to.be.a('number');
    // an HDTC model would make Jellyfin and Emby ask for ?transcode= profiles; this tuner only copies
    expect(String(body.ModelNumber).toLowerCase()).to.not.contain('hdtc');
  });

  it('lists enabled channels by number in /lineup.json, each URL the absolute MPEG-TS route of the channel', async () => {
    const lineup = h.json<Array<Record<string, unknown>>>(await get('/lineup.json'));
    expect(lineup).to.deep.equal([
      { GuideNumber: '4', GuideName: 'Kids', VideoCodec: 'H264', AudioCodec: 'AAC', URL: `${ORIGIN}/live/kids_1.ts` },
      { GuideNumber: '12', GuideName: 'News & "More"', VideoCodec: 'H264', AudioCodec: 'AAC', URL: `${ORIGIN}/live/news.ts` },
    ]);
    for (const entry of lineup) {
      const probe = await h.inject({ method: 'HEAD', url: new URL(String(entry.URL)).pathname });
      expect([probe.statusCode, probe.headers['content-type']], String(entry.URL)).to.deep.equal([200, 'video/mp2t']);
    }
    expect(spawner.children).to.have.length(0); // probing a URL starts no ffmpeg
    expect((await get('/lineup.json?show=found')).body).to.equal((await get('/lineup.json')).body);
  });

  it('is never scanning in /lineup_status.json, and answers a scan like the device (200, no body)', async () => {
    const status = h.json(await get('/lineup_status.json'));
    expect(status).to.deep.equal({ ScanInProgress: 0, ScanPossible: 1, Source: 'Cable', SourceList: ['Cable'] });
    for (const url of ['/lineup.post?scan=start', '/lineup.post?scan=start&source=Cable', '/lineup.post?scan=abort']) {
      const res = await h.inject({ method: 'POST', url, headers: { host: HOST } });
      expect([res.statusCode, res.body], url).to.deep.equal([200, '']);
    }
    const form = await h.inject({ method: 'POST', url: '/lineup.post?scan=start', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(form.statusCode).to.equal(200); // `curl -d ''` sends an empty form
    expect(h.json(await get('/lineup_status.json')).ScanInProgress).to.equal(0);
    for (const url of ['/lineup.post', '/lineup.post?scan=sideways']) {
      const bad = await h.inject({ method: 'POST', url });
      expect([bad.statusCode, h.json(bad).code], url).to.deep.equal([400, 'SS_BAD_REQUEST']);
    }
  });

  it('serves the UPnP device description at /device.xml: well-formed, the tuner settings, a stable UDN', async () => {
    const res = await get('/device.xml');
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.equal('text/xml; charset=utf-8');
    expect(res.body).to.contain('<root xmlns="urn:schemas-upnp-org:device-1-0">');
    expect(res.body).to.contain(`<URLBase>${ORIGIN}</URLBase>`);
    expect(res.body).to.contain('<deviceType>urn:schemas-upnp-org:device:MediaServer:1</deviceType>');
    expect(res.body).to.contain(`<friendlyName>${h.settings.services.iptv.friendlyName}</friendlyName>`);
    expect(res.body).to.match(/<UDN>uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}<\/UDN>/);
    expect((await get('/device.xml')).body).to.equal(res.body);
    const file = join(h.settings.dataDir, 'device.xml');
    await writeFile(file, res.body);
    await run('xmllint', ['--noout', file]);
  });
});
