#!/usr/bin/env bash
# Builds FerretDB (a MongoDB-wire server on SQLite) for the MongoDB store suite, once per machine:
# from the Go module proxy, into the user's cache. Prints the binary's path. Without Go it says so and
# exits 3 (the suite then says, by name, that it did not run and how to run it).
# The module ships without build/version/version.txt, which its binary needs: the source is copied
# out of the module cache and the file written before building.
set -euo pipefail
VERSION=v1.24.2
BIN="${XDG_CACHE_HOME:-$HOME/.cache}/streamsync/ferretdb-$VERSION"
if [ -x "$BIN" ]; then echo "$BIN"; exit 0; fi
if ! command -v go >/dev/null 2>&1; then
  echo "FerretDB: no Go on this machine, so the MongoDB store suite cannot run here (install Go, or set MONGODB_URL)" >&2
  exit 3
fi
DIR=$(go mod download -json "github.com/FerretDB/FerretDB@$VERSION" | node -e 'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>console.log(JSON.parse(s).Dir))')
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp -r "$DIR" "$WORK/src"
chmod -R u+w "$WORK/src"
echo "$VERSION" > "$WORK/src/build/version/version.txt"
mkdir -p "$(dirname "$BIN")"
echo "Building FerretDB $VERSION for the MongoDB store suite (once per machine, about 2 minutes)..." >&2
(cd "$WORK/src" && go build -o "$BIN.tmp" ./cmd/ferretdb)
mv "$BIN.tmp" "$BIN"
echo "$BIN"
