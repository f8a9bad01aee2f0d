// buildApp(options) assembles the control API; it never listens (server.ts does). Tests use inject().
import { join } from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppOptions } from './app-deps.js';
import { DebugRequestLog } from './logging/request-log.js';
import { errorHandler } from './plugins/error-handler.js';
import { bodyGuard } from './plugins/body-guard.js';
import { securityHeaders } from './plugins/security-headers.js';
import { parseTvConfig } from '#core/app-settings.js';
import { healthRoutes } from './routes/health/index.js';
import { authPlugin } from './plugins/auth.js';
import { docsPlugin } from './plugins/docs.js';
import { LineupService } from './services/lineup/index.js';
import { StartupStatus } from './services/startup-status.js';
import { channelRoutes } from './routes/channels/index.js';
import { programmingRoutes } from './routes/programming/index.js';
import { ProgrammingService } from './services/programming/programming-service.js';
import { assetRoutes } from './routes/assets/index.js';
import { scheduleRoutes } from './routes/schedule/index.js';
import { nowRoutes } from './routes/now/index.js';
import { epgRoutes } from './routes/epg/index.js';
import { iptvRoutes } from './routes/iptv/index.js';
import { hdhomerunRoutes } from './routes/hdhomerun/index.js';
import { liveTsRoutes } from './routes/live-ts/index.js';
import { streamRoutes } from './routes/stream/index.js';
import { syncRoutes } from './routes/sync/index.js';
import { brokerWsRoutes } from './broker/plugin.js';
import { chatRoutes } from './routes/chat/index.js';
import { deviceRoutes } from './routes/devices/index.js';
import { createDeviceIdentity, deviceSecretFrom } from './services/devices/device-identity.js';
import { jobRoutes } from './routes/jobs/index.js';
import { mediaRoutes } from './routes/media/index.js';
import { tvAppRoutes } from './routes/tv-app/index.js';
import { emulatorRoutes } from './routes/emulator/index.js';
import { liveRoutes } from './routes/live/index.js';
import { LiveService } from './services/live/live-service.js';
import { AssetTimelines } from './services/live/asset-timeline.js';
import { manifestReader } from './services/live/manifest-reader.js';

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : {}),
    logController: new DebugRequestLog(), // no line per request unless the level is debug
    bodyLimit: options.settings.services.http.bodyLimitBytes,
    // A client has this long to send its whole request (a slow body holds no socket for good); the
    // server checks open requests against it every second or sooner.
    requestTimeout: options.settings.services.http.requestTimeoutMs,
    http: { connectionsCheckingInterval: Math.min(1000, options.settings.services.http.requestTimeoutMs / 2) },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    // A URL the router cannot decode (e.g. `%zz`, overlong UTF-8) never reaches a route: answer it in our shape.
    frameworkErrors: answerBadUrl,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('settings', options.settings);
  app.decorate('store', options.store);
  app.decorate('clock', options.clock ?? Date.now);
  app.decorate('apiKey', options.apiKey);
  const devices = options.devices ?? createDeviceIdentity(deviceSecretFrom(options.apiKey));
  app.decorate('devices', devices);
  app.decorate('startup', options.startup ?? new StartupStatus());
  const clock = options.clock ?? Date.now;
  const lineup =
    options.lineup ??
    new LineupService({
      store: options.store,
      clock,
      config: options.lineupConfig,
      logger: app.log, // built here, it belongs to the API: its records carry the API's bindings
    });
  app.decorate('lineup', lineup);
  app.decorate('programming', new ProgrammingService({ lineup, store: options.store, clock }));
  const services = options.settings.services;
  const timelines = new AssetTimelines({
    readManifest: manifestReader(join(options.settings.contentDir, 'media')),
    onUnreadable: (asset, err) => app.log.warn({ code: 'SS_LIVE_ASSET_UNREADABLE', assetId: asset.id, err: err.message }, 'an asset cannot be stitched into live streams'),
  });
  app.decorate('live', new LiveService({ lineup, timelines, live: services.live, segmentSeconds: services.pipeline.segmentSeconds }));

  await app.register(errorHandler);
  const tv = parseTvConfig(options.settings.file.appSettings.tv);
  await app.register(securityHeaders, { tvUrls: [tv.apiBaseUrl, tv.brokerUrl] }); // nosniff and same-origin framing on every reply, a CSP on pages
  await app.register(bodyGuard, { jsonMaxDepth: services.http.jsonMaxDepth, requestTimeoutMs: services.http.requestTimeoutMs }); // bodies parsed only where a route takes one
  await app.register(authPlugin); // before any route: it adds the key check to routes marked auth
  await app.register(docsPlugin); // OpenAPI at /docs from the routes' schemas
  // Lineup API (channels, assets, schedule, now, EPG) and the seed's routes
  await app.register(channelRoutes);
  await app.register(assetRoutes);
  await app.register(scheduleRoutes);
  await app.register(programmingRoutes);
  await app.register(nowRoutes);
  await app.register(epgRoutes);
  await app.register(iptvRoutes); // IPTV apps: M3U at /iptv/channels.m3u, XMLTV at /iptv/xmltv.xml
  await app.register(hdhomerunRoutes); // HDHomeRun tuner for Plex/Jellyfin/Emby: /discover.json, /lineup.json, …
  await app.register(liveTsRoutes, options.liveTs ?? {}); // MPEG-TS copy remux at /live/:channelId.ts
  await app.register(streamRoutes);
  await app.register(syncRoutes, { syncPublisher: options.syncPublisher ?? options.broker });
  // -- feature routes --
  if (options.broker) await app.register(brokerWsRoutes, { node: options.broker }); // MQTT over WebSocket at WS /ws
  await app.register(chatRoutes); // GET /v1/channels/:id/chat
  await app.register(deviceRoutes, { devices, viewerToken: services.mqtt.viewerToken }); // POST /v1/devices (the broker checks what it issues)
  await app.register(jobRoutes); // GET /v1/jobs, /v1/jobs/:id (pipeline)
  await app.register(mediaRoutes); // the media origin at /media/*
  await app.register(liveRoutes); // every channel as HLS and DASH live streams at /live/*
  await app.register(tvAppRoutes); // the built TV app at /
  await app.register(emulatorRoutes); // QA emulator at /emulator
  await app.register(healthRoutes);

  for (const plugin of options.plugins ?? []) await app.register(plugin);

  await app.ready();
  return app;
}

function answerBadUrl(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  void reply.code(400).send({ statusCode: 400, code: 'SS_BAD_URL', message: error.message });
}
