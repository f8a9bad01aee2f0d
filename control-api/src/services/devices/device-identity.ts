// Device identity, stateless: a device id ("d" + 24 hex) and its token, HMAC-SHA256(device secret, id)
// in base64url. Nothing is stored: the API issues pairs (POST /v1/devices) and the broker checks them
// with the same secret, derived from the broadcaster key. A device's MQTT client id is its id, alone or
// with a tab suffix ("-" + 1..16 hex); client ids shaped like a device id are admitted only with its
// token. Chat shows an opaque name derived with the secret, never an id.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const DEVICE_IDENTITY_DEFAULTS = {
  /** Label of the device secret's derivation from the broadcaster key. */
  secretLabel: 'streamsync-device-identity',
  /** Random bytes of a device id (24 hex digits). */
  idBytes: 12, // bytes
  /** Hex digits of the name chat shows ("Viewer 3FA2"). */
  nameHexDigits: 4, // hex digits
  namePrefix: 'Viewer ',
} as const;

/** A device id: "d" and 24 lower-case hex digits. */
export const DEVICE_ID_RE = /^d[0-9a-f]{24}$/;
/** A client id that claims a device: the device id alone or with a tab suffix. */
export const DEVICE_CLIENT_ID_RE = /^(d[0-9a-f]{24})(-[0-9a-f]{1,16})?$/;
/** Every client id starting like a device id is reserved for that device (well formed or not). */
const DEVICE_PREFIX_RE = /^d[0-9a-f]{24}/;

export interface IssuedDevice {
  id: string;
  token: string;
}

export interface DeviceIdentity {
  /** A fresh device id and its token. */
  issue(): IssuedDevice;
  /** Whether `token` is the token of `deviceId` (constant time). */
  verify(deviceId: string, token: string | Buffer): boolean;
  /** The name chat shows for a device id (or an anonymous client's id): "Viewer 3FA2". */
  nameOf(key: string): string;
}

/** The device secret of a server: derived from its broadcaster key (any replica with the key agrees). */
export function deviceSecretFrom(apiKey: string): Buffer {
  return createHmac('sha256', apiKey).update(DEVICE_IDENTITY_DEFAULTS.secretLabel).digest();
}

/**
 * What a client id says about a device: `none` (an anonymous client id), `device` (a well-formed
 * device client id, with its device id) or `malformed` (starts like a device id but is not one).
 */
export function deviceClaim(clientId: string): { kind: 'none' } | { kind: 'device'; deviceId: string } | { kind: 'malformed' } {
  const m = DEVICE_CLIENT_ID_RE.exec(clientId);
  if (m?.[1] !== undefined) return { kind: 'device', deviceId: m[1] };
  return DEVICE_PREFIX_RE.test(clientId) ? { kind: 'malformed' } : { kind: 'none' };
}

export function createDeviceIdentity(secret: Buffer, random: (bytes: number) => Buffer = randomBytes): DeviceIdentity {
  const tokenOf = (id: string): Buffer => createHmac('sha256', secret).update(`token:${id}`).digest();
  return {
    issue() {
      const id = `d${random(DEVICE_IDENTITY_DEFAULTS.idBytes).toString('hex')}`;
      return { id, token: tokenOf(id).toString('base64url') };
    },
    verify(deviceId, token) {
      if (!DEVICE_ID_RE.test(deviceId)) return false;
      const given = Buffer.from(typeof token === 'string' ? token : token.toString('utf8'), 'utf8');
      const wanted = Buffer.from(tokenOf(deviceId).toString('base64url'), 'utf8');
      return given.length === wanted.length && timingSafeEqual(given, wanted);
    },
    nameOf(key) {
      const digest = createHmac('sha256', secret).update(`name:${key}`).digest('hex');
      return `${DEVICE_IDENTITY_DEFAULTS.namePrefix}${digest.slice(0, DEVICE_IDENTITY_DEFAULTS.nameHexDigits).toUpperCase()}`;
    },
  };
}
