// The cues of one player's selected text track, as Shaka hands them to its text displayer: the app
// draws them itself (a TV-readable style over the Lightning stage), so this keeps them and answers
// "what is on screen at media time t". Pure: no DOM, no timers.

/** A cue as Shaka's parsers give it: text in `payload`, or in nested cues (styled spans, lines). */
export interface CueLike {
  startTime: number;
  endTime: number;
  payload: string;
  nestedCues?: readonly CueLike[];
  lineBreak?: boolean;
}

interface StoredCue {
  startSec: number;
  endSec: number;
  text: string;
}

export const CAPTION_STORE_DEFAULTS = {
  maxCues: 5_000, // kept at most (the oldest go first): hours of dialogue
};

/** The text of a cue: its payload and its nested cues', line breaks kept, markup-free. */
export function cueText(cue: CueLike): string {
  const parts: string[] = [];
  const walk = (c: CueLike) => {
    if (c.lineBreak) parts.push('\n');
    else if (c.payload) parts.push(c.payload);
    for (const n of c.nestedCues ?? []) walk(n);
  };
  walk(cue);
  return parts.join('').replace(/[ \t]*\n[ \t]*/g, '\n').trim();
}

export class CaptionStore {
  private cues: StoredCue[] = [];
  /** Shaka 5 shows a text track by selecting it; a displayer told to hide it hides it. */
  private visible = true;
  private language = '';

  /** Shaka appends the cues of each text segment it fetched (a cue spanning segments comes twice). */
  append(cues: readonly CueLike[]): void {
    for (const cue of cues) {
      const text = cueText(cue);
      if (!text || !(cue.endTime > cue.startTime)) continue;
      if (this.cues.some((c) => c.startSec === cue.startTime && c.endSec === cue.endTime && c.text === text)) continue;
      this.cues.push({ startSec: cue.startTime, endSec: cue.endTime, text });
    }
    this.cues.sort((a, b) => a.startSec - b.startSec);
    if (this.cues.length > CAPTION_STORE_DEFAULTS.maxCues) this.cues.splice(0, this.cues.length - CAPTION_STORE_DEFAULTS.maxCues);
  }

  /** Removes the cues wholly inside [startSec, endSec] (Shaka evicts what it no longer buffers, or all on a track change). */
  remove(startSec: number, endSec: number): boolean {
    this.cues = this.cues.filter((c) => !(c.startSec >= startSec && c.endSec <= endSec));
    return true;
  }

  setVisible(on: boolean): void {
    this.visible = on;
  }

  get isVisible(): boolean {
    return this.visible;
  }

  setLanguage(language: string): void {
    this.language = language;
  }

  get textLanguage(): string {
    return this.language;
  }

  /** The lines on screen at media time `tSec` ('' when none, or when the displayer was told to hide them). */
  textAt(tSec: number): string {
    if (!this.visible) return '';
    return this.cues
      .filter((c) => c.startSec <= tSec && tSec < c.endSec)
      .map((c) => c.text)
      .join('\n');
  }

  get size(): number {
    return this.cues.length;
  }

  clear(): void {
    this.cues = [];
  }
}
