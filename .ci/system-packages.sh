#!/usr/bin/env bash
# Installs the Debian packages the system and the tests need, only where missing. The list, by
# purpose and with the reason for each, is control-api/src/preflight/system-packages.json (the same
# list npm start's preflight reads): here `run` + `test`.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t need < <(node - control-api/src/preflight/system-packages.json run test <<'JS'
const { readFileSync, existsSync } = require('node:fs');
const { execFileSync } = require('node:child_process');
const [file, ...purposes] = process.argv.slice(2);
const list = JSON.parse(readFileSync(file, 'utf8'));
const dirs = [...(process.env.PATH || '').split(':'), '/usr/sbin', '/sbin'].filter(Boolean);
const found = (cmd) => dirs.some((d) => existsSync(`${d}/${cmd}`));
const installed = (pkg) => {
  try { return execFileSync('dpkg-query', ['-W', '-f=${db:Status-Status}', pkg], { stdio: ['ignore', 'pipe', 'ignore'] }).toString() === 'installed'; }
  catch { return false; }
};
for (const purpose of purposes) {
  for (const p of list[purpose]) {
    const checks = [...(p.commands || []).map(found), ...(p.files || []).map((f) => existsSync(f))];
    const present = checks.length > 0 ? checks.every(Boolean) : installed(p.package);
    if (!present) console.log(p.package);
  }
}
JS
)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ] && ! sudo -n true 2>/dev/null; then
  echo "Missing system packages: ${need[*]}. Install them with: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo -n"
echo "Installing system packages: ${need[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
