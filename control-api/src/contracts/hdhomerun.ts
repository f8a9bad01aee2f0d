// The HDHomeRun HTTP API as network-tuner clients read it (Plex, Jellyfin, Emby): the JSON documents
// of /discover.json, /lineup.json and /lineup_status.json. Field names and types are the device's (the
// PascalCase is theirs); the fields listed are the ones those clients deserialize (Jellyfin's
// DiscoverResponse and Channels classes, and what SiliconDust firmware, tvhProxy, dizqueTV, ErsatzTV
// and Threadfin send).
import { Type, type Static } from '@sinclair/typebox';

export const HdhrDiscover = Type.Object(
  {
    FriendlyName: Type.String(),
    Manufacturer: Type.String(),
    ModelNumber: Type.String({ description: 'never contains "HDTC": Jellyfin and Emby would ask a transcoding tuner for ?transcode= profiles' }),
    FirmwareName: Type.String(),
    FirmwareVersion: Type.String(),
    DeviceID: Type.String({ description: '8 hex digits (services.iptv.deviceId)' }),
    DeviceAuth: Type.String(),
    BaseURL: Type.String({ description: 'absolute, as the client reached us' }),
    LineupURL: Type.String({ description: 'absolute URL of /lineup.json' }),
    TunerCount: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type HdhrDiscover = Static<typeof HdhrDiscover>;

export const HdhrLineupEntry = Type.Object(
  {
    GuideNumber: Type.String({ description: 'the channel number' }),
    GuideName: Type.String({ description: 'the channel name' }),
    VideoCodec: Type.String({ description: 'H264: every rung the pipeline makes' }),
    AudioCodec: Type.String({ description: 'AAC: every rendition the pipeline makes' }),
    URL: Type.String({ description: 'absolute URL of the channel as MPEG-TS (/live/{channelId}.ts)' }),
  },
  { additionalProperties: false },
);
export type HdhrLineupEntry = Static<typeof HdhrLineupEntry>;

export const HdhrLineup = Type.Array(HdhrLineupEntry);
export type HdhrLineup = Static<typeof HdhrLineup>;

export const HdhrLineupStatus = Type.Object(
  {
    ScanInProgress: Type.Integer({ minimum: 0, maximum: 1 }),
    ScanPossible: Type.Integer({ minimum: 0, maximum: 1 }),
    Source: Type.String(),
    SourceList: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);
export type HdhrLineupStatus = Static<typeof HdhrLineupStatus>;

/** `POST /lineup.post?scan=start|abort[&source=…]`: what clients send to (re)scan the lineup. */
export const HdhrLineupPostQuery = Type.Object({
  scan: Type.Union([Type.Literal('start'), Type.Literal('abort')]),
  source: Type.Optional(Type.String({ maxLength: 32 })),
});
export type HdhrLineupPostQuery = Static<typeof HdhrLineupPostQuery>;
