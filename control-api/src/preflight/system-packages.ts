// The one list of Debian packages, by purpose (system-packages.json beside this file): `run` is what
// npm start's preflight checks and installs, `test` what .ci/system-packages.sh adds for npm test.
import { readFileSync } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

export const SystemPackage = Type.Object({
  /** Debian package name, as apt-get takes it. */
  package: Type.String({ minLength: 1 }),
  /** Why the product needs it, printed when it is installed. */
  why: Type.String({ minLength: 1 }),
  /** Programs it provides: present when every one is found. */
  commands: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
  /** Files it provides: present when every one exists. */
  files: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
});
export type SystemPackage = Static<typeof SystemPackage>;

export const SystemPackageList = Type.Object({
  run: Type.Array(SystemPackage),
  test: Type.Array(SystemPackage),
});
export type SystemPackageList = Static<typeof SystemPackageList>;

export const SYSTEM_PACKAGES_PATH = new URL('./system-packages.json', import.meta.url);

export function loadSystemPackages(path: URL | string = SYSTEM_PACKAGES_PATH): SystemPackageList {
  const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!Value.Check(SystemPackageList, raw)) {
    const first = Value.Errors(SystemPackageList, raw).First();
    throw new Error(`system-packages.json: ${first ? `${first.path || '/'} ${first.message}` : 'invalid'}`);
  }
  return raw;
}

/** What the machine has, as the package check asks it (injected in tests). */
export interface MachineLookup {
  /** Absolute path of a program on PATH (or /usr/sbin, /sbin), else null. */
  which(command: string): string | null;
  fileExists(path: string): boolean;
  /** dpkg's word: the package is installed. */
  dpkgInstalled(pkg: string): boolean;
}

/** The packages of `list` that are not present on the machine, in list order. */
export function missingPackages(list: SystemPackage[], machine: MachineLookup): SystemPackage[] {
  return list.filter((p) => {
    const checks = [...(p.commands ?? []).map((c) => machine.which(c) !== null), ...(p.files ?? []).map((f) => machine.fileExists(f))];
    return checks.length > 0 ? !checks.every(Boolean) : !machine.dpkgInstalled(p.package);
  });
}
