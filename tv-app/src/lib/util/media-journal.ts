// The last media events of every <video> on the page, as "ms id event t=currentTime rs=readyState",
// newest last, so a QA engineer (and a browser test whose engine stopped answering) can read what the
// players did just before: media events do not bubble, so one capturing listener on the document hears
// them all.

export interface MediaEventTarget {
  readonly id?: string;
  readonly currentTime?: number;
  readonly readyState?: number;
}

export interface MediaJournal {
  /** The last `keep` entries, oldest first. */
  list(): string[];
}

/** The events journaled: loading, seeking, stalling, playing and errors. */
export const JOURNALED_EVENTS = [
  'loadstart', 'loadedmetadata', 'loadeddata', 'canplay', 'seeking', 'seeked', 'waiting', 'stalled',
  'playing', 'pause', 'ratechange', 'emptied', 'ended', 'error',
] as const;

const KEEP = 40; // entries remembered

export function watchMediaEvents(target: Pick<Document, 'addEventListener'>, now: () => number, keep = KEEP): MediaJournal {
  const entries: string[] = [];
  const record = (event: Event): void => {
    const media = event.target as MediaEventTarget | null;
    if (!media || typeof media.currentTime !== 'number') return;
    entries.push(`${Math.round(now())} ${media.id || 'video'} ${event.type} t=${media.currentTime.toFixed(3)} rs=${media.readyState ?? '?'}`);
    if (entries.length > keep) entries.shift();
  };
  for (const type of JOURNALED_EVENTS) target.addEventListener(type, record, true);
  return { list: () => [...entries] };
}
