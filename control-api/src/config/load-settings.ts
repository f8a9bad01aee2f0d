// Reads settings.json, applies environment overrides, validates everything once, and resolves paths.
// A bad value throws SettingsError naming the key and what was expected.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { validateAppSettings, withStandardBroker } from '#core/app-settings.js';
import { SettingsFile, type Settings } from '../contracts/settings-schema.js';

export class SettingsError extends Error {
  readonly code = 'SS_SETTINGS_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

type Env = Record<string, string | undefined>;

/** Environment variable -> [settings key path, kind]. */
const ENV_OVERRIDES: Record<string, [string[], 'port' | 'string' | 'boolean']> = {
  PORT: [['http', 'port'], 'port'],
  HOST: [['http', 'host'], 'string'],
  MQTT_PORT: [['mqtt', 'port'], 'port'],
  MONGODB_URL: [['store', 'mongodbUrl'], 'string'],
  STREAMSYNC_DATA_DIR: [['store', 'dataDir'], 'string'],
  STREAMSYNC_CONTENT_DIR: [['contentDir'], 'string'],
  STREAMSYNC_API_KEY: [['apiKey'], 'string'],
  STREAMSYNC_MQTT_PASSWORD: [['mqtt', 'serverPassword'], 'string'],
  STREAMSYNC_VIEWER_TOKEN: [['mqtt', 'viewerToken'], 'string'],
  BROKER_REDIS_URL: [['mqtt', 'redisUrl'], 'string'],
  STREAMSYNC_BROKER_URL: [['mqtt', 'brokerUrl'], 'string'],
  STREAMSYNC_PIPELINE: [['pipeline', 'enabled'], 'boolean'],
  LOG_LEVEL: [['log', 'level'], 'string'],
};

function parseEnvValue(name: string, raw: string, kind: 'port' | 'string' | 'boolean'): unknown {
  if (kind === 'port') {
    if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) {
      throw new SettingsError(`${name}: expected a TCP port number 0-65535, got "${raw}"`);
    }
    return Number(raw);
  }
  if (kind === 'boolean') {
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    throw new SettingsError(`${name}: expected true or false, got "${raw}"`);
  }
  if (raw.length === 0) throw new SettingsError(`${name}: expected a non-empty string`);
  return raw;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node: Record<string, unknown> = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) throw new SettingsError(`services.${path.join('.')}: missing block "${key}"`);
    node = next as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

/** Validates a parsed settings object with env overrides applied. Pure: no file or process access. */
export function validateSettings(raw: unknown, rootDir: string, env: Env = {}): Settings {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SettingsError('settings.json: expected a JSON object at the top level');
  }
  const data = structuredClone(raw) as Record<string, unknown>;
  const services = data.services;
  if (typeof services !== 'object' || services === null) {
    throw new SettingsError('settings.json: missing the "services" block');
  }
  for (const [name, [path, kind]] of Object.entries(ENV_OVERRIDES)) {
    const value = env[name];
    if (value !== undefined) setPath(services as Record<string, unknown>, path, parseEnvValue(name, value, kind));
  }
  const errors = [...Value.Errors(SettingsFile, data)];
  const first = errors[0];
  if (first) {
    const key = first.path.replace(/^\//, '').replaceAll('/', '.') || '(root)';
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem(s))` : '';
    throw new SettingsError(`settings.json: "${key}" ${first.message.toLowerCase()}; got ${JSON.stringify(first.value)}${more}`);
  }
  // What TVs of a standard broker connect to (appSettings.tv.brokerUrl, anonymously).
  if (env.STREAMSYNC_BROKER_WS_URL !== undefined && typeof data.appSettings === 'object' && data.appSettings !== null) {
    data.appSettings = withStandardBroker(data.appSettings as Record<string, unknown>, env.STREAMSYNC_BROKER_WS_URL);
  }
  const file = data as unknown as SettingsFile;
  const mqtt = file.services.mqtt;
  const tvBroker = (file.appSettings.tv as { brokerUrl?: unknown } | undefined)?.brokerUrl;
  if (mqtt.brokerUrl !== null && (typeof tvBroker !== 'string' || tvBroker === '')) {
    throw new SettingsError('STREAMSYNC_BROKER_URL: TVs need the broker too: set STREAMSYNC_BROKER_WS_URL (MQTT over WebSockets of the same broker)');
  }
  if (env.STREAMSYNC_BROKER_WS_URL !== undefined && mqtt.brokerUrl === null) {
    throw new SettingsError('STREAMSYNC_BROKER_WS_URL: it sends TVs to a standard broker, which needs STREAMSYNC_BROKER_URL (where this server serves the protocol) too');
  }
  if (mqtt.brokerUrl !== null && mqtt.redisUrl !== null) {
    throw new SettingsError('STREAMSYNC_BROKER_URL and BROKER_REDIS_URL: a standard broker carries the protocol itself; Redis scale-out is for the built-in broker');
  }
  // The TV app owns its block (appSettings.tv, appSettings.keys): checked here with its own rules.
  try {
    validateAppSettings(file.appSettings);
  } catch (err) {
    throw new SettingsError(`settings.json: ${(err as Error).message}`);
  }
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(rootDir, p));
  return {
    file,
    services: file.services,
    rootDir,
    dataDir: abs(file.services.store.dataDir),
    contentDir: abs(file.services.contentDir),
  };
}

/** Loads settings.json from disk (default: the project root's) and validates it with `env`. */
export function loadSettings(path: string, env: Env = process.env): Settings {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SettingsError(`cannot read ${path}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new SettingsError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
  return validateSettings(raw, dirname(resolve(path)), env);
}
