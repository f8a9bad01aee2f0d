// /v1/collections and a channel's /programming and /overrides. Reads are public; writes need the
// broadcaster key. Bad input answers 400/404/409/422 with a code and the field at fault.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Id } from '../../contracts/lineup.js';
import { ErrorReply } from '../../contracts/now.js';
import { Collection, CollectionInput, Override, OverrideInput, ProgrammingInput, ProgrammingVersion } from '../../contracts/programming.js';

const errors = { '4xx': ErrorReply };
const CollectionParams = Type.Object({ id: Id });
const ChannelParams = Type.Object({ id: Id });
const OverrideParams = Type.Object({ id: Id, overrideId: Id });
const VersionSummary = Type.Object({ version: Type.Integer(), effectiveFromMs: Type.Integer(), effectiveFrom: Type.String() }, { additionalProperties: false });
const ProgrammingView = Type.Object({ current: ProgrammingVersion, versions: Type.Array(VersionSummary) }, { additionalProperties: false });
const ProgrammingReply = Type.Composite([ProgrammingVersion, Type.Object({ effectiveFrom: Type.String({ description: 'effectiveFromMs in ISO 8601' }) })], {
  additionalProperties: false,
});
const broadcaster = { auth: 'broadcaster' } as const;

export const programmingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.programming;

  app.get('/v1/collections', { schema: { tags: ['programming'], summary: 'All collections, by id', response: { 200: Type.Object({ collections: Type.Array(Collection) }) } } }, async () => ({
    collections: await service.collections(),
  }));

  app.get('/v1/collections/:id', { schema: { tags: ['programming'], params: CollectionParams, response: { 200: Collection, ...errors } } }, async (request) =>
    service.collection(request.params.id),
  );

  app.post(
    '/v1/collections',
    { config: broadcaster, schema: { tags: ['programming'], summary: 'Create a collection: an ordered list of assets', body: CollectionInput, response: { 201: Collection, ...errors } } },
    async (request, reply) => reply.code(201).send(await service.createCollection(request.body)),
  );

  app.put(
    '/v1/collections/:id',
    {
      config: broadcaster,
      schema: {
        tags: ['programming'],
        summary: "Replace a collection's name and items (channels pick the new items up with their next programming version)",
        params: CollectionParams,
        body: CollectionInput,
        response: { 200: Collection, ...errors },
      },
    },
    async (request) => service.replaceCollection(request.params.id, request.body),
  );

  app.delete(
    '/v1/collections/:id',
    { config: broadcaster, schema: { tags: ['programming'], summary: 'Delete a collection no programming uses (409 names the channels)', params: CollectionParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await service.deleteCollection(request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/channels/:id/programming',
    { schema: { tags: ['programming'], summary: "The channel's latest programming and its versions", params: ChannelParams, response: { 200: ProgrammingView, ...errors } } },
    async (request) => service.programming(request.params.id),
  );

  app.put(
    '/v1/channels/:id/programming',
    {
      config: broadcaster,
      schema: {
        tags: ['programming'],
        summary: 'Program a channel with weekly time slots; takes effect at the first airing boundary after now (or effectiveFrom)',
        params: ChannelParams,
        body: ProgrammingInput,
        response: { 200: ProgrammingReply, ...errors },
      },
    },
    async (request) => {
      const version = await service.putProgramming(request.params.id, request.body);
      return { ...version, effectiveFrom: new Date(version.effectiveFromMs).toISOString() };
    },
  );

  app.get(
    '/v1/channels/:id/overrides',
    { schema: { tags: ['programming'], summary: "The channel's overrides, by start", params: ChannelParams, response: { 200: Type.Object({ overrides: Type.Array(Override) }), ...errors } } },
    async (request) => ({ overrides: await service.overrides(request.params.id) }),
  );

  app.post(
    '/v1/channels/:id/overrides',
    {
      config: broadcaster,
      schema: {
        tags: ['programming'],
        summary: 'A one-off event that replaces the template between two instants',
        params: ChannelParams,
        body: OverrideInput,
        response: { 201: Override, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await service.createOverride(request.params.id, request.body)),
  );

  app.delete(
    '/v1/channels/:id/overrides/:overrideId',
    { config: broadcaster, schema: { tags: ['programming'], summary: 'Delete an override that has not started', params: OverrideParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await service.deleteOverride(request.params.id, request.params.overrideId);
      return reply.code(204).send(null);
    },
  );
};
