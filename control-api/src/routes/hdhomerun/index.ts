// HDHomeRun tuner emulation at the root, where clients look for it: add `http://<host>:<port>` as an
// HDHomeRun tuner in Plex, Jellyfin or Emby. Documents come from services/hdhomerun; every URL in
// them is absolute, built from the address the client used (protocol + Host).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { HdhrDiscover, HdhrLineup, HdhrLineupPostQuery, HdhrLineupStatus } from '../../contracts/hdhomerun.js';
import { ErrorReply } from '../../contracts/now.js';
import {
  DEVICE_XML_CONTENT_TYPE,
  HDHR_PATHS,
  deviceXml,
  discoverDocument,
  lineupDocument,
  lineupStatusDocument,
} from '../../services/hdhomerun/hdhr-documents.js';
import { requestOrigin } from '../request-origin.js';

const errors = { '4xx': ErrorReply };

export const hdhomerunRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tuner = app.settings.services.iptv;
  // A scan request carries its parameters in the query; whatever body a client adds (curl -d sends an
  // empty form) is read and ignored instead of being refused as an unsupported media type.
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 4096 }, (_request, _body, done) => done(null, undefined));

  app.get(
    HDHR_PATHS.discover,
    { schema: { tags: ['hdhomerun'], summary: 'HDHomeRun device: id, name, tuner count, lineup URL', response: { 200: HdhrDiscover, ...errors } } },
    async (request) => discoverDocument(tuner, requestOrigin(request)),
  );

  app.get(
    HDHR_PATHS.lineup,
    {
      schema: {
        tags: ['hdhomerun'],
        summary: 'HDHomeRun lineup: every enabled channel by number, its URL the channel as MPEG-TS',
        // Clients may add ?show=found|demo|unprotected or ?tuning: the lineup is the same for all.
        querystring: Type.Object({ show: Type.Optional(Type.String({ maxLength: 32 })) }),
        response: { 200: HdhrLineup, ...errors },
      },
    },
    async (request) => lineupDocument(await app.lineup.channels(), requestOrigin(request)),
  );

  app.get(
    HDHR_PATHS.lineupStatus,
    { schema: { tags: ['hdhomerun'], summary: 'HDHomeRun scan status (never scanning)', response: { 200: HdhrLineupStatus } } },
    async () => lineupStatusDocument(),
  );

  app.post(
    HDHR_PATHS.lineupPost,
    {
      schema: {
        tags: ['hdhomerun'],
        summary: 'HDHomeRun channel scan: start or abort. Answers 200 with no body as the device does; the scan is over at once (the lineup is the channels)',
        querystring: HdhrLineupPostQuery,
        response: { 200: Type.String({ maxLength: 0, description: 'empty' }), ...errors },
      },
    },
    async (_request, reply) => reply.code(200).type('text/plain; charset=utf-8').send(''),
  );

  app.get(
    HDHR_PATHS.deviceXml,
    {
      schema: {
        tags: ['hdhomerun'],
        summary: 'UPnP device description of the tuner',
        produces: ['text/xml'],
        response: { 200: Type.String({ description: 'UPnP device description' }), ...errors },
      },
    },
    async (request, reply) => reply.type(DEVICE_XML_CONTENT_TYPE).send(deviceXml(tuner, requestOrigin(request))),
  );
};
