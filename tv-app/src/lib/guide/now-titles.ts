// What is on now per channel, from GET /v1/now, for the channel list. Pure.

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** GET /v1/now -> channel id -> title on now. */
export function nowTitles(body: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!isRecord(body) || !Array.isArray(body.channels)) return out;
  for (const c of body.channels) {
    if (!isRecord(c) || !isRecord(c.channel) || typeof c.channel.id !== 'string') continue;
    const current = isRecord(c.current) && typeof c.current.title === 'string' ? c.current.title : 'Nothing on now';
    out.set(c.channel.id, current);
  }
  return out;
}
