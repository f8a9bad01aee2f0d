import { expect } from 'chai';
import { watchMediaEvents } from '../../../src/lib/util/media-journal.js';

/** A media element stand-in: an event target with the fields the journal reads. */
function media(id: string, currentTime: number, readyState: number): EventTarget {
  return Object.assign(new EventTarget(), { id, currentTime, readyState });
}

describe('lib/util/media-journal', () => {
  it('journals the media events of every element it hears, newest last, keeping the last few', () => {
    const document = new EventTarget();
    let nowMs = 1000.4;
    const journal = watchMediaEvents(document as unknown as Document, () => nowMs, 3);
    const a = media('video-player-a', 12.3456, 4);
    const b = media('', 0, 0);
    // Events reach the document's capturing listener as they would from an element in the page.
    const hear = (target: EventTarget, type: string) => {
      const event = new Event(type);
      Object.defineProperty(event, 'target', { value: target });
      document.dispatchEvent(event);
    };
    hear(a, 'seeking');
    nowMs = 1050;
    hear(a, 'seeked');
    hear(b, 'loadstart');
    hear(a, 'timeupdate'); // not journaled
    hear(document, 'waiting'); // not a media element
    expect(journal.list()).to.deep.equal([
      '1000 video-player-a seeking t=12.346 rs=4',
      '1050 video-player-a seeked t=12.346 rs=4',
      '1050 video loadstart t=0.000 rs=0',
    ]);
    nowMs = 1100;
    hear(a, 'waiting');
    expect(journal.list()).to.deep.equal([
      '1050 video-player-a seeked t=12.346 rs=4',
      '1050 video loadstart t=0.000 rs=0',
      '1100 video-player-a waiting t=12.346 rs=4',
    ]);
  });
});
