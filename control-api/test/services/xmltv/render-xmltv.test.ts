import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Channel } from '../../../src/contracts/lineup.js';
import {
  escapeXmlAttr,
  escapeXmlText,
  foldIntoProgrammes,
  formatXmltvTime,
  OFF_AIR_TITLE,
  renderXmltv,
  stripInvalidXmlChars,
  UNTITLED,
  xmltvChannelId,
  type XmltvProgram,
} from '../../../src/services/xmltv/render-xmltv.js';

const DTD = '/usr/share/xmltv/xmltv.dtd';
const T0 = Date.UTC(2026, 10, 25, 6, 0, 0); // 2026-11-25 06:00:00 UTC
const MIN = 60_000;

// -- builders --
function channel(over: Partial<Channel> & Pick<Channel, 'id' | 'number'>): Channel {
  return { name: `Channel ${over.number}`, logoUrl: null, group: '', enabled: true, startOver: true, loop: null, createdAt: 0, updatedAt: 0, ...over };
}
function program(over: Partial<XmltvProgram> & Pick<XmltvProgram, 'id' | 'channelId' | 'startMs' | 'endMs'>): XmltvProgram {
  return {
    assetId: 'asset1',
    title: `Program ${over.id}`,
    inMs: 0,
    outMs: over.endMs - over.startMs,
    kind: 'program',
    part: 1,
    parts: 1,
    resumesAtMs: null,
    dashUrl: '/media/asset1/manifest.mpd',
    hlsUrl: '/media/asset1/master.m3u8',
    posterUrl: null,
    start: new Date(over.startMs).toISOString(),
    end: new Date(over.endMs).toISOString(),
    ...over,
  };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}
function run(cmd: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.end(options.input ?? '');
  });
}

/** Evaluates an XPath string expression on the document with xmllint (a real XML parser). */
async function xpathString(xml: string, expr: string): Promise<string> {
  const r = await run('xmllint', ['--nonet', '--xpath', `string(${expr})`, '-'], { input: xml });
  expect(r.code, r.stderr).to.equal(0);
  // xmllint ends the printed string with one newline of its own.
  expect(r.stdout.endsWith('\n')).to.equal(true);
  return r.stdout.slice(0, -1);
}
async function xpathNumber(xml: string, expr: string): Promise<number> {
  return Number(await xpathString(xml, expr));
}

// Text a broadcaster could type: markup, entities, CDATA terminator, quotes, operators, controls, emoji.
const TRICKY = [
  '<script>alert("x")</script>',
  'Tom & Jerry &amp; friends',
  'ends with ]]> and <![CDATA[ starts',
  `quotes " and ' and \` backtick`,
  '{"$gt":""}',
  'Ünïcødé — 日本語 — العربية — 📺🎬',
  'bell\u0007 nul\u0000 esc\u001b vt\u000b ff\u000c del\u007f',
  'tab\there, newline\nthere, crlf\r\nend',
  'lone \uD800 surrogate and \uFFFE\uFFFF nonchars',
];

function trickyLineup() {
  const channels = [
    channel({ id: 'news', number: 7, name: 'News & <b>Weather</b> "24"', logoUrl: '/media/logos/news.png?a=1&b="2"' }),
    channel({ id: 'kids_1', number: 3, name: 'Kïds 📺 \u0001', logoUrl: null }),
  ];
  const programs = TRICKY.map((title, i) =>
    program({
      id: `p${i}`,
      channelId: i % 2 === 0 ? 'news' : 'kids_1',
      title,
      description: TRICKY[(i + 3) % TRICKY.length],
      startMs: T0 + i * 30 * MIN,
      endMs: T0 + (i + 1) * 30 * MIN,
    }),
  );
  return { channels, programs };
}

describe('services/xmltv/render-xmltv', () => {
  let tmp = '';
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'ss-xmltv-'));
  });
  after(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  describe('validity', () => {
    const tricky = () => renderXmltv({ ...trickyLineup(), generatedAtMs: T0, sourceName: 'Src & "Co" <x>', baseUrl: 'https://tv.example/' });
    const cases: Array<[string, () => string]> = [
      ['a lineup with tricky text', tricky],
      ['an empty lineup', () => renderXmltv({ channels: [], programs: [], generatedAtMs: T0, sourceName: 'StreamSync TV' })],
      ['channels without programmes', () => renderXmltv({ channels: [channel({ id: 'a', number: 1 })], programs: [], generatedAtMs: T0, sourceName: 'S' })],
    ];
    for (const [what, make] of cases) {
      it(`${what} is valid against the XMLTV DTD (xmllint --dtdvalid)`, async () => {
        const r = await run('xmllint', ['--nonet', '--noout', '--dtdvalid', DTD, '-'], { input: make() });
        // Only the DOCTYPE's relative system id may be reported as not loaded (the DTD is given explicitly).
        expect(r.stderr).to.not.match(/error/i);
        expect(r.code, r.stderr).to.equal(0);
      });
    }

    it('a lineup with tricky text passes tv_validate_file (its stricter checks; DTD from /usr/share/xmltv)', async () => {
      const file = join(tmp, 'tricky.xml');
      await writeFile(file, tricky());
      const r = await run('tv_validate_file', [file], { env: { ...process.env, XMLTV_SUPPLEMENT: '/usr/share/xmltv' } });
      expect(r.code, r.stdout + r.stderr).to.equal(0);
      expect(r.stdout + r.stderr).to.match(/Validated ok/);
    });

    it('a programme with a blank title gets a placeholder title (tv_validate_file rejects empty titles)', async () => {
      const xml = renderXmltv({
        channels: [channel({ id: 'c', number: 1 })],
        programs: [
          program({ id: 'a', channelId: 'c', startMs: T0, endMs: T0 + MIN, title: ' \u0001 ', description: '\u0002' }),
          program({ id: 'b', channelId: 'c', startMs: T0 + MIN, endMs: T0 + 2 * MIN, title: '' }),
        ],
        generatedAtMs: T0,
        sourceName: 'S',
      });
      expect(await xpathString(xml, '/tv/programme[1]/title')).to.equal(UNTITLED);
      expect(await xpathString(xml, '/tv/programme[2]/title')).to.equal(UNTITLED);
      expect(await xpathNumber(xml, 'count(/tv/programme/desc)')).to.equal(0);
      const file = join(tmp, 'blank.xml');
      await writeFile(file, xml);
      const r = await run('tv_validate_file', [file], { env: { ...process.env, XMLTV_SUPPLEMENT: '/usr/share/xmltv' } });
      expect(r.code, r.stdout + r.stderr).to.equal(0);
    });

    it('a channel with nothing scheduled gets an "Off air" programme over the window and passes tv_validate_file', async () => {
      const lineup = {
        channels: [channel({ id: 'busy', number: 1 }), channel({ id: 'new', number: 2, name: 'New' })],
        programs: [program({ id: 'p', channelId: 'busy', startMs: T0, endMs: T0 + MIN, title: 'News' })],
        generatedAtMs: T0,
        sourceName: 'S',
      };
      const xml = renderXmltv({ ...lineup, window: { fromMs: T0, toMs: T0 + 60 * MIN } });
      expect(await xpathNumber(xml, 'count(/tv/programme)')).to.equal(2);
      expect(await xpathString(xml, `/tv/programme[@channel="${xmltvChannelId('new')}"]/title`)).to.equal(OFF_AIR_TITLE);
      expect(await xpathString(xml, `/tv/programme[@channel="${xmltvChannelId('new')}"]/@stop`)).to.equal(formatXmltvTime(T0 + 60 * MIN));
      const validate = async (doc: string) => {
        const file = join(tmp, 'off-air.xml');
        await writeFile(file, doc);
        return run('tv_validate_file', [file], { env: { ...process.env, XMLTV_SUPPLEMENT: '/usr/share/xmltv' } });
      };
      const ok = await validate(xml);
      expect(ok.code, ok.stdout + ok.stderr).to.equal(0);
      // Without a window nothing is invented, and the tool refuses the empty channel (the check can fail).
      const bare = await validate(renderXmltv(lineup));
      expect(bare.code).to.not.equal(0);
      expect(bare.stdout + bare.stderr).to.match(/No programme entries/);
    });

    it('rated programmes write <rating system><value> where the DTD wants it, and pass xmllint and tv_validate_file', async () => {
      const xml = renderXmltv({
        channels: [channel({ id: 'c', number: 1 })],
        programs: [
          program({ id: 'a', channelId: 'c', startMs: T0, endMs: T0 + MIN, description: 'About A', posterUrl: '/media/a/poster.jpg', rating: { scheme: 'us-tv', value: 'TV-14' } }),
          program({ id: 'b', channelId: 'c', startMs: T0 + MIN, endMs: T0 + 2 * MIN, rating: { scheme: 'mpaa', value: 'PG-13' } }),
          program({ id: 'd', channelId: 'c', startMs: T0 + 2 * MIN, endMs: T0 + 3 * MIN, rating: { scheme: 'age', value: 16 } }),
          program({ id: 'e', channelId: 'c', startMs: T0 + 3 * MIN, endMs: T0 + 4 * MIN }),
        ],
        generatedAtMs: T0,
        sourceName: 'S',
        baseUrl: 'https://tv.example/',
      });
      expect(xml).to.include('    <icon src="https://tv.example/media/a/poster.jpg"/>\n    <rating system="us-tv">\n      <value>TV-14</value>\n    </rating>\n  </programme>');
      expect(await xpathString(xml, '/tv/programme[2]/rating/@system')).to.equal('mpaa');
      expect(await xpathString(xml, '/tv/programme[2]/rating/value')).to.equal('PG-13');
      expect(await xpathString(xml, '/tv/programme[3]/rating/@system')).to.equal('age');
      expect(await xpathString(xml, '/tv/programme[3]/rating/value')).to.equal('16+');
      expect(await xpathNumber(xml, 'count(/tv/programme[4]/rating)')).to.equal(0);
      const dtd = await run('xmllint', ['--nonet', '--noout', '--dtdvalid', DTD, '-'], { input: xml });
      expect(dtd.stderr).to.not.match(/error/i);
      expect(dtd.code, dtd.stderr).to.equal(0);
      const file = join(tmp, 'rated.xml');
      await writeFile(file, xml);
      const r = await run('tv_validate_file', [file], { env: { ...process.env, XMLTV_SUPPLEMENT: '/usr/share/xmltv' } });
      expect(r.code, r.stdout + r.stderr).to.equal(0);
      expect(r.stdout + r.stderr).to.match(/Validated ok/);
      // The order is the DTD's: a rating before the programme's icon is refused (the check can fail).
      const misplaced = xml.replace(/(<icon [^>]*\/>)\n(\s*<rating system="us-tv">\n\s*<value>TV-14<\/value>\n\s*<\/rating>)/, '$2\n$1');
      expect(misplaced).to.not.equal(xml);
      const refused = await run('xmllint', ['--nonet', '--noout', '--dtdvalid', DTD, '-'], { input: misplaced });
      expect(refused.code).to.not.equal(0);
    });

    it('a document with a bad programme is rejected by the same check (the check can fail)', async () => {
      const xml = renderXmltv({ ...trickyLineup(), generatedAtMs: T0, sourceName: 'S' }).replace('<title>', '<titel>');
      const r = await run('xmllint', ['--nonet', '--noout', '--dtdvalid', DTD, '-'], { input: xml });
      expect(r.code).to.not.equal(0);
    });

    it('starts with the XML declaration and the XMLTV DOCTYPE line', () => {
      const xml = renderXmltv({ channels: [], programs: [], generatedAtMs: T0, sourceName: 'S' });
      const [decl, doctype, root] = xml.split('\n');
      expect(decl).to.equal('<?xml version="1.0" encoding="UTF-8"?>');
      expect(doctype).to.equal('<!DOCTYPE tv SYSTEM "xmltv.dtd">');
      expect(root).to.match(/^<tv date="20261125060000 \+0000" source-info-name="S" generator-info-name="StreamSync TV">$/);
    });

    it('contains no character XML 1.0 forbids', () => {
      const xml = renderXmltv({ ...trickyLineup(), generatedAtMs: T0, sourceName: '\u0000S' });
      expect(xml).to.not.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\uFFFE\uFFFF]/);
      expect(xml).to.not.match(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    });
  });

  describe('times and ids', () => {
    it('formats epoch ms as YYYYMMDDhhmmss +0000, truncating milliseconds', () => {
      expect(formatXmltvTime(Date.UTC(2026, 0, 2, 3, 4, 5, 999))).to.equal('20260102030405 +0000');
      expect(formatXmltvTime(0)).to.equal('19700101000000 +0000');
      expect(formatXmltvTime(Date.UTC(1999, 11, 31, 23, 59, 59))).to.equal('19991231235959 +0000');
      expect(() => formatXmltvTime(Number.NaN)).to.throw(RangeError);
    });

    const idTable: Array<[string, string]> = [
      ['news', 'news.streamsync'],
      ['news-1', 'news-1.streamsync'],
      ['kids_1', 'kids-1.u4.streamsync'],
      ['a_b_', 'a-b-.u1-3.streamsync'],
      ['a-b-', 'a-b-.streamsync'],
      ['é.x', 'xc3a92e78.x.streamsync'],
    ];
    for (const [id, expected] of idTable) {
      it(`maps channel id ${JSON.stringify(id)} to ${expected}`, () => {
        expect(xmltvChannelId(id)).to.equal(expected);
        expect(expected).to.match(/^[-a-zA-Z0-9]+(\.[-a-zA-Z0-9]+)+$/); // the form tv_validate_file requires
      });
    }

    it('never maps two channel ids to the same XMLTV id', () => {
      const ids = ['a_b', 'a-b', 'a__b', 'a-_b', 'a_-b', 'a--b', 'a_b_c', 'a-b_c', 'ab', 'a_', 'a-', '_a', '-a'];
      const mapped = new Set(ids.map(xmltvChannelId));
      expect(mapped.size).to.equal(ids.length);
    });

    it('writes start/stop from startMs/endMs and the channel reference of each programme', async () => {
      const xml = renderXmltv({
        channels: [channel({ id: 'c1', number: 1 })],
        programs: [program({ id: 'a', channelId: 'c1', startMs: Date.UTC(2026, 1, 28, 23, 30), endMs: Date.UTC(2026, 2, 1, 0, 45, 10) })],
        generatedAtMs: T0,
        sourceName: 'S',
      });
      expect(await xpathString(xml, '/tv/programme[1]/@start')).to.equal('20260228233000 +0000');
      expect(await xpathString(xml, '/tv/programme[1]/@stop')).to.equal('20260301004510 +0000');
      expect(await xpathString(xml, '/tv/programme[1]/@channel')).to.equal('c1.streamsync');
    });

    it('gives channels stable ids that every programme references', async () => {
      const { channels, programs } = trickyLineup();
      const a = renderXmltv({ channels, programs, generatedAtMs: T0, sourceName: 'S' });
      const b = renderXmltv({ channels: [...channels].reverse(), programs: [...programs].reverse(), generatedAtMs: T0, sourceName: 'S' });
      expect(a).to.equal(b);
      expect(xmltvChannelId('news')).to.equal('news.streamsync');
      expect(await xpathString(a, '/tv/channel[1]/@id')).to.equal('kids-1.u4.streamsync');
      expect(await xpathString(a, '/tv/channel[2]/@id')).to.equal('news.streamsync');
      const dangling = await xpathNumber(a, 'count(/tv/programme[not(@channel = /tv/channel/@id)])');
      expect(dangling).to.equal(0);
    });

    it('lists display-name name then number, and an absolute icon when the channel has a logo', async () => {
      const { channels, programs } = trickyLineup();
      const xml = renderXmltv({ channels, programs, generatedAtMs: T0, sourceName: 'S', baseUrl: 'https://tv.example/base/' });
      expect(await xpathString(xml, '/tv/channel[@id="news.streamsync"]/display-name[1]')).to.equal('News & <b>Weather</b> "24"');
      expect(await xpathString(xml, '/tv/channel[@id="news.streamsync"]/display-name[2]')).to.equal('7');
      expect(await xpathString(xml, '/tv/channel[@id="news.streamsync"]/icon/@src')).to.equal('https://tv.example/media/logos/news.png?a=1&b=%222%22');
      expect(await xpathNumber(xml, 'count(/tv/channel[@id="kids-1.u4.streamsync"]/icon)')).to.equal(0);
    });

    it('keeps logo URLs as given when no base URL is passed', async () => {
      const xml = renderXmltv({ channels: [channel({ id: 'c', number: 1, logoUrl: '/l.png?x=1&y=2' })], programs: [], generatedAtMs: T0, sourceName: 'S' });
      expect(await xpathString(xml, '/tv/channel/icon/@src')).to.equal('/l.png?x=1&y=2');
    });
  });

  describe('ordering and selection', () => {
    it('lists channels by number and programmes grouped by channel, each by start time', async () => {
      const channels = [channel({ id: 'z', number: 2 }), channel({ id: 'y', number: 10 }), channel({ id: 'x', number: 1 })];
      const programs = [
        program({ id: 'y2', channelId: 'y', startMs: T0 + 60 * MIN, endMs: T0 + 90 * MIN }),
        program({ id: 'x2', channelId: 'x', startMs: T0 + 30 * MIN, endMs: T0 + 60 * MIN }),
        program({ id: 'y1', channelId: 'y', startMs: T0, endMs: T0 + 60 * MIN }),
        program({ id: 'x1', channelId: 'x', startMs: T0, endMs: T0 + 30 * MIN }),
        program({ id: 'z1', channelId: 'z', startMs: T0 - 10 * MIN, endMs: T0 + 5 * MIN }),
      ];
      const xml = renderXmltv({ channels, programs, generatedAtMs: T0, sourceName: 'S' });
      const ids: string[] = [];
      for (let i = 1; i <= 3; i++) ids.push(await xpathString(xml, `/tv/channel[${i}]/@id`));
      expect(ids).to.deep.equal(['x.streamsync', 'z.streamsync', 'y.streamsync']);
      const titles: string[] = [];
      for (let i = 1; i <= 5; i++) titles.push(await xpathString(xml, `/tv/programme[${i}]/title`));
      expect(titles).to.deep.equal(['Program x1', 'Program x2', 'Program z1', 'Program y1', 'Program y2']);
    });

    it('leaves out programmes of channels not listed and programmes with no duration', async () => {
      const xml = renderXmltv({
        channels: [channel({ id: 'c', number: 1 })],
        programs: [
          program({ id: 'ok', channelId: 'c', startMs: T0, endMs: T0 + MIN }),
          program({ id: 'other', channelId: 'disabled', startMs: T0, endMs: T0 + MIN }),
          program({ id: 'empty', channelId: 'c', startMs: T0 + MIN, endMs: T0 + MIN }),
        ],
        generatedAtMs: T0,
        sourceName: 'S',
      });
      expect(await xpathNumber(xml, 'count(/tv/programme)')).to.equal(1);
      expect(await xpathString(xml, '/tv/programme/title')).to.equal('Program ok');
    });

    it('does not modify its input', () => {
      const { channels, programs } = trickyLineup();
      const before = JSON.stringify({ channels, programs });
      renderXmltv({ channels, programs, generatedAtMs: T0, sourceName: 'S' });
      expect(JSON.stringify({ channels, programs })).to.equal(before);
    });

    it('writes <desc> only when a description is given', async () => {
      const xml = renderXmltv({
        channels: [channel({ id: 'c', number: 1 })],
        programs: [
          program({ id: 'a', channelId: 'c', startMs: T0, endMs: T0 + MIN, description: 'About A' }),
          program({ id: 'b', channelId: 'c', startMs: T0 + MIN, endMs: T0 + 2 * MIN }),
          program({ id: 'd', channelId: 'c', startMs: T0 + 2 * MIN, endMs: T0 + 3 * MIN, description: null }),
        ],
        generatedAtMs: T0,
        sourceName: 'S',
      });
      expect(await xpathString(xml, '/tv/programme[1]/desc')).to.equal('About A');
      expect(await xpathNumber(xml, 'count(/tv/programme/desc)')).to.equal(1);
    });
  });

  describe('programmed channels', () => {
    it('folds the parts, breaks and trailing filler of a program into one programme', () => {
      const at = (m: number) => T0 + m * MIN;
      const airings = [
        program({ id: 'lead', channelId: 'c', startMs: at(0), endMs: at(2), kind: 'filler', title: 'Promo' }),
        program({ id: 'p1a', channelId: 'c', startMs: at(2), endMs: at(17), kind: 'program', part: 1, parts: 2, title: 'Film' }),
        program({ id: 'ad', channelId: 'c', startMs: at(17), endMs: at(19), kind: 'break', title: 'Ad' }),
        program({ id: 'p1b', channelId: 'c', startMs: at(19), endMs: at(25), kind: 'program', part: 2, parts: 2, title: 'Film' }),
        program({ id: 'pad', channelId: 'c', startMs: at(25), endMs: at(29), kind: 'filler', title: 'Promo' }),
        program({ id: 'slate', channelId: 'c', startMs: at(29), endMs: at(30), kind: 'slate', title: 'Slate' }),
        program({ id: 'p2', channelId: 'c', startMs: at(30), endMs: at(50), kind: 'program', title: 'News' }),
        program({ id: 'p3', channelId: 'c', startMs: at(60), endMs: at(70), kind: 'program', title: 'Late' }), // after a gap
      ];
      const folded = foldIntoProgrammes(airings);
      expect(folded.map((p) => [p.title, (p.startMs - T0) / MIN, (p.endMs - T0) / MIN])).to.deep.equal([
        ['Promo', 0, 2],
        ['Film', 2, 30],
        ['News', 30, 50],
        ['Late', 60, 70],
      ]);
      expect(folded[1]?.end).to.equal(new Date(at(30)).toISOString());
      const xml = renderXmltv({ channels: [channel({ id: 'c', number: 1 })], programs: airings, generatedAtMs: T0, sourceName: 'test' });
      expect(xml.match(/<programme /g)).to.have.length(4);
    });
  });

  describe('escaping round-trip (parsed back with xmllint)', () => {
    const { channels, programs } = trickyLineup();
    const xml = renderXmltv({ channels, programs, generatedAtMs: T0, sourceName: 'Src & "Co" <x>', baseUrl: 'https://tv.example/' });
    const sorted = [...programs].sort((a, b) => {
      const ca = channels.find((c) => c.id === a.channelId)?.number ?? 0;
      const cb = channels.find((c) => c.id === b.channelId)?.number ?? 0;
      return ca - cb || a.startMs - b.startMs;
    });

    sorted.forEach((p, i) => {
      it(`title and desc of programme ${i + 1} (${JSON.stringify(p.title).slice(0, 30)}) parse back to the input`, async () => {
        expect(await xpathString(xml, `/tv/programme[${i + 1}]/title`)).to.equal(stripInvalidXmlChars(p.title));
        expect(await xpathString(xml, `/tv/programme[${i + 1}]/desc`)).to.equal(stripInvalidXmlChars(p.description ?? ''));
      });
    });

    it('the source name and channel names parse back', async () => {
      expect(await xpathString(xml, '/tv/@source-info-name')).to.equal('Src & "Co" <x>');
      expect(await xpathString(xml, '/tv/channel[1]/display-name[1]')).to.equal('Kïds 📺 ');
    });

    it('attribute values keep tabs, newlines and quotes', async () => {
      const name = 'a\tb\nc\r\nd "e" \'f\' <g> &h';
      const doc = renderXmltv({ channels: [], programs: [], generatedAtMs: T0, sourceName: name });
      expect(await xpathString(doc, '/tv/@source-info-name')).to.equal(name);
    });
  });

  describe('escape helpers', () => {
    const table: Array<[string, string, string]> = [
      ['&', '&amp;', '&amp;'],
      ['<>', '&lt;&gt;', '&lt;&gt;'],
      [']]>', ']]&gt;', ']]&gt;'],
      ['"\'', '"\'', '&quot;&apos;'],
      ['a\u0000b\u0001c\u001fd', 'abcd', 'abcd'],
      ['\t\n', '\t\n', '&#9;&#10;'],
      ['\r', '&#13;', '&#13;'],
      ['x\uDC00y\uFFFEz', 'xyz', 'xyz'],
      ['😀é', '😀é', '😀é'],
    ];
    for (const [input, text, attr] of table) {
      it(`escapes ${JSON.stringify(input)}`, () => {
        expect(escapeXmlText(input)).to.equal(text);
        expect(escapeXmlAttr(input)).to.equal(attr);
      });
    }
  });
});
