// The broadcaster key: from settings (or STREAMSYNC_API_KEY) when configured; otherwise generated
// on first start, stored in the data directory (mode 0600) and reused on later starts.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Settings } from './contracts/settings-schema.js';

export const API_KEY_DEFAULTS = {
  fileName: 'broadcaster-key', // inside the data directory
  bytes: 24, // random bytes of a generated key (32 base64url characters)
  minLength: 16, // characters, like services.apiKey
};

export interface ApiKeyResolution {
  key: string;
  source: 'settings' | 'file' | 'generated';
  /** The key file, when the key lives in the data directory. */
  path: string | null;
}

export class ApiKeyError extends Error {
  readonly code = 'SS_API_KEY_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ApiKeyError';
  }
}

export async function resolveApiKey(settings: Pick<Settings, 'services' | 'dataDir'>): Promise<ApiKeyResolution> {
  const configured = settings.services.apiKey;
  if (configured) return { key: configured, source: 'settings', path: null };
  const path = join(settings.dataDir, API_KEY_DEFAULTS.fileName);
  const existing = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw new ApiKeyError(`cannot read the broadcaster key file ${path}: ${err.message}`);
  });
  if (existing !== null) {
    const key = existing.trim();
    if (key.length < API_KEY_DEFAULTS.minLength || /\s/.test(key)) {
      throw new ApiKeyError(`${path}: expected one key of at least ${API_KEY_DEFAULTS.minLength} characters; delete the file to generate a new key`);
    }
    return { key, source: 'file', path };
  }
  const key = randomBytes(API_KEY_DEFAULTS.bytes).toString('base64url');
  await mkdir(settings.dataDir, { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${key}\n`, { mode: 0o600, flag: 'wx' });
  await rename(temp, path);
  return { key, source: 'generated', path };
}
