import { expect } from 'chai';
import { TS_PACKET_BYTES, firstPatOffset } from '../../../src/services/live-ts/ts-packets.js';
import { patPacket, pmtPacket, tsPacket, videoPacket } from './fake-ffmpeg.js';

describe('services/live-ts/ts-packets', () => {
  const stream = Buffer.concat([videoPacket(), pmtPacket(), patPacket(), videoPacket()]);

  it('finds the first packet opening a PAT, on a packet boundary', () => {
    expect(firstPatOffset(stream, 0)).to.equal(2 * TS_PACKET_BYTES);
    expect(firstPatOffset(Buffer.concat([patPacket(), videoPacket()]), 0)).to.equal(0);
  });

  it('counts packet boundaries from the stream position of the chunk, not from its start', () => {
    const tail = stream.subarray(100); // starts 100 bytes into the first packet
    expect(firstPatOffset(tail, 100)).to.equal(2 * TS_PACKET_BYTES - 100);
    // the same bytes believed to start on a boundary hold no packet that opens a PAT there
    expect(firstPatOffset(tail, 0)).to.equal(-1);
  });

  it('ignores PID 0 without unit start, other PIDs with unit start, and a header cut by the chunk end', () => {
    expect(firstPatOffset(Buffer.concat([tsPacket(0, { start: false }), tsPacket(0x11, { start: true })]), 0)).to.equal(-1);
    expect(firstPatOffset(Buffer.concat([videoPacket(), patPacket().subarray(0, 3)]), 0)).to.equal(-1);
    expect(firstPatOffset(Buffer.concat([videoPacket(), patPacket().subarray(0, 4)]), 0)).to.equal(TS_PACKET_BYTES);
  });
});
