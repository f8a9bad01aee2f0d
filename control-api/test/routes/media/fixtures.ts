// Builders for the media origin tests: a temp content library and the app built with buildApp.
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/app.js';
import { validateSettings } from '../../../src/config/load-settings.js';
import type { LineupStore } from '../../../src/contracts/lineup-store.js';
import { openStore } from '../../../src/store/open-store.js';

const settingsPath = fileURLToPath(new URL('../../../../settings.json', import.meta.url));

/** Deterministic bytes 0..255 repeating, so any range's content is predictable. */
export function patternBytes(length: number): Buffer {
  const buf = Buffer.alloc(length);
  for (let i = 0; i < length; i++) buf[i] = (i * 7 + 3) & 0xff;
  return buf;
}

export const ASSET = 'a1b2c3d4e5f6';
export const SEGMENT_BYTES = 5000;

/** File name (under media/ASSET/) -> [expected Content-Type, content]. */
export const ASSET_FILES: Record<string, [string, Buffer]> = {
  'manifest.mpd': ['application/dash+xml', Buffer.from('<?xml version="1.0"?><MPD/>')],
  'master.m3u8': ['application/vnd.apple.mpegurl', Buffer.from('#EXTM3U\n')],
  'init-0.m4s': ['video/iso.segment', patternBytes(800)],
  'seg-0-00001.m4s': ['video/iso.segment', patternBytes(SEGMENT_BYTES)],
  'download.mp4': ['video/mp4', patternBytes(1200)],
  'poster.jpg': ['image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])],
  'info.json': ['application/json; charset=utf-8', Buffer.from('{"ok":true}')],
  'captions.vtt': ['text/vtt; charset=utf-8', Buffer.from('WEBVTT\n')],
  'audio.m4a': ['audio/mp4', patternBytes(300)],
  'logo.png': ['image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47])],
  'UPPER.MPD': ['application/dash+xml', Buffer.from('<MPD/>')],
  'notes.unknownext': ['application/octet-stream', Buffer.from('?')],
  'empty.m4s': ['video/iso.segment', Buffer.alloc(0)],
};

export const SECRET = 'TOP-SECRET-DO-NOT-SERVE';

export interface MediaLibrary {
  root: string;
  contentDir: string;
  dataDir: string;
  outsideDir: string;
  cleanup(): Promise<void>;
}

/**
 * content/media/ASSET/* (the files above), content/media/loose.json, a hidden publish folder, a
 * staging folder and secrets outside media/, plus symlinks: one escaping media/, one folder link
 * escaping it, and one staying inside.
 */
export async function makeMediaLibrary(): Promise<MediaLibrary> {
  const root = await mkdtemp(join(tmpdir(), 'ss-media-'));
  const contentDir = join(root, 'content');
  const dataDir = join(root, 'data');
  const outsideDir = join(root, 'outside');
  const assetDir = join(contentDir, 'media', ASSET);
  await mkdir(assetDir, { recursive: true });
  await mkdir(dataDir);
  await mkdir(outsideDir);
  for (const [name, [, body]] of Object.entries(ASSET_FILES)) await writeFile(join(assetDir, name), body);
  await writeFile(join(contentDir, 'media', 'loose.json'), '{"loose":true}');
  await mkdir(join(contentDir, 'media', '.publishing-x'));
  await writeFile(join(contentDir, 'media', '.publishing-x', 'seg.m4s'), SECRET);
  await mkdir(join(contentDir, '.staging'));
  await writeFile(join(contentDir, '.staging', 'seg.m4s'), SECRET);
  await mkdir(join(contentDir, 'inbox'));
  await writeFile(join(contentDir, 'inbox', 'source.mp4'), SECRET);
  await writeFile(join(contentDir, 'secret.txt'), SECRET);
  await writeFile(join(outsideDir, 'secret.m4s'), SECRET);
  await symlink(join(outsideDir, 'secret.m4s'), join(assetDir, 'escape.m4s'));
  await symlink(outsideDir, join(contentDir, 'media', 'linked-dir'));
  await symlink(join(contentDir, 'secret.txt'), join(assetDir, 'to-content.txt'));
  await symlink('../../../outside/secret.m4s', join(assetDir, 'relative-escape.m4s'));
  await symlink('init-0.m4s', join(assetDir, 'alias.m4s')); // stays inside: served
  await mkdir(join(assetDir, 'sub'));
  return { root, contentDir, dataDir, outsideDir, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** The whole control API (buildApp) over the library, with the embedded store in its data folder. */
export async function buildMediaApp(library: MediaLibrary): Promise<{ app: FastifyInstance; store: LineupStore }> {
  const raw: unknown = JSON.parse(await readFile(settingsPath, 'utf8'));
  const settings = validateSettings(raw, library.root, {
    STREAMSYNC_CONTENT_DIR: library.contentDir,
    STREAMSYNC_DATA_DIR: library.dataDir,
    STREAMSYNC_PIPELINE: 'false',
  });
  const store = await openStore(settings);
  try {
    return { app: await buildApp({ settings, store, apiKey: 'k'.repeat(32) }), store };
  } catch (err) {
    await store.close();
    throw err;
  }
}
