// `npm run broker:config -- --mosquitto [--out DIR] [--ws-port N] [--run-as USER]`: writes the
// Mosquitto configuration of this deployment (mosquitto.conf, streamsync.acl, passwords) from
// settings.json: the TCP listener on services.mqtt.port, WebSockets on --ws-port, the service's
// credential services.mqtt.serverUsername / serverPassword (STREAMSYNC_MQTT_PASSWORD). Without a
// configured password one is made and written beside the files (service-password, 0600): give it
// to the service as STREAMSYNC_MQTT_PASSWORD. Bad arguments: one coded line, exit 2.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSettings } from '../../config/load-settings.js';
import { MOSQUITTO_LIMITS, buildMosquittoConfig } from './mosquitto-config.js';

const CLI_DEFAULTS = {
  /** MQTT over WebSockets for TVs (Mosquitto's customary port). */
  wsPort: 8083,
  /** Where the files go, under the data folder. */
  outSubdir: 'mosquitto',
  /** Bytes of a made service password. */
  passwordBytes: 24,
} as const;

class UsageError extends Error {
  readonly code = 'SS_BROKER_CONFIG_USAGE';
}

function port(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) throw new UsageError(`--ws-port: expected a TCP port 1-65535, got "${raw}"`);
  return Number(raw);
}

async function main(argv: string[]): Promise<void> {
  let values: { mosquitto?: boolean; out?: string; 'ws-port'?: string; 'run-as'?: string };
  try {
    ({ values } = parseArgs({ args: argv, options: { mosquitto: { type: 'boolean' }, out: { type: 'string' }, 'ws-port': { type: 'string' }, 'run-as': { type: 'string' } }, strict: true }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (!values.mosquitto) throw new UsageError('say which broker: --mosquitto (EMQX, HiveMQ and VerneMQ: see the README, from the same ACL)');
  const settings = loadSettings(resolve(process.env.STREAMSYNC_SETTINGS ?? 'settings.json'));
  const mqtt = settings.services.mqtt;
  const dir = resolve(values.out ?? join(settings.services.store.dataDir, CLI_DEFAULTS.outSubdir));
  const made = mqtt.serverPassword === null;
  const password = mqtt.serverPassword ?? randomBytes(CLI_DEFAULTS.passwordBytes).toString('base64url');
  const files = buildMosquittoConfig({
    host: mqtt.host,
    tcpPort: mqtt.port,
    wsPort: port(values['ws-port'], CLI_DEFAULTS.wsPort),
    serviceUsername: mqtt.serverUsername,
    servicePassword: password,
    maxPayloadBytes: mqtt.maxPayloadBytes,
    dir,
    salt: randomBytes(MOSQUITTO_LIMITS.saltBytes),
    runAsUser: values['run-as'],
  });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const written = { ...files, ...(made ? { 'service-password': `${password}\n` } : {}) };
  for (const [name, text] of Object.entries(written)) {
    await writeFile(join(dir, name), text, { mode: 0o600 });
    await chmod(join(dir, name), 0o600);
  }
  process.stdout.write(
    [
      `Mosquitto configuration written to ${dir}: ${Object.keys(written).join(', ')}`,
      `Start it:  mosquitto -c ${join(dir, 'mosquitto.conf')}   (it must read the files: --run-as USER when started by root)`,
      made
        ? `The service's password was made here (${join(dir, 'service-password')}); give it to the service as STREAMSYNC_MQTT_PASSWORD.`
        : "The service's password is the one settings.json / STREAMSYNC_MQTT_PASSWORD holds.",
      '',
    ].join('\n'),
  );
}

main(process.argv.slice(2)).catch((err: Error & { code?: string }) => {
  process.stderr.write(`${err.code ?? 'SS_BROKER_CONFIG_FAILED'}: ${err.message}\n`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
