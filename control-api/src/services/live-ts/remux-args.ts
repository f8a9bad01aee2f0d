// The ffmpeg arguments of a copy remux from a channel's HLS renditions to MPEG-TS on stdout: a pure
// function, unit-tested without spawning. No transcoding: `-c copy` keeps the pipeline's H.264/AAC.

/** What ffmpeg reads: a video variant's media playlist and, when audio is a separate rendition, its playlist. */
export interface RemuxInputs {
  video: string;
  /** null: the variant carries its audio (muxed segments), or there is none. */
  audio: string | null;
}

export interface TsRemuxArgsOptions {
  /** ffmpeg gives up on a read or connect that stalls this long (its `-rw_timeout`, in microseconds). */
  inputTimeoutMs: number;
}

/**
 * Video and audio are separate inputs, not the multivariant playlist as one. With the default
 * `services.live.hlsTimestamps: "channel"` timestamps run on across airings and either way works; with
 * `"asset"` every airing restarts its asset's timestamps, ffmpeg corrects each jump with one offset per
 * input, and with both renditions in one input the offset taken when the video jumps is applied to
 * audio still before its own jump: the audio would be lost from the first airing change on.
 * PAT/PMT are repeated by the muxer, so viewers may join at any packet that starts a PAT.
 */
export function tsRemuxArgs(inputs: RemuxInputs, options: TsRemuxArgsOptions): string[] {
  const input = (url: string) => ['-rw_timeout', String(Math.round(options.inputTimeoutMs * 1000)), '-i', url];
  return [
    '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error',
    ...input(inputs.video),
    ...(inputs.audio === null ? [] : input(inputs.audio)),
    '-map', '0:v:0',
    '-map', inputs.audio === null ? '0:a:0?' : '1:a:0',
    '-c', 'copy',
    '-f', 'mpegts',
    'pipe:1',
  ];
}
