// /v1/assets: list and get for everyone; register/update (the pipeline, or a broadcaster) and set an
// asset's rating with the key.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { Asset, AssetStatus, AudioTrack, Id, Rating, Rendition, TextTrack } from '../../contracts/lineup.js';
import { ErrorReply } from '../../contracts/now.js';
import { Errors } from '../../errors.js';
import { notModified } from '../../plugins/http-cache.js';
import { checkRatings, ratingField, wholeBody } from '../rating-body.js';

const MediaUrl = Type.String({ minLength: 1, maxLength: 2048, pattern: '^(https?://|/)[^\\s]*$' });

export const AssetBody = Type.Object(
  {
    title: Asset.properties.title,
    description: Type.Optional(Asset.properties.description),
    durationMs: Type.Integer({ minimum: 0, maximum: 7 * 24 * 3_600_000, description: 'milliseconds' }),
    renditions: Type.Optional(Type.Array(Rendition, { maxItems: 16 })),
    dashUrl: MediaUrl,
    hlsUrl: MediaUrl,
    posterUrl: Type.Optional(Type.Union([MediaUrl, Type.Null()])),
    segmentSeconds: Asset.properties.segmentSeconds,
    status: AssetStatus,
    /** Absent: the asset keeps the rating it has; null: unrated. */
    rating: Type.Optional(Type.Union([Rating, Type.Null()], { description: 'absent: keep the current rating; null: unrated' })),
    audioTracks: Type.Optional(Type.Array(AudioTrack, { maxItems: 32 })),
    textTracks: Type.Optional(Type.Array(TextTrack, { maxItems: 64 })),
  },
  { additionalProperties: false },
);
export type AssetBody = Static<typeof AssetBody>;

/** PUT /v1/assets/:id/rating: a rating, or null for unrated. */
export const RatingBody = Type.Union([Rating, Type.Null()], { description: 'the rating, or null to make the asset unrated' });

const AssetParams = Type.Object({ id: Id });
const AssetList = Type.Object({ assets: Type.Array(Asset) }, { additionalProperties: false });
const errors = { '4xx': ErrorReply };

export const assetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const maxAge = app.settings.services.cache.lineupMaxAgeSeconds;
  const etag = (what: string) => `W/"${app.lineup.bootId}.${app.lineup.version()}.${what}"`;

  app.get(
    '/v1/assets',
    { schema: { tags: ['assets'], summary: 'All assets, oldest first', response: { 200: AssetList } } },
    async (request, reply) => {
      const tag = etag('assets');
      const assets = await app.lineup.assets();
      if (notModified(request, reply, tag, maxAge)) return reply;
      return { assets };
    },
  );

  app.get(
    '/v1/assets/:id',
    { schema: { tags: ['assets'], params: AssetParams, response: { 200: Asset, ...errors } } },
    async (request, reply) => {
      const tag = etag(`asset.${request.params.id}`);
      const asset = await app.lineup.asset(request.params.id);
      if (!asset) throw new Errors.AssetNotFound(request.params.id);
      if (notModified(request, reply, tag, maxAge)) return reply;
      return asset;
    },
  );

  app.put(
    '/v1/assets/:id',
    {
      config: { auth: 'broadcaster' },
      schema: {
        tags: ['assets'],
        summary: 'Register or replace an asset (its id is the content hash)',
        params: AssetParams,
        body: AssetBody,
        response: { 200: Asset, ...errors },
      },
      preValidation: checkRatings(ratingField),
    },
    async (request) => {
      const now = app.clock();
      const body = request.body;
      return app.lineup.putAsset({
        id: request.params.id,
        title: body.title,
        description: body.description ?? '',
        durationMs: body.durationMs,
        renditions: body.renditions ?? [],
        dashUrl: body.dashUrl,
        hlsUrl: body.hlsUrl,
        posterUrl: body.posterUrl ?? null,
        segmentSeconds: body.segmentSeconds,
        status: body.status,
        ...(body.rating === undefined ? {} : { rating: body.rating }),
        ...(body.audioTracks === undefined ? {} : { audioTracks: body.audioTracks }),
        ...(body.textTracks === undefined ? {} : { textTracks: body.textTracks }),
        createdAt: now,
        updatedAt: now,
      });
    },
  );

  app.put(
    '/v1/assets/:id/rating',
    {
      config: { auth: 'broadcaster' },
      schema: {
        tags: ['assets'],
        summary: "Set an asset's parental rating (null: unrated); its programs carry it unless they have their own",
        params: AssetParams,
        body: RatingBody,
        response: { 200: Asset, ...errors },
      },
      preValidation: checkRatings(wholeBody),
    },
    async (request) => app.lineup.setAssetRating(request.params.id, request.body),
  );
};
