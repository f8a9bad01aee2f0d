import { expect } from 'chai';
import { ChannelSchedule } from '../../../src/lib/player/channel-schedule.js';
import { LiveSchedule, pictureDelayMs, playScheduleFor } from '../../../src/lib/player/live-schedule.js';
import { targetPositionSec } from '../../../src/core/sync/target-position.js';
import { channelNow, program } from '../builders.js';

const a = program({ id: 'a', startMs: 10_000, endMs: 20_000 });
const b = program({ id: 'b', startMs: 20_000, endMs: 26_000, inMs: 1_500 });
const programs = () => new ChannelSchedule(channelNow(a, b, 12_000), 'hls', 'http://tv:8080');

describe('lib/live-schedule (source "live")', () => {
  it('aims at the live media time of the schedule the latency ago: one endless target, no boundary of its own', () => {
    const live = new LiveSchedule(programs(), 8_000, 'http://tv:8080');
    const t = 1_764_900_000_123;
    const target = live.programAt();
    // The live MPD's media time is the schedule's instant in epoch seconds.
    expect(targetPositionSec(target, t)).to.be.closeTo((t - 8_000) / 1000, 1e-6);
    expect(target.endMs).to.equal(Number.POSITIVE_INFINITY);
    expect(live.programAfter()).to.equal(null);
    expect(live.find(target)).to.equal(target);
    expect(live.find(a)).to.equal(null);
    // The DASH MPD whatever the protocol (its media time is the schedule's; the HLS one is not).
    expect(live.urlFor()).to.equal(`http://tv:8080/live/${a.channelId}/manifest.mpd`);
    expect(live.channelId).to.equal(a.channelId);
    // Now/next still drive the refreshes (the banner).
    expect(live.needsRefresh(20_000, 5_000)).to.equal(true);
    expect(live.needsRefresh(13_000, 5_000)).to.equal(false);
  });

  it('is chosen by the config; the picture delay is the latency on the live stream only', () => {
    const p = programs();
    expect(playScheduleFor(p, { source: 'programs', liveLatencyMs: 8_000 }, 'http://tv')).to.equal(p);
    expect(playScheduleFor(p, { source: 'live', liveLatencyMs: 8_000 }, 'http://tv')).to.be.instanceOf(LiveSchedule);
    expect(pictureDelayMs({ source: 'live', liveLatencyMs: 6_000 })).to.equal(6_000);
    expect(pictureDelayMs({ source: 'programs', liveLatencyMs: 6_000 })).to.equal(0);
  });
});
