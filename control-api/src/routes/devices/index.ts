// POST /v1/devices: a new device identity for a TV (no credentials). Stateless: the token is derived
// from the id with the server's device secret (services/devices/device-identity.ts), so nothing is
// stored; the broker admits client ids of that device with it. Limited per source address. Where the
// broker wants a viewer token (services.mqtt.viewerToken), this route wants it too (Bearer): a device
// token must not open a broker that only viewer-token holders may use.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DeviceRegistration } from '../../contracts/devices.js';
import { ErrorReply } from '../../contracts/now.js';
import { Errors } from '../../errors.js';
import { bearerMatches, secretDigest } from '../../plugins/auth.js';
import { AddressBuckets } from '../../services/devices/address-buckets.js';
import type { DeviceIdentity } from '../../services/devices/device-identity.js';

export const DEVICE_ROUTE_DEFAULTS = {
  burst: 20, // registrations one address may make at once
  refillPerMinute: 10, // registrations per minute after the burst, per address
  pruneAbove: 10_000, // addresses remembered before refilled ones are forgotten
};

export interface DeviceRoutesOptions {
  devices: DeviceIdentity;
  /** The broker's viewer token, when it wants one: then registering wants it too. */
  viewerToken?: string | null;
  limits?: Partial<typeof DEVICE_ROUTE_DEFAULTS>;
}

export const deviceRoutes: FastifyPluginAsyncTypebox<DeviceRoutesOptions> = async (app, options) => {
  const buckets = new AddressBuckets({ ...DEVICE_ROUTE_DEFAULTS, ...options.limits });
  const viewerToken = options.viewerToken ? secretDigest(options.viewerToken) : null;
  app.post(
    '/v1/devices',
    {
      schema: {
        tags: ['viewer'],
        summary: 'A new device identity: the id and token a TV connects to the broker with',
        response: { 201: DeviceRegistration, '4xx': ErrorReply },
      },
    },
    async (request, reply) => {
      if (viewerToken && !bearerMatches(request.headers.authorization, viewerToken)) throw new Errors.DeviceTokenRequired();
      const taken = buckets.take(request.ip, app.clock());
      if (!taken.ok) {
        reply.header('retry-after', String(Math.ceil(taken.retryAfterMs / 1000)));
        throw new Errors.DeviceRateLimited();
      }
      const { id, token } = options.devices.issue();
      reply.header('cache-control', 'no-store');
      return reply.code(201).send({ id, token, name: options.devices.nameOf(id) });
    },
  );
};
