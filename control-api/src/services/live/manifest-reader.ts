// Reads a packaged asset's DASH manifest from the media folder, for the live output's timelines. Only a
// URL of the content layout's shape is read (`/media/{assetId}/manifest.mpd`); anything else is refused.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ASSET_FILES, MEDIA_PREFIX } from '#core/content-layout.js';
import type { Asset } from '../../contracts/lineup.js';

const MANIFEST_URL = new RegExp(`^${MEDIA_PREFIX}([A-Za-z0-9_-]{1,64})/${ASSET_FILES.manifest.replace('.', '\\.')}$`);

/** A reader of manifests under `mediaDir` (the folder the media origin serves at /media/). */
export function manifestReader(mediaDir: string): (asset: Asset) => Promise<string> {
  return async (asset) => {
    const folder = MANIFEST_URL.exec(asset.dashUrl)?.[1];
    if (!folder) throw new Error(`asset ${asset.id}: ${asset.dashUrl} is not a packaged manifest of the media folder`);
    return readFile(join(mediaDir, folder, ASSET_FILES.manifest), 'utf8');
  };
}
