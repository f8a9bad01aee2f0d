// The asset id: a content hash of the source bytes and the ladder profile, so an unchanged source
// packaged with unchanged settings always maps to the same folder under content/media/.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Hex characters kept from the SHA-256 (128 bits): short URLs, no practical collisions. */
const ID_HEX_CHARS = 32;

export async function computeAssetId(sourcePath: string, profileKey: string): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`streamsync-asset\n${profileKey}\n`);
  for await (const chunk of createReadStream(sourcePath)) hash.update(chunk as Buffer);
  return hash.digest('hex').slice(0, ID_HEX_CHARS);
}
