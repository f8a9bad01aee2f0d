// What the page's Content-Security-Policy refused (the server sends one with every page): each
// `securitypolicyviolation` as "directive blocked-uri", the first few kept, so QA and the browser
// tests see a policy that breaks the app on some engine instead of a feature that silently fails.

export interface PolicyViolationEvent {
  readonly effectiveDirective?: string;
  readonly violatedDirective?: string;
  readonly blockedURI?: string;
}

export interface PolicyViolations {
  /** "directive blocked-uri" of each refusal, oldest first (at most `keep`). */
  list(): string[];
  /** How many refusals there were, kept or not. */
  count(): number;
}

const KEEP = 20; // refusals remembered (the count goes on)

export function watchPolicyViolations(target: Pick<Document, 'addEventListener'>, keep = KEEP): PolicyViolations {
  const seen: string[] = [];
  let total = 0;
  target.addEventListener('securitypolicyviolation', (event: Event) => {
    const e = event as Event & PolicyViolationEvent;
    total++;
    if (seen.length < keep) seen.push(`${e.effectiveDirective ?? e.violatedDirective ?? '?'} ${e.blockedURI ?? ''}`.trim());
  });
  return { list: () => [...seen], count: () => total };
}
