// Chat text hygiene: control and format characters stripped, HTML removed, whitespace collapsed,
// length limited. Returns the clean text or a coded reason.

export type SanitizeResult = { ok: true; text: string } | { ok: false; code: 'SS_CHAT_EMPTY' | 'SS_CHAT_TOO_LONG' };

// C0/C1 controls, bidi overrides and other invisible format characters.
const CONTROL_RE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
const TAG_RE = /<[/!?]?[A-Za-z][^>]*>/g;
const ANGLE_RE = /[<>]/g;
const SPACE_RE = /\s+/gu;
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function sanitizeChatText(raw: string, options: { maxLength: number }): SanitizeResult {
  // Lone surrogates are not UTF-8 encodable: replace them before anything else.
  const wellFormed = raw.replace(LONE_SURROGATE_RE, '\uFFFD');
  const text = wellFormed
    .replace(CONTROL_RE, ' ')
    .replace(TAG_RE, ' ')
    .replace(ANGLE_RE, '')
    .replace(SPACE_RE, ' ')
    .trim();
  if (text.length === 0) return { ok: false, code: 'SS_CHAT_EMPTY' };
  if ([...text].length > options.maxLength) return { ok: false, code: 'SS_CHAT_TOO_LONG' };
  return { ok: true, text };
}
