import { expect } from 'chai';
import { CaptionDisplayers } from '../../../src/lib/captions/caption-displayers.js';
import { CaptionStore, cueText } from '../../../src/lib/captions/caption-store.js';

const cue = (startTime: number, endTime: number, payload: string) => ({ startTime, endTime, payload });

describe('lib/captions/caption-store', () => {
  it('shows the cues active at a media time, in order, unless hidden', () => {
    const store = new CaptionStore();
    store.append([cue(1, 3, 'Hello'), cue(2.5, 4, 'there')]);
    store.setVisible(false);
    expect(store.textAt(2), 'hidden').to.equal('');
    store.setVisible(true);
    expect(store.textAt(0.99)).to.equal('');
    expect(store.textAt(1)).to.equal('Hello');
    expect(store.textAt(2.75)).to.equal('Hello\nthere');
    expect(store.textAt(3), 'an end is exclusive').to.equal('there');
    expect(store.textAt(4)).to.equal('');
  });

  it('keeps a cue that two segments both carry once, and drops what Shaka removes', () => {
    const store = new CaptionStore();
    store.setVisible(true);
    store.append([cue(5, 7, 'Across the boundary')]);
    store.append([cue(5, 7, 'Across the boundary'), cue(7, 8, 'Next')]);
    expect(store.size).to.equal(2);
    store.remove(0, 7.5);
    expect(store.textAt(6)).to.equal('');
    expect(store.textAt(7.5)).to.equal('Next');
  });

  it("reads nested cues' text with their line breaks, and skips empty or backwards cues", () => {
    const styled = { startTime: 0, endTime: 2, payload: '', nestedCues: [cue(0, 2, 'Top line'), { ...cue(0, 2, ''), lineBreak: true }, cue(0, 2, 'bottom')] };
    expect(cueText(styled)).to.equal('Top line\nbottom');
    const store = new CaptionStore();
    store.setVisible(true);
    store.append([styled, cue(3, 3, 'zero length'), cue(5, 4, 'backwards'), cue(6, 7, '   ')]);
    expect(store.size).to.equal(1);
  });

  it("gives each player's displayer its own store, and the store outlives a displayer Shaka destroys", async () => {
    const displayers = new CaptionDisplayers<object>();
    const a = {};
    const b = {};
    const da = displayers.factoryFor(a)();
    displayers.factoryFor(b)().append([cue(0, 1, 'B only')]);
    da.setTextVisibility(true);
    da.setTextLanguage('fr');
    da.append([cue(0, 1, 'A only')]);
    expect(displayers.storeOf(a).textAt(0.5)).to.equal('A only');
    expect(displayers.storeOf(a).textLanguage).to.equal('fr');
    expect(da.isTextVisible()).to.equal(true);
    await da.destroy();
    expect(displayers.storeOf(a).size, 'destroyed: cleared').to.equal(0);
    expect(displayers.storeOf(b).size).to.equal(1);
  });
});
