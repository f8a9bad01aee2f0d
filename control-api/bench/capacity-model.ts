// bench:capacity, pure part — the capacity model of docs/capacity.md: a viewer's steady-state
// message rates, then, from the bench's figures and stated assumptions, the broker nodes, connections,
// time service, API processes, CDN and origin egress that a number of concurrent viewers needs, and
// which broker engine serves that size. No I/O; every input is named so the doc can give its source.

/** The steady state of one TV (bench:capacity's options; units in comments). */
export interface SteadyRates {
  beaconMs: number; // time beacon period (services.time.beaconIntervalMs), ms
  refreshMs: number; // clock refresh period once locked (CLOCK_ESTIMATOR_DEFAULTS.refreshIntervalMs), ms
  refreshBurst: number; // time exchanges per refresh (CLOCK_ESTIMATOR_DEFAULTS.refreshBurstSize), count
  chatPerChannelMin: number; // chat messages delivered per channel, per minute
  reactionBurstsPerChannelMin: number; // aggregated reaction messages per channel (one per services.reactions.windowMs at most), per minute
  programMin: number; // mean program length: now-playing is republished (retained) at each boundary, minutes
}

export const STEADY_DEFAULTS: SteadyRates = {
  beaconMs: 15_000, // ms (settings.json services.time.beaconIntervalMs)
  refreshMs: 300_000, // ms
  refreshBurst: 4, // exchanges
  chatPerChannelMin: 0.2, // messages per channel per minute ("chat posts rare")
  reactionBurstsPerChannelMin: 0.5, // aggregated messages per channel per minute
  programMin: 30, // minutes
};

/** Messages per second one viewer receives (`down`) and sends (`up`), and their parts. */
export interface ViewerRates {
  beacon: number;
  timeResponses: number;
  chat: number;
  reactions: number;
  now: number;
  /** Of the protocol itself (beacon and clock refresh): the "at most 0.1 msg/s when nothing happens". */
  idle: number;
  down: number;
  up: number;
}

export function viewerRates(r: SteadyRates): ViewerRates {
  const beacon = 1000 / r.beaconMs;
  const timeResponses = (1000 * r.refreshBurst) / r.refreshMs;
  const chat = r.chatPerChannelMin / 60;
  const reactions = r.reactionBurstsPerChannelMin / 60;
  const now = 1 / (r.programMin * 60);
  return { beacon, timeResponses, chat, reactions, now, idle: beacon + timeResponses, down: beacon + timeResponses + chat + reactions + now, up: timeResponses };
}

/**
 * Time exchanges of a join: the first burst, then one full-size burst after each gap of the ramp
 * (refreshRampStartMs, doubling while below refreshIntervalMs); after that, the steady refresh.
 */
export function exchangesPerJoin(o: { burstSize: number; rampStartMs: number; refreshMs: number }): number {
  let bursts = 1;
  for (let gap = o.rampStartMs; gap < o.refreshMs; gap *= 2) bursts += 1;
  return bursts * o.burstSize;
}

/** The figures bench:capacity measures (per node or process of the machine it ran on). */
export interface MeasuredInputs {
  aedesViewersPerNode: number; // viewers one Aedes node holds at p95 delivery <= 100 ms (steady state)
  mosquittoViewersPerNode: number; // the same for Debian's mosquitto (with the service node as its client)
  aedesExchangesPerSecond: number; // time exchanges per second one Aedes node answers
  serviceExchangesPerSecond: number; // ...one service node answers through mosquitto
  nowRps: number; // GET /v1/channels/:id/now per API process
  epgRps: number; // GET /v1/epg (6 h) per API process
  playlistRps: number; // live HLS media playlist per API process
  typicalRungBitsPerSecond: number; // measured bytes per viewer-hour of the typical rung x 8 / 3600 (video + audio)
}

/** What the model assumes (each stated in docs/capacity.md). */
export interface Assumptions {
  headroom: number; // share of a measured maximum a node is planned at (zap storms, a node lost), ratio
  clusterViewersPerNode: number; // viewers per node of an MQTT cluster (EMQX/HiveMQ/VerneMQ) of this machine's size
  sessionHours: number; // mean viewing session (a join's time exchanges and first requests), hours
  exchangesPerJoin: number; // time exchanges of a join (exchangesPerJoin()), count
  zapsPerViewerHour: number; // channel changes, each one GET /now, per viewer-hour
  guidesPerViewerHour: number; // guide opens, each one GET /v1/epg, per viewer-hour
  iptvShare: number; // viewers on a live HLS player (IPTV apps) instead of the TV app, ratio
  segmentSeconds: number; // a live player asks for its playlist once per segment, s
  cdnPops: number; // CDN points of presence, each fetching a channel-rung playlist at most once per segment
  playlistRungsPerChannel: number; // rungs of a channel watched at a PoP, count
  cdnHitRatio: number; // share of media bytes the CDN serves from cache, ratio
  ladderBitsPerSecond: number; // every rung of a channel and its audio (settings.json's ladder, nominal), bit/s: what a PoP pulls at most per channel
  originNicGbps: number; // network of one origin machine, Gbit/s
}

export const ASSUMPTION_DEFAULTS: Omit<Assumptions, 'clusterViewersPerNode' | 'exchangesPerJoin' | 'ladderBitsPerSecond'> = {
  headroom: 0.6,
  sessionHours: 2,
  zapsPerViewerHour: 6,
  guidesPerViewerHour: 2,
  iptvShare: 0.1,
  segmentSeconds: 2,
  cdnPops: 20,
  playlistRungsPerChannel: 3,
  cdnHitRatio: 0.95,
  originNicGbps: 10,
};

export type BrokerEngine = 'aedes' | 'mosquitto' | 'cluster';

export const ENGINE_LABELS: Record<BrokerEngine, string> = {
  aedes: 'built-in Aedes, one node (in the API process)',
  mosquitto: 'Mosquitto, one node, with the service node as its client',
  cluster: 'MQTT cluster (EMQX, HiveMQ or VerneMQ) with shared subscriptions for the service nodes',
};

export interface CapacityRow {
  viewers: number;
  channels: number;
  engine: BrokerEngine;
  brokerNodes: number;
  connections: number; // MQTT connections: one per TV, plus the service nodes
  deliveriesPerSecond: number; // broker -> viewers, messages/s
  timeExchangesPerSecond: number;
  serviceNodes: number; // time service (the built-in broker answers itself: 0)
  apiRequestsPerSecond: number;
  apiProcesses: number;
  cdnEgressGbps: number;
  cdnTerabytesPerDay: number;
  originEgressGbps: number;
  originMachines: number;
}

const ceilAtLeast1 = (x: number) => Math.max(1, Math.ceil(x));

/** The broker engine of a size: the smallest tier whose one node holds it with headroom. */
export function brokerEngine(viewers: number, m: Pick<MeasuredInputs, 'aedesViewersPerNode' | 'mosquittoViewersPerNode'>, headroom: number): BrokerEngine {
  if (viewers <= m.aedesViewersPerNode * headroom) return 'aedes';
  if (viewers <= m.mosquittoViewersPerNode * headroom) return 'mosquitto';
  return 'cluster';
}

/** The machines, connections and egress `viewers` concurrent viewers on `channels` channels need. */
export function planCapacity(viewers: number, channels: number, rates: SteadyRates, m: MeasuredInputs, a: Assumptions): CapacityRow {
  const v = viewerRates(rates);
  const engine = brokerEngine(viewers, m, a.headroom);
  const brokerNodes = engine === 'cluster' ? Math.max(2, Math.ceil(viewers / (a.clusterViewersPerNode * a.headroom))) : 1;
  const joinsPerSecond = viewers / (a.sessionHours * 3600);
  const timeExchangesPerSecond = viewers * v.timeResponses + joinsPerSecond * a.exchangesPerJoin;
  const serviceNodes = engine === 'aedes' ? 0 : ceilAtLeast1(timeExchangesPerSecond / (m.serviceExchangesPerSecond * a.headroom));
  const nowPerSecond = joinsPerSecond + (viewers * a.zapsPerViewerHour) / 3600;
  const epgPerSecond = joinsPerSecond + (viewers * a.guidesPerViewerHour) / 3600;
  const playlistPerSecond = Math.min((viewers * a.iptvShare) / a.segmentSeconds, (a.cdnPops * channels * a.playlistRungsPerChannel) / a.segmentSeconds);
  const apiBusy = nowPerSecond / m.nowRps + epgPerSecond / m.epgRps + playlistPerSecond / m.playlistRps; // process-seconds per second
  const cdnEgressBps = viewers * m.typicalRungBitsPerSecond;
  // The misses, but never more than every PoP pulling every rung of every channel once (linear TV:
  // all viewers of a channel ask for the same segments at the same time).
  const originEgressBps = Math.min(cdnEgressBps * (1 - a.cdnHitRatio), a.cdnPops * channels * a.ladderBitsPerSecond);
  return {
    viewers,
    channels,
    engine,
    brokerNodes,
    connections: viewers + serviceNodes,
    deliveriesPerSecond: viewers * v.down,
    timeExchangesPerSecond,
    serviceNodes,
    apiRequestsPerSecond: nowPerSecond + epgPerSecond + playlistPerSecond,
    apiProcesses: ceilAtLeast1(apiBusy / a.headroom),
    cdnEgressGbps: cdnEgressBps / 1e9,
    cdnTerabytesPerDay: (cdnEgressBps / 8) * 86_400 / 1e12,
    originEgressGbps: originEgressBps / 1e9,
    originMachines: ceilAtLeast1(originEgressBps / 1e9 / (a.originNicGbps * a.headroom)),
  };
}
