// Domain schemas for the lineup: channels, programs, assets. Types are derived from these schemas,
// never written twice. Times are epoch milliseconds UTC.
import { Type, type Static } from '@sinclair/typebox';
import { EpochMs, Id } from '#core/wire.js';
import { Rating } from '#core/rating.js';

/** Ids, times and ratings are the wire's (#core/wire, #core/rating), so stored and served documents agree. */
export { EpochMs, Id, Rating };
export const DurationMs = Type.Integer({ minimum: 1, maximum: 7 * 24 * 3600 * 1000, description: 'milliseconds' });

/** One item of a looping playlist: an asset, optionally clipped to [inMs, inMs + durationMs). */
export const LoopItem = Type.Object(
  {
    assetId: Id,
    inMs: Type.Optional(Type.Integer({ minimum: 0, description: 'milliseconds into the asset' })),
    durationMs: Type.Optional(DurationMs),
  },
  { additionalProperties: false },
);
export type LoopItem = Static<typeof LoopItem>;

/** A channel that loops a playlist from an epoch instead of following explicit programs. */
export const Loop = Type.Object(
  {
    epochMs: EpochMs,
    items: Type.Array(LoopItem, { minItems: 1, maxItems: 500 }),
  },
  { additionalProperties: false },
);
export type Loop = Static<typeof Loop>;

export const Channel = Type.Object(
  {
    id: Id,
    number: Type.Integer({ minimum: 1, maximum: 9999 }),
    name: Type.String({ minLength: 1, maxLength: 80 }),
    logoUrl: Type.Union([Type.String({ maxLength: 2048 }), Type.Null()]),
    group: Type.String({ maxLength: 80 }),
    enabled: Type.Boolean(),
    /**
     * Whether viewers may play the program on now from its beginning (the TV app's Start-over key).
     * Absent (a channel stored before the field existed): allowed; stores read it back filled in.
     */
    startOver: Type.Optional(Type.Boolean()),
    loop: Type.Union([Loop, Type.Null()]),
    createdAt: EpochMs,
    updatedAt: EpochMs,
  },
  { additionalProperties: false },
);
export type Channel = Static<typeof Channel>;

/** Start-over is allowed unless a channel forbids it. */
export const START_OVER_DEFAULT = true;

/** A channel with its optional fields filled in: as stores read channels back and the API serves them. */
export type FilledChannel = Channel & Required<Pick<Channel, 'startOver'>>;

/** `channel` with the defaults of the fields it may lack (stored before they existed). */
export function withChannelDefaults(channel: Channel): FilledChannel {
  return { ...channel, startOver: channel.startOver ?? START_OVER_DEFAULT };
}

/** What a broadcaster sends to create a channel (id optional) or the merged result of an update. */
export type ChannelInput = Pick<Channel, 'number' | 'name'> &
  Partial<Pick<Channel, 'id' | 'logoUrl' | 'group' | 'enabled' | 'startOver' | 'loop'>>;
/** A change to a channel: any field but its id. */
export type ChannelPatch = Partial<Omit<ChannelInput, 'id'>>;

export const Program = Type.Object(
  {
    id: Id,
    channelId: Id,
    assetId: Id,
    title: Type.String({ maxLength: 200 }),
    startMs: EpochMs,
    endMs: EpochMs,
    inMs: Type.Integer({ minimum: 0, description: 'milliseconds into the asset where the program starts' }),
    /** Overrides the asset's rating; absent: the asset's. */
    rating: Type.Optional(Rating),
  },
  { additionalProperties: false },
);
export type Program = Static<typeof Program>;

export const Rendition = Type.Object(
  {
    name: Type.String({ maxLength: 32 }),
    width: Type.Integer({ minimum: 1 }),
    height: Type.Integer({ minimum: 1 }),
    bandwidth: Type.Integer({ minimum: 1, description: 'bits per second' }),
    codecs: Type.String({ maxLength: 100 }),
    frameRate: Type.Number({ exclusiveMinimum: 0, maximum: 120, description: 'frames per second' }),
  },
  { additionalProperties: false },
);
export type Rendition = Static<typeof Rendition>;

/** A language tag (BCP 47, shortest form: "en", "fr", "pt-BR"; "und" when the source does not say). */
export const LanguageTag = Type.String({ minLength: 2, maxLength: 35, pattern: '^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$' });

/** One audio rendition of an asset: a source audio stream, loudness-normalized, with its language. */
export const AudioTrack = Type.Object(
  {
    /** The DASH Representation id (and the HLS rendition's order). */
    id: Type.String({ minLength: 1, maxLength: 32 }),
    lang: LanguageTag,
    label: Type.String({ maxLength: 100 }),
    channels: Type.Integer({ minimum: 1, maximum: 32, description: 'channels of the packaged rendition' }),
  },
  { additionalProperties: false },
);
export type AudioTrack = Static<typeof AudioTrack>;

export const TextTrackKind = Type.Union([Type.Literal('subtitles'), Type.Literal('captions'), Type.Literal('descriptions')]);
export type TextTrackKind = Static<typeof TextTrackKind>;

/** One text track of an asset: segmented WebVTT from a source subtitle stream or a sidecar file. */
export const TextTrack = Type.Object(
  {
    /** The DASH Representation id; its files are named after it (content layout: ASSET_FILES.textSegment). */
    id: Type.String({ minLength: 1, maxLength: 32 }),
    lang: LanguageTag,
    label: Type.String({ maxLength: 100 }),
    kind: TextTrackKind,
    source: Type.Union([Type.Literal('stream'), Type.Literal('sidecar')]),
  },
  { additionalProperties: false },
);
export type TextTrack = Static<typeof TextTrack>;

export const AssetStatus = Type.Union([Type.Literal('processing'), Type.Literal('ready'), Type.Literal('failed')]);
export type AssetStatus = Static<typeof AssetStatus>;

export const Asset = Type.Object(
  {
    id: Id,
    title: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.String({ maxLength: 2000 }),
    durationMs: Type.Integer({ minimum: 0 }),
    renditions: Type.Array(Rendition, { maxItems: 16 }),
    dashUrl: Type.String({ maxLength: 2048 }),
    hlsUrl: Type.String({ maxLength: 2048 }),
    posterUrl: Type.Union([Type.String({ maxLength: 2048 }), Type.Null()]),
    segmentSeconds: Type.Number({ exclusiveMinimum: 0, maximum: 60, description: 'seconds' }),
    status: AssetStatus,
    /** Parental rating of the asset, which its programs carry unless they have their own; absent or null: unrated. */
    rating: Type.Optional(Type.Union([Rating, Type.Null()])),
    /** Audio renditions in the manifests' order; absent: an asset packaged before tracks were listed (one audio). */
    audioTracks: Type.Optional(Type.Array(AudioTrack, { maxItems: 32 })),
    /** Text tracks in the manifests' order; absent or empty: none. */
    textTracks: Type.Optional(Type.Array(TextTrack, { maxItems: 64 })),
    createdAt: EpochMs,
    updatedAt: EpochMs,
  },
  { additionalProperties: false },
);
export type Asset = Static<typeof Asset>;
