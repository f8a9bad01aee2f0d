// Syntax-level check of a shipped script against the oldest TV engine (tools/build.ts, TV_ENGINES):
// a standard parser (acorn) at that engine's ECMAScript version, plus the regular-expression syntax
// that version's parser accepts but Safari 14 does not (lookbehind; esbuild turns an unsupported
// regex literal into a `new RegExp("…")` string, so strings are checked too).
import { parse, tokenizer, type Options } from 'acorn';

export interface SyntaxProblem {
  /** 1-based line and 0-based column, as acorn reports them. */
  line: number;
  column: number;
  message: string;
}

const LOOKBEHIND = /\(\?<[=!]/;

/** Problems that stop `source` (a classic script) from parsing on an engine of `ecmaVersion`; empty when it parses. */
export function engineSyntaxProblems(source: string, ecmaVersion: Options['ecmaVersion']): SyntaxProblem[] {
  const options: Options = { ecmaVersion, sourceType: 'script', locations: true, allowHashBang: false };
  try {
    parse(source, options);
  } catch (err) {
    const e = err as SyntaxError & { loc?: { line: number; column: number } };
    return [{ line: e.loc?.line ?? 0, column: e.loc?.column ?? 0, message: e.message }];
  }
  const problems: SyntaxProblem[] = [];
  for (const token of tokenizer(source, options)) {
    const label = token.type.label;
    // acorn's tokens carry their value (a regexp's { pattern, flags }) beyond its declared type.
    const value = (token as typeof token & { value?: unknown }).value;
    const text = label === 'regexp' ? (value as { pattern: string }).pattern : label === 'string' ? String(value) : null;
    if (text !== null && LOOKBEHIND.test(text)) {
      problems.push({ line: token.loc?.start.line ?? 0, column: token.loc?.start.column ?? 0, message: `regular expression lookbehind (Safari 16.4+) in a ${label}` });
    }
  }
  return problems;
}
