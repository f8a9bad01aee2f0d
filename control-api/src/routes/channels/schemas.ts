// Request schemas of /v1/channels. Types come from these schemas (Static), never written twice.
import { Type, type Static } from '@sinclair/typebox';
import { Channel, Id, Loop, withChannelDefaults } from '../../contracts/lineup.js';
import { LiveUrls, liveUrls } from '../../contracts/live-paths.js';

/** No control characters in names people read. */
const NO_CONTROL = '^[^\\u0000-\\u001F\\u007F]*$';

/** Logo: an http(s) URL or a path on this server. */
export const LogoUrl = Type.String({ maxLength: 2048, pattern: '^(https?://|/)[^\\s]*$' });

const fields = {
  number: Channel.properties.number,
  name: Type.String({ minLength: 1, maxLength: 80, pattern: NO_CONTROL }),
  logoUrl: Type.Union([LogoUrl, Type.Null()]),
  group: Type.String({ maxLength: 80, pattern: NO_CONTROL }),
  enabled: Type.Boolean(),
  startOver: Type.Boolean({ description: 'false forbids start-over (playing the program on now from its beginning) on this channel' }),
  loop: Type.Union([Loop, Type.Null()]),
};

export const ChannelCreateBody = Type.Object(
  {
    id: Type.Optional(Id),
    number: fields.number,
    name: fields.name,
    logoUrl: Type.Optional(fields.logoUrl),
    group: Type.Optional(fields.group),
    enabled: Type.Optional(fields.enabled),
    /** Default true: viewers may start the program on now over. */
    startOver: Type.Optional(fields.startOver),
    loop: Type.Optional(fields.loop),
  },
  { additionalProperties: false },
);
export type ChannelCreateBody = Static<typeof ChannelCreateBody>;

export const ChannelPatchBody = Type.Partial(Type.Object(fields), { additionalProperties: false, minProperties: 1 });
export type ChannelPatchBody = Static<typeof ChannelPatchBody>;

export const ChannelParams = Type.Object({ id: Id });
/** A channel as the API answers it: the stored document, defaults filled in, and where it plays as a live stream. */
export const ChannelView = Type.Composite([Type.Omit(Channel, ['startOver']), Type.Object({ startOver: fields.startOver, live: LiveUrls })], {
  additionalProperties: false,
});
export type ChannelView = Static<typeof ChannelView>;
export const channelView = (channel: Channel): ChannelView => ({ ...withChannelDefaults(channel), live: liveUrls(channel.id) });

export const ChannelList = Type.Object({ channels: Type.Array(ChannelView) }, { additionalProperties: false });
