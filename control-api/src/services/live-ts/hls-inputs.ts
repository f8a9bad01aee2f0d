// Which playlists ffmpeg reads a channel from: its multivariant playlist resolved into the best video
// variant and the audio rendition (remux-args.ts says why they are separate inputs). Parsed with the
// pipeline's own HLS reader, so what the pipeline and the live routes write is what is read here.
import { parseHlsMaster } from '#pipeline/media/manifest.js';
import type { RemuxInputs } from './remux-args.js';

/** Reads a text resource (the master playlist); rejects on a network error or a non-2xx answer. */
export type FetchText = (url: string) => Promise<string>;

/**
 * The variant of the highest bandwidth (a TV tuner wants the best picture; the copy costs the same)
 * and the first audio rendition (the live master has one audio group, one rendition), both absolute.
 */
export async function resolveHlsInputs(masterUrl: string, fetchText: FetchText): Promise<RemuxInputs> {
  const master = parseHlsMaster(await fetchText(masterUrl));
  const best = [...master.variants].sort((a, b) => b.bandwidth - a.bandwidth)[0];
  if (!best) throw new Error('the master playlist lists no variant');
  const audio = master.audio[0];
  return { video: new URL(best.uri, masterUrl).href, audio: audio ? new URL(audio.uri, masterUrl).href : null };
}

/** FetchText over HTTP with the global fetch, giving up after `timeoutMs` milliseconds. */
export function httpText(options: { timeoutMs: number }): FetchText {
  return async (url) => {
    const res = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs) });
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`GET ${url} answered ${res.status}`);
    }
    return res.text();
  };
}
