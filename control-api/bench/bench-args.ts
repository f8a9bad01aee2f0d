// Numeric command-line options of the control API's benches (`--duration 5`).

/** The value after `--name`, a positive number; `fallback` when absent; throws on anything else. */
export function positiveArg(name: string, fallback: number, argv: readonly string[] = process.argv): number {
  const i = argv.indexOf(`--${name}`);
  const raw = i >= 0 ? argv[i + 1] : undefined;
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name}: expected a positive number, got ${raw}`);
  return value;
}
