// Hand-encodes one MQTT 3.1.1 QoS 0 PUBLISH frame, so the time service can stamp t2 and write
// the reply to the socket in the same synchronous step (no queueing between stamp and write).
export function encodePublishFrame(topic: string, payload: string): Buffer {
  const topicBytes = Buffer.from(topic, 'utf8');
  const payloadBytes = Buffer.from(payload, 'utf8');
  const remaining = 2 + topicBytes.length + payloadBytes.length;
  const lengthBytes: number[] = [];
  let x = remaining;
  do {
    let byte = x % 128;
    x = Math.floor(x / 128);
    if (x > 0) byte |= 0x80;
    lengthBytes.push(byte);
  } while (x > 0);
  const frame = Buffer.allocUnsafe(1 + lengthBytes.length + remaining);
  let o = 0;
  frame[o++] = 0x30; // PUBLISH, QoS 0, no DUP, no RETAIN
  for (const b of lengthBytes) frame[o++] = b;
  frame.writeUInt16BE(topicBytes.length, o);
  o += 2;
  topicBytes.copy(frame, o);
  o += topicBytes.length;
  payloadBytes.copy(frame, o);
  return frame;
}
