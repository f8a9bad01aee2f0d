// /v1/channels/:id/schedule: read a window (both kinds of channel), replace a window atomically,
// append after the last program, delete one program. Rules live in services/lineup/schedule-rules.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { DurationMs, Id, Rating } from '../../contracts/lineup.js';
import { AiringProgram, ChannelSchedule, ErrorReply, TimeInput, WindowQuery } from '../../contracts/now.js';
import { Errors } from '../../errors.js';
import { notModified } from '../../plugins/http-cache.js';
import { checkRatings, fieldOf, ratingField, type RatingsIn } from '../rating-body.js';
import { timeField, windowFromQuery } from '../time-params.js';

export const SCHEDULE_ROUTE_DEFAULTS = {
  readSpanMs: 24 * 3_600_000, // milliseconds: window read when `to` is not given
  maxProgramsPerRequest: 5_000, // programs in one PUT
};

const Title = Type.String({ maxLength: 200, pattern: '^[^\\u0000-\\u001F\\u007F]*$' });
const Clip = {
  title: Type.Optional(Title),
  inMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 24 * 3_600_000, description: 'clip start, milliseconds into the asset' })),
  durationMs: Type.Optional(DurationMs),
  rating: Type.Optional(Rating),
};

/** The rating of each program of a replacement body. */
const programRatings: RatingsIn = (body) => {
  const programs = fieldOf(body, 'programs');
  return Array.isArray(programs) ? programs.map((p: unknown, i) => [`programs[${i}].rating`, fieldOf(p, 'rating')] as const) : [];
};

export const ProgramBody = Type.Object(
  { assetId: Id, start: TimeInput, ...Clip },
  { additionalProperties: false },
);
export const ReplaceBody = Type.Object(
  {
    from: TimeInput,
    to: TimeInput,
    programs: Type.Array(ProgramBody, { maxItems: SCHEDULE_ROUTE_DEFAULTS.maxProgramsPerRequest }),
  },
  { additionalProperties: false },
);
export type ReplaceBody = Static<typeof ReplaceBody>;
export const AppendBody = Type.Object(
  { assetId: Id, start: Type.Optional(TimeInput), ...Clip },
  { additionalProperties: false },
);

const Params = Type.Object({ id: Id });
const ProgramParams = Type.Object({ id: Id, programId: Id });
const errors = { '4xx': ErrorReply };

export const scheduleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const maxAge = app.settings.services.cache.lineupMaxAgeSeconds;

  app.get(
    '/v1/channels/:id/schedule',
    {
      schema: {
        tags: ['schedule'],
        summary: 'Programs overlapping [from, to) (default: the next 24 hours); loop channels are materialized',
        params: Params,
        querystring: WindowQuery,
        response: { 200: ChannelSchedule, ...errors },
      },
    },
    async (request, reply) => {
      const { fromMs, toMs } = windowFromQuery(request.query, { fromMs: app.clock(), spanMs: SCHEDULE_ROUTE_DEFAULTS.readSpanMs });
      const version = app.lineup.version();
      const channel = await app.lineup.channel(request.params.id);
      const programs = await app.lineup.window(request.params.id, fromMs, toMs);
      if (!channel || !programs) throw new Errors.ChannelNotFound(request.params.id);
      const tag = `W/"${app.lineup.bootId}.${version}.s.${channel.id}.${fromMs}.${toMs}"`;
      if (notModified(request, reply, tag, maxAge)) return reply;
      return { channelId: channel.id, kind: await app.lineup.kindOf(channel), fromMs, toMs, version, programs };
    },
  );

  app.put(
    '/v1/channels/:id/schedule',
    {
      config: { auth: 'broadcaster' },
      schema: {
        tags: ['schedule'],
        summary: 'Replace every program of [from, to) atomically with the given ones',
        params: Params,
        body: ReplaceBody,
        response: { 200: ChannelSchedule, ...errors },
      },
      preValidation: checkRatings(programRatings),
    },
    async (request) => {
      const fromMs = timeField(request.body.from, 'from');
      const toMs = timeField(request.body.to, 'to');
      const requests = request.body.programs.map((p, i) => ({
        assetId: p.assetId,
        startMs: timeField(p.start, `programs[${i}].start`),
        title: p.title,
        inMs: p.inMs,
        durationMs: p.durationMs,
        rating: p.rating,
      }));
      const programs = await app.lineup.replaceSchedule(request.params.id, fromMs, toMs, requests);
      return { channelId: request.params.id, kind: 'explicit' as const, fromMs, toMs, version: app.lineup.version(), programs };
    },
  );

  app.post(
    '/v1/channels/:id/schedule',
    {
      config: { auth: 'broadcaster' },
      schema: {
        tags: ['schedule'],
        summary: "Append a program after the channel's last one (or at `start`, if later)",
        params: Params,
        body: AppendBody,
        response: { 201: AiringProgram, ...errors },
      },
      preValidation: checkRatings(ratingField),
    },
    async (request, reply) => {
      const { start, ...rest } = request.body;
      const startMs = start === undefined ? undefined : timeField(start, 'start');
      const program = await app.lineup.appendProgram(request.params.id, { ...rest, startMs });
      return reply.code(201).send(program);
    },
  );

  app.delete(
    '/v1/channels/:id/schedule/:programId',
    {
      config: { auth: 'broadcaster' },
      schema: {
        tags: ['schedule'],
        summary: 'Delete one program',
        params: ProgramParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await app.lineup.deleteProgram(request.params.id, request.params.programId);
      return reply.code(204).send(null);
    },
  );
};
