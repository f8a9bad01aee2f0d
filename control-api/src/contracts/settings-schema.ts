// The schema of settings.json, and `Settings`: the file as loaded. Lightning's appSettings/platformSettings
// are consumed by the TV app's build; `services` configures every server-side component. Units are in
// each description.
import { Type, type Static } from '@sinclair/typebox';

const Port = Type.Integer({ minimum: 0, maximum: 65535, description: 'TCP port (0 = any free port)' });
const NullableString = Type.Union([Type.String({ minLength: 1 }), Type.Null()]);

export const Rung = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$' }),
    height: Type.Integer({ minimum: 144, maximum: 4320, description: 'pixels' }),
    videoKbps: Type.Integer({ minimum: 100, maximum: 100_000, description: 'kilobits per second' }),
    profile: Type.Union([Type.Literal('baseline'), Type.Literal('main'), Type.Literal('high')]),
    level: Type.String({ pattern: '^[1-6](\\.[0-2])?$', description: 'H.264 level, e.g. 3.1' }),
  },
  { additionalProperties: false },
);
export type Rung = Static<typeof Rung>;

export const PipelineSettings = Type.Object(
  {
    enabled: Type.Boolean({ description: 'run the cron scan inside `npm start`' }),
    schedule: Type.String({ minLength: 9, description: 'cron expression for the inbox scan' }),
    segmentSeconds: Type.Number({ minimum: 1, maximum: 10, description: 'seconds per segment and GOP' }),
    maxFps: Type.Number({ minimum: 1, maximum: 120, description: 'frames per second cap' }),
    loudnessLufs: Type.Number({ minimum: -40, maximum: -5, description: 'EBU R128 integrated target, LUFS' }),
    preset: Type.Union(
      ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow'].map((p) => Type.Literal(p)),
    ),
    leaseMs: Type.Integer({ minimum: 1000, description: 'job lease, milliseconds' }),
    maxAttempts: Type.Integer({ minimum: 1, maximum: 20 }),
    limits: Type.Object(
      {
        maxDurationSeconds: Type.Number({ minimum: 1, description: 'seconds' }),
        maxWidth: Type.Integer({ minimum: 16, description: 'pixels' }),
        maxHeight: Type.Integer({ minimum: 16, description: 'pixels' }),
        maxBytes: Type.Integer({ minimum: 1, description: 'bytes' }),
      },
      { additionalProperties: false },
    ),
    ladder: Type.Array(Rung, { minItems: 1, maxItems: 8 }),
    audioKbps: Type.Integer({ minimum: 32, maximum: 512, description: 'kilobits per second' }),
    sampleOnEmptyLibrary: Type.Boolean({ description: 'generate sample content on first start' }),
  },
  { additionalProperties: false },
);
export type PipelineSettings = Static<typeof PipelineSettings>;

/** Every channel as a standard live stream: HLS and DASH manifests over the assets' segments. */
export const LiveSettings = Type.Object(
  {
    windowSeconds: Type.Integer({ minimum: 10, maximum: 3600, description: 'HLS sliding window and DASH timeShiftBufferDepth, seconds' }),
    presentationDelaySeconds: Type.Number({ minimum: 0, maximum: 120, description: 'DASH suggestedPresentationDelay, seconds' }),
    hlsTimestamps: Type.Union([Type.Literal('channel'), Type.Literal('asset')], {
      description:
        "channel: HLS segments are the assets' files with their decode times moved onto the channel's timeline (timestamps run on across airings, for ffmpeg-based apps); asset: the files under /media/ untouched (for players that honour EXT-X-DISCONTINUITY)",
    }),
    slateAssetId: Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()], {
      description: 'asset played where a channel has nothing on air (null: none; the stream waits for the next airing)',
    }),
  },
  { additionalProperties: false },
);
export type LiveSettings = Static<typeof LiveSettings>;

/** IPTV apps (M3U + XMLTV) and HDHomeRun tuner emulation for Plex, Jellyfin and Emby. */
export const IptvSettings = Type.Object(
  {
    guideHours: Type.Integer({ minimum: 1, maximum: 336, description: 'hours of XMLTV guide from the current hour' }),
    deviceId: Type.String({ pattern: '^[0-9A-F]{8}$', description: 'HDHomeRun device id, 8 hex digits' }),
    friendlyName: Type.String({ minLength: 1, maxLength: 64 }),
    tunerCount: Type.Integer({ minimum: 1, maximum: 64, description: 'tuners announced to Plex/Jellyfin/Emby' }),
  },
  { additionalProperties: false },
);
export type IptvSettings = Static<typeof IptvSettings>;

/** pino's levels, quietest last; `silent` logs nothing. */
export const LogLevel = Type.Union(
  (['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const).map((l) => Type.Literal(l)),
  { description: 'lowest level written; per-request lines are debug' },
);

export const ServiceSettings = Type.Object(
  {
    log: Type.Object({ level: LogLevel }, { additionalProperties: false }),
    http: Type.Object(
      {
        host: Type.String({ minLength: 1 }),
        port: Port,
        bodyLimitBytes: Type.Integer({ minimum: 1024, maximum: 104_857_600, description: 'bytes' }),
        requestTimeoutMs: Type.Integer({ minimum: 1000, maximum: 600_000, description: 'ms a client has to send a whole request (headers and body)' }),
        jsonMaxDepth: Type.Integer({ minimum: 2, maximum: 1000, description: 'deepest nesting of a JSON body' }),
      },
      { additionalProperties: false },
    ),
    mqtt: Type.Object(
      {
        host: Type.String({ minLength: 1 }),
        port: Port,
        maxPayloadBytes: Type.Integer({ minimum: 64, maximum: 1_048_576, description: 'bytes' }),
        serverUsername: Type.String({ minLength: 1 }),
        serverPassword: NullableString,
        viewerToken: NullableString,
        redisUrl: NullableString,
        /** A standard MQTT broker or cluster the server serves the protocol through, as its client (no built-in broker). */
        brokerUrl: NullableString,
      },
      { additionalProperties: false },
    ),
    time: Type.Object(
      { beaconIntervalMs: Type.Integer({ minimum: 100, maximum: 60_000, description: 'milliseconds' }) },
      { additionalProperties: false },
    ),
    store: Type.Object(
      {
        mongodbUrl: NullableString,
        dataDir: Type.String({ minLength: 1, description: 'relative to the project root, or absolute' }),
      },
      { additionalProperties: false },
    ),
    apiKey: Type.Union([Type.String({ minLength: 16 }), Type.Null()]),
    contentDir: Type.String({ minLength: 1, description: 'relative to the project root, or absolute' }),
    cache: Type.Object(
      { lineupMaxAgeSeconds: Type.Integer({ minimum: 0, maximum: 3600, description: 'seconds' }) },
      { additionalProperties: false },
    ),
    chat: Type.Object(
      {
        maxLength: Type.Integer({ minimum: 1, maximum: 1000, description: 'characters' }),
        historySize: Type.Integer({ minimum: 0, maximum: 10_000, description: 'messages per channel' }),
        minIntervalMs: Type.Integer({ minimum: 0, maximum: 60_000, description: 'per client, milliseconds' }),
      },
      { additionalProperties: false },
    ),
    reactions: Type.Object(
      {
        ids: Type.Array(Type.String({ minLength: 1, maxLength: 16, pattern: '^[a-z0-9_-]+$' }), {
          minItems: 1,
          maxItems: 16,
        }),
        windowMs: Type.Integer({ minimum: 100, maximum: 10_000, description: 'aggregation window, milliseconds' }),
      },
      { additionalProperties: false },
    ),
    pipeline: PipelineSettings,
    live: LiveSettings,
    iptv: IptvSettings,
  },
  { additionalProperties: false },
);
export type ServiceSettings = Static<typeof ServiceSettings>;

export const SettingsFile = Type.Object(
  {
    appSettings: Type.Record(Type.String(), Type.Unknown()),
    platformSettings: Type.Record(Type.String(), Type.Unknown()),
    services: ServiceSettings,
  },
  { additionalProperties: false },
);
export type SettingsFile = Static<typeof SettingsFile>;

/** settings.json as loaded (config/load-settings.ts): validated, overrides applied, paths resolved. */
export interface Settings {
  /** The whole file, as validated (appSettings/platformSettings included, for the TV app build). */
  file: SettingsFile;
  services: ServiceSettings;
  /** Absolute folder of settings.json: relative paths are resolved against it. */
  rootDir: string;
  /** Absolute data directory (embedded store, generated key). */
  dataDir: string;
  /** Absolute content library (inbox/, media/, failed/). */
  contentDir: string;
}
