import { expect } from 'chai';
import { ApiClient, ApiError, emptyLineupMessage } from '../../../src/lib/net/api-client.js';

type Reply = { status: number; body?: unknown } | Error;

function fakeFetch(replies: Reply[]) {
  const calls: string[] = [];
  const fetchFn = (async (input: RequestInfo | URL) => {
    calls.push(String(input));
    const next = replies.shift();
    if (!next) throw new Error('no more replies');
    if (next instanceof Error) throw next;
    return new Response(next.body === undefined ? '' : JSON.stringify(next.body), { status: next.status });
  }) as typeof fetch;
  return { fetchFn, calls };
}

function client(replies: Reply[]) {
  const { fetchFn, calls } = fakeFetch(replies);
  const sleeps: number[] = [];
  const api = new ApiClient({ baseUrl: 'http://tv', fetch: fetchFn, sleep: async (ms) => void sleeps.push(ms), attempts: 4, baseDelayMs: 100, maxDelayMs: 250 });
  return { api, calls, sleeps };
}

describe('lib/api-client', () => {
  it('lists enabled channels by number', async () => {
    const { api, calls } = client([
      { status: 200, body: { channels: [
        { id: 'b', number: 7, name: 'B', logoUrl: null, group: 'g', enabled: true, startOver: false },
        { id: 'x', number: 3, name: 'X', logoUrl: null, group: '', enabled: false },
        { id: 'a', number: 2, name: 'A', logoUrl: '/logo.png', group: '', enabled: true },
      ] } },
    ]);
    const channels = await api.channels();
    expect(channels.map((c) => c.id)).to.deep.equal(['a', 'b']);
    expect(channels[0]?.logoUrl).to.equal('/logo.png');
    expect(channels.map((c) => c.startOver), 'start-over allowed unless the channel says no').to.deep.equal([true, false]);
    expect(calls).to.deep.equal(['http://tv/v1/channels']);
  });

  it('retries network errors and 5xx with exponential backoff up to a ceiling', async () => {
    const { api, sleeps } = client([new Error('ECONNREFUSED'), { status: 503 }, { status: 502 }, { status: 200, body: { channels: [] } }]);
    expect(await api.channels()).to.deep.equal([]);
    expect(sleeps).to.deep.equal([100, 200, 250]);
  });

  it('gives up after the last attempt with a coded error', async () => {
    const { api } = client([new Error('down'), new Error('down'), new Error('down'), new Error('down')]);
    const err = await api.channels().catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ApiError);
    expect((err as ApiError).code).to.equal('SS_TV_API_UNREACHABLE');
  });

  it('does not retry a 404 and reports the status', async () => {
    const { api, calls } = client([{ status: 404, body: { code: 'SS_CHANNEL_NOT_FOUND' } }]);
    const err = await api.channelNow('gone').catch((e: unknown) => e);
    expect((err as ApiError).status).to.equal(404);
    expect(calls).to.have.length(1);
  });

  it('refuses a reply that is not a ChannelNow', async () => {
    const { api } = client([{ status: 200, body: { hello: 1 } }]);
    const err = await api.channelNow('one').catch((e: unknown) => e);
    expect((err as ApiError).code).to.equal('SS_TV_API_BAD_REPLY');
  });

  it('takes an uncached clock sample from /health', async () => {
    const { api, calls } = client([{ status: 200, body: { status: 'ok', serverTimeMs: 5_000 } }]);
    let t = 100;
    const sample = await api.timeSample(() => (t += 2));
    expect(sample).to.deep.equal({ serverTimeMs: 5_000, t0: 102, t3: 104 });
    expect(calls).to.deep.equal(['http://tv/health']);
  });

  it("reads the demo lineup's progress from /health for the empty-lineup slate", async () => {
    const { api } = client([
      { status: 200, body: { status: 'ok', serverTimeMs: 1, startup: { demo: { state: 'preparing', done: 2, total: 4, error: null }, tvApp: { state: 'ready', error: null } } } },
      { status: 200, body: { status: 'ok', serverTimeMs: 1, startup: { demo: null, tvApp: { state: 'ready', error: null } } } },
      { status: 200, body: { status: 'ok', serverTimeMs: 1 } },
      new Error('offline'),
    ]);
    const preparing = await api.startup();
    expect(preparing).to.deep.equal({ demo: { state: 'preparing', done: 2, total: 4 } });
    expect(emptyLineupMessage(preparing)).to.equal('Preparing demo content: 2 of 4');
    expect(emptyLineupMessage(await api.startup())).to.equal('No channels yet');
    expect(await api.startup()).to.equal(null);
    expect(await api.startup()).to.equal(null);
    expect(emptyLineupMessage(null)).to.equal('No channels yet');
    expect(emptyLineupMessage({ demo: { state: 'retrying', done: 0, total: 0 } })).to.equal('Preparing demo content…');
    expect(emptyLineupMessage({ demo: { state: 'ready', done: 4, total: 4 } })).to.equal('No channels yet');
  });

  it('registers the device with one POST /v1/devices, and rejects a failure or a reply that is not an identity', async () => {
    const identity = { id: `d${'0a'.repeat(12)}`, token: 'A'.repeat(43), name: 'Viewer 3FA2' };
    const methods: string[] = [];
    const replies: Reply[] = [{ status: 201, body: identity }, { status: 503 }, { status: 201, body: { id: 'tv-1', token: 'x' } }, new Error('offline')];
    const { fetchFn, calls } = fakeFetch(replies);
    const api = new ApiClient({
      baseUrl: 'http://tv',
      fetch: ((input: RequestInfo | URL, init?: RequestInit) => (methods.push(init?.method ?? 'GET'), fetchFn(input, init))) as typeof fetch,
      sleep: async () => {},
    });
    expect(await api.registerDevice()).to.deep.equal(identity);
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) await api.registerDevice().catch((err: ApiError) => codes.push(err.code));
    expect(codes, 'one attempt each: the identity keeper decides when to try again').to.deep.equal(['SS_TV_API_STATUS', 'SS_TV_API_BAD_REPLY', 'SS_TV_API_UNREACHABLE']);
    expect(calls).to.deep.equal(Array(4).fill('http://tv/v1/devices'));
    expect(methods).to.deep.equal(['POST', 'POST', 'POST', 'POST']);
  });
});
