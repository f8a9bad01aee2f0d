// GET /live/:channelId.ts: a channel as one continuous MPEG-TS, for clients that tune a network tuner
// (Plex, Jellyfin, Emby through /lineup.json) or play plain TS. A copy remux of the channel's HLS
// (services/live-ts): the API's own /live/{id}/master.m3u8 is resolved into its best video variant
// and its audio rendition, which one ffmpeg per watched channel copies into MPEG-TS for all its
// viewers; the process stops when the last viewer leaves. The reply starts once the first bytes are there, so a remux that cannot start is a coded
// 502 (SS_LIVE_TS_FAILED) rather than an empty 200.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { openToAnyOrigin } from '../../plugins/open-cors.js';
import { Type } from '@sinclair/typebox';
import type { Readable } from 'node:stream';
import { BACKGROUND_TIMERS, type Timers } from '../../broker/timers.js';
import { Id } from '../../contracts/lineup.js';
import { ErrorReply } from '../../contracts/now.js';
import { Errors } from '../../errors.js';
import { ffmpegSpawner } from '../../services/live-ts/ffmpeg-spawner.js';
import { httpText, resolveHlsInputs, type FetchText } from '../../services/live-ts/hls-inputs.js';
import { selfInputUrl } from '../../services/live-ts/self-input-url.js';
import { TS_REMUX_DEFAULTS, TsRemux, type RemuxSpawner, type TsRemuxConfig } from '../../services/live-ts/ts-remux.js';

/** The media type of an MPEG transport stream. */
export const TS_CONTENT_TYPE = 'video/mp2t';

/** What buildApp passes in (AppOptions.liveTs); every field has a production default. */
export interface LiveTsOptions {
  /** Starts ffmpeg (default: `ffmpeg` on PATH). */
  spawn?: RemuxSpawner;
  /** The channel's HLS master URL (default: this server's own `/live/{id}/master.m3u8` over loopback). */
  inputUrl?: (channelId: string) => string;
  /** Reads the master playlist (default: HTTP GET, giving up after `config.inputTimeoutMs`). */
  fetchText?: FetchText;
  /** Start timeout and kill grace timers (default: the system's, unref'd). */
  timers?: Timers;
  config?: Partial<TsRemuxConfig>;
}

export const liveTsRoutes: FastifyPluginAsyncTypebox<LiveTsOptions> = async (app, options) => {
  openToAnyOrigin(app, []); // its preflight is the live routes' (/live/*)
  const inputUrl = options.inputUrl ?? selfInputUrl(app.server);
  const fetchText = options.fetchText ?? httpText({ timeoutMs: options.config?.inputTimeoutMs ?? TS_REMUX_DEFAULTS.inputTimeoutMs });
  const remux = new TsRemux({
    spawn: options.spawn ?? ffmpegSpawner(),
    inputs: async (channelId) => resolveHlsInputs(inputUrl(channelId), fetchText),
    timers: options.timers ?? BACKGROUND_TIMERS,
    logger: app.log,
    ...(options.config ? { config: options.config } : {}),
  });
  // Stopped in preClose: onClose hooks run only after the server has closed, and the server waits for
  // open responses, which a live stream never ends by itself. Ending them here lets close() finish;
  // onClose waits again for every ffmpeg to have exited (close() is idempotent).
  app.addHook('preClose', async () => remux.close());
  app.addHook('onClose', async () => remux.close());

  app.get(
    '/live/:channelId.ts',
    {
      schema: {
        tags: ['iptv'],
        summary: 'The channel as continuous MPEG-TS: a copy remux (no transcoding) of its HLS, one ffmpeg per watched channel',
        params: Type.Object({ channelId: Id }),
        querystring: Type.Object({}, { description: 'query parameters (e.g. ?transcode=) are ignored: the stream is always a copy' }),
        produces: [TS_CONTENT_TYPE],
        response: {
          // a stream (empty for HEAD): documented as binary, never serialized
          200: Type.Unsafe<Readable | ''>({ type: 'string', format: 'binary', description: 'MPEG-TS, until the client disconnects' }),
          '4xx': ErrorReply,
          '5xx': ErrorReply,
        },
      },
    },
    async (request, reply) => {
      const { channelId } = request.params;
      const channel = await app.lineup.channel(channelId);
      if (!channel) throw new Errors.ChannelNotFound(channelId);
      if (!channel.enabled) throw new Errors.ChannelDisabled(channelId); // as the live HLS/DASH routes answer
      reply.header('cache-control', 'no-store').type(TS_CONTENT_TYPE);
      if (request.method === 'HEAD') return reply.send(''); // a probe: no ffmpeg for it

      const viewer = remux.open(channel.id);
      const leave = () => viewer.destroy();
      reply.raw.once('close', leave); // the client gave up before the first bytes
      try {
        await viewer.ready;
      } catch (err) {
        viewer.destroy();
        if (reply.raw.destroyed) {
          reply.hijack(); // nobody to answer
          return reply;
        }
        throw err;
      } finally {
        reply.raw.off('close', leave);
      }
      return reply.send(viewer); // from here Fastify destroys the viewer when the client disconnects
    },
  );
};
