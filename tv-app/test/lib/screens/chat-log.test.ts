import { expect } from 'chai';
import { CHAT_DEFAULTS, ChatLog, formatLine, parseHistory, senderName, type ChatMessage } from '../../../src/lib/screens/chat-log.js';
import { clockTime } from '../../../src/lib/util/format.js';

function msg(id: string, t: number, text = `text ${id}`, from = 'Viewer CCDD', channelId = 'one'): ChatMessage {
  return { id, channelId, from, text, serverTimeMs: t, offsetMs: null, programId: null };
}

describe('lib/chat-log (chat as a TV shows it)', () => {
  it('formats a line with the time, a short sender name and the text, cut for the screen', () => {
    const t = Date.UTC(2026, 0, 1, 20, 5);
    expect(senderName('Viewer CCDD')).to.equal('Viewer CCDD');
    expect(senderName(' Viewer\u00073FA2 ')).to.equal('Viewer 3FA2');
    expect(senderName('x'.repeat(40))).to.have.length(24);
    expect(senderName('')).to.equal('Viewer ?');
    expect(formatLine(msg('a', t, 'hi\u0007there'))).to.equal(`${clockTime(t)} Viewer CCDD: hi there`);
    const long = formatLine(msg('b', t, 'x'.repeat(500)), 40);
    expect(long).to.have.length(40);
    expect(long.endsWith('…')).to.equal(true);
  });

  it('merges history and live messages once each, oldest first, for the current channel only', () => {
    const log = new ChatLog({ keep: 10, ownName: () => 'Viewer 0ME0' });
    log.reset('one');
    expect(log.add([msg('2', 200), msg('1', 100)])).to.equal(true);
    expect(log.add([msg('2', 200)])).to.equal(false); // live copy of a history message
    expect(log.add([msg('x', 150, 'other', 'c', 'two')])).to.equal(false);
    log.add([msg('3', 300, 'mine', 'Viewer 0ME0')]);
    expect(log.lines().map((l) => l.id)).to.deep.equal(['1', '2', '3']);
    expect(log.lines()[2]?.mine).to.equal(true);
    expect(log.latestMs).to.equal(300);
  });

  it('keeps the last `keep` messages and shows the last N lines', () => {
    const log = new ChatLog({ keep: 5, ownName: () => null });
    log.reset('one');
    log.add(Array.from({ length: 9 }, (_, i) => msg(`m${i}`, i * 10)));
    expect(log.size).to.equal(5);
    expect(log.lines(3).map((l) => l.id)).to.deep.equal(['m6', 'm7', 'm8']);
    expect(log.add([msg('m8', 80)])).to.equal(false);
    log.reset('two');
    expect(log.size).to.equal(0);
  });

  it('parses the history reply, leaving out malformed messages', () => {
    const list = parseHistory({
      messages: [
        { id: 'a', channelId: 'one', from: 'Viewer 3FA2', text: 't', serverTimeMs: 5, offsetMs: 1, programId: 'p' },
        { id: 'b', channelId: 'one', clientId: 'c', text: 'kept before names', serverTimeMs: 6, offsetMs: 1, programId: 'p' },
        { id: 3 },
      ],
    });
    expect(list).to.deep.equal([{ id: 'a', channelId: 'one', from: 'Viewer 3FA2', text: 't', serverTimeMs: 5, offsetMs: 1, programId: 'p' }]);
    expect(parseHistory(null)).to.deep.equal([]);
    expect(CHAT_DEFAULTS.presets.length).to.be.greaterThan(2);
  });
});
