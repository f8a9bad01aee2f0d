// POST /v1/devices: the identity a TV keeps and connects to the broker with (services/devices).
import { Type, type Static } from '@sinclair/typebox';

export const DeviceId = Type.String({ pattern: '^d[0-9a-f]{24}$', description: 'device id: "d" and 24 hex digits' });

export const DeviceRegistration = Type.Object(
  {
    id: DeviceId,
    token: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$', description: 'MQTT password of this device (base64url); the MQTT username is the id' }),
    name: Type.String({ maxLength: 32, description: 'the name chat shows for this device' }),
  },
  { additionalProperties: false },
);
export type DeviceRegistration = Static<typeof DeviceRegistration>;
