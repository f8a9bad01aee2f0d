// GET /v1/channels/:id/chat?since= over the real embedded store in a temp folder.
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { errorHandler } from '../../../src/plugins/error-handler.js';
import { chatRoutes } from '../../../src/routes/chat/index.js';
import { EmbeddedStore } from '../../../src/store/embedded-store.js';
import type { LineupStore } from '../../../src/contracts/lineup-store.js';
import type { ChatMessage } from '../../../src/contracts/chat.js';
import { testSettings } from '../../broker/helpers.js';
import { silentLogger } from '../../../src/contracts/logger.js';

const msg = (i: number, channelId = 'ch1'): ChatMessage => ({
  id: `m${i}`,
  channelId,
  from: 'Viewer 0A1B',
  text: `hello ${i}`,
  serverTimeMs: 1_000 + i,
  offsetMs: i,
  programId: null,
});

describe('routes/chat', () => {
  let dir: string;
  let store: LineupStore;
  let app: FastifyInstance;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ss-chat-'));
    store = await EmbeddedStore.open({ dataDir: dir, logger: silentLogger() });
    await store.createChannel({ id: 'ch1', number: 1, name: 'One', logoUrl: null, group: '', enabled: true, loop: null, createdAt: 0, updatedAt: 0 });
    for (let i = 1; i <= 5; i++) await store.appendChat(msg(i), 3);
    app = Fastify();
    app.decorate('settings', testSettings());
    app.decorate('store', store);
    app.decorate('clock', () => 42_000);
    await app.register(errorHandler);
    await app.register(chatRoutes);
    await app.ready();
  });
  after(async () => {
    await app?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('returns the last N messages, oldest first', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/channels/ch1/chat' });
    expect(res.statusCode).to.equal(200);
    const body = res.json() as { channelId: string; serverTimeMs: number; messages: ChatMessage[] };
    expect(body.channelId).to.equal('ch1');
    expect(body.serverTimeMs).to.equal(42_000);
    expect(body.messages.map((m) => m.id)).to.deep.equal(['m3', 'm4', 'm5']);
    expect(res.headers['cache-control']).to.equal('no-store');
  });

  it('filters with since and limit', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/channels/ch1/chat?since=1003&limit=1' });
    expect((res.json() as { messages: ChatMessage[] }).messages.map((m) => m.id)).to.deep.equal(['m4']);
  });

  it('answers coded errors for an unknown channel and bad queries', async () => {
    const missing = await app.inject({ method: 'GET', url: '/v1/channels/nope/chat' });
    expect(missing.statusCode).to.equal(404);
    expect(missing.json()).to.include({ code: 'SS_CHANNEL_NOT_FOUND' });
    for (const url of ['/v1/channels/ch1/chat?since=abc', '/v1/channels/ch1/chat?limit=0', '/v1/channels/bad%20id/chat']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).to.equal(400);
      expect(res.json(), url).to.include({ code: 'SS_BAD_REQUEST' });
    }
  });
});
