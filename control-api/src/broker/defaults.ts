// Broker defaults, in one object (units in comments). Settings (services.mqtt, time, chat,
// reactions) override the ones they name; the rest are product constants.
export const BROKER_DEFAULTS = {
  /** Viewer publishes allowed per second before the client is dropped (token bucket refill). */
  floodRatePerSecond: 20, // messages per second
  /** Burst a viewer may publish at once. */
  floodBurst: 40, // messages
  /** Filters one viewer may hold at a time (a TV holds 8: its own 4 and 4 of the tuned channel). */
  maxSubscriptionsPerClient: 64, // filters
  /** New viewer connections admitted per second by the node (a storm waits its turn). */
  connectRatePerSecond: 200, // connections per second
  /** Connections admitted at once before pacing starts. */
  connectBurst: 200, // connections
  /** Connections waiting for admission before more are refused. */
  connectMaxWaiting: 10_000, // connections
  /** Reactions one client may add per aggregation window (more are dropped). */
  reactionsPerClientPerWindow: 5, // reactions
  /** Viewer counts are republished at most this often. */
  viewerCountIntervalMs: 1000, // milliseconds
  /** A cluster node republishes its viewer counts this often even unchanged (its sign of life to the summing service). */
  nodeCountsRefreshMs: 10_000, // milliseconds
  /** The summing service drops a node whose counts are older than this. */
  nodeCountsStaleMs: 35_000, // milliseconds
  /** Largest MQTT-over-WebSocket frame accepted (payload limit plus MQTT header room). */
  wsFrameOverheadBytes: 1024, // bytes
  /** A boundary timer never sleeps longer than this (setTimeout's limit is ~24.8 days). */
  maxTimerMs: 6 * 3600 * 1000, // milliseconds
  /** Largest MQTT packet any connection may announce; larger closes it before buffering. */
  maxPacketBytes: 262_144, // bytes
  /** A subscriber whose socket holds more unsent bytes than this skips live QoS 0 messages. */
  fanoutMaxBufferedBytes: 1_048_576, // bytes
  /** Re-anchor the sub-millisecond clock when it strays this far from the wall clock. */
  clockReanchorMs: 2, // milliseconds
} as const;

export type BrokerTuning = { -readonly [K in keyof typeof BROKER_DEFAULTS]: number };
