// Every place the broker goes past Aedes' public API, in one module that knows which versions it
// was tested with. Two needs were measured and have no public way:
// - the packet-size guard wraps the MQTT parser's length step (`client._parser._parseLength`, an
//   Aedes private field holding an mqtt-packet parser) so a huge announced packet closes the
//   connection before it is buffered;
// - direct frame writes: a pre-encoded QoS 0 PUBLISH written straight to a client's socket, past
//   Aedes' per-client queue (the time service stamps t2 in the same step as the write; the local
//   fan-out encodes a message once for every subscriber).
// `checkAedesVersions()` runs when a broker node starts: an Aedes or mqtt-packet outside the tested
// range stops it with SS_BROKER_AEDES_UNTESTED naming the installed version. Test a new version,
// then widen the range here.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import createError from '@fastify/error';
import type { Client } from 'aedes';

/** Versions the internals below were tested with: from (included) up to below (excluded). */
export const TESTED_VERSIONS = {
  aedes: { from: '1.2.0', below: '1.3.0' },
  mqttPacket: { from: '9.0.0', below: '10.0.0' },
} as const;

export interface InstalledVersions {
  aedes: string;
  /** The mqtt-packet Aedes itself resolves (its parser is the one the guard wraps). */
  mqttPacket: string;
}

export const AedesUntestedError = createError<[string, string, string, string]>(
  'SS_BROKER_AEDES_UNTESTED',
  '%s %s is installed; the broker reaches into its internals (control-api/src/broker/aedes-internals.ts) and was tested with %s only. Install a tested version or test this one and widen %s.',
  500,
);

/** Reads the installed versions from the packages' own package.json files. */
export function readInstalledVersions(): InstalledVersions {
  const require = createRequire(import.meta.url);
  // Aedes exports only its entry point: find its folder from there.
  const aedesEntry = require.resolve('aedes');
  const aedesPackage = findPackageJson(dirname(aedesEntry), 'aedes');
  const mqttPacketPackage = createRequire(aedesPackage).resolve('mqtt-packet/package.json');
  return { aedes: versionIn(aedesPackage), mqttPacket: versionIn(mqttPacketPackage) };
}

/** Throws SS_BROKER_AEDES_UNTESTED when an installed version is outside TESTED_VERSIONS. */
export function checkAedesVersions(installed: InstalledVersions = readInstalledVersions()): void {
  const checks = [
    ['aedes', installed.aedes, TESTED_VERSIONS.aedes, 'TESTED_VERSIONS.aedes'],
    ['mqtt-packet', installed.mqttPacket, TESTED_VERSIONS.mqttPacket, 'TESTED_VERSIONS.mqttPacket'],
  ] as const;
  for (const [name, version, range, key] of checks) {
    if (!inRange(version, range)) throw new AedesUntestedError(name, version, `>=${range.from} <${range.below}`, key);
  }
}

/** Whether `version` is in [from, below). Pre-releases and unparsable versions are outside. */
export function inRange(version: string, range: { from: string; below: string }): boolean {
  const v = parseVersion(version);
  const from = parseVersion(range.from);
  const below = parseVersion(range.below);
  if (!v || !from || !below) return false;
  return compare(v, from) >= 0 && compare(v, below) < 0;
}

/**
 * Caps the packet length any peer may announce on this connection: a larger packet closes it at
 * once, before its body is buffered. False when the parser is not the expected shape (the policy's
 * payload check still refuses oversize publishes, only after buffering them).
 */
export function guardPacketSize(client: Client, maxPacketBytes: number): boolean {
  const parser = (client as unknown as { _parser?: Partial<ParserInternals> })._parser;
  if (!parser || typeof parser._parseLength !== 'function' || typeof parser.packet !== 'object') return false;
  const original = parser._parseLength.bind(parser);
  const guarded: ParserInternals = parser as ParserInternals;
  guarded._parseLength = () => {
    const ok = original();
    if (ok && guarded.packet.length > maxPacketBytes) {
      client.conn.destroy(new Error(`packet of ${guarded.packet.length} bytes over the ${maxPacketBytes} byte limit`));
      return false;
    }
    return ok;
  };
  return true;
}

/**
 * Writes an encoded MQTT frame straight to the client's socket, past Aedes' queue. False (nothing
 * written) when the client is gone, or when its socket already holds more than `maxBufferedBytes`
 * unsent bytes. A function is called only once the write will happen (to stamp just before it).
 */
export function writeFrameDirect(client: Client, frame: Buffer | (() => Buffer), options: { maxBufferedBytes?: number } = {}): boolean {
  const conn = client.conn;
  if (!client.connected || conn.destroyed || !conn.writable) return false;
  if (options.maxBufferedBytes !== undefined && conn.writableLength > options.maxBufferedBytes) return false;
  conn.write(typeof frame === 'function' ? frame() : frame);
  return true;
}

interface ParserInternals {
  _parseLength: () => boolean;
  packet: { length: number };
}

type Version = [number, number, number];

function parseVersion(text: string): Version | null {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function findPackageJson(start: string, name: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    try {
      if ((JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown }).name === name) return candidate;
    } catch {
      // no package.json here: keep going up
    }
    if (dirname(dir) === dir) throw new Error(`package.json of ${name} not found above ${start}`);
  }
}

function versionIn(packageJson: string): string {
  const version = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'unknown';
}
