#!/usr/bin/env bash
# Installs the Debian packages the tests and the system need, only where missing.
# ffmpeg: the pipeline; chromium: browser tests; redis-server: broker scale-out test;
# mosquitto + mosquitto-clients: interop tests and the fan-out reference; xmltv-util: XMLTV DTD.
set -euo pipefail
need=()
command -v ffmpeg >/dev/null || need+=(ffmpeg)
command -v ffprobe >/dev/null || need+=(ffmpeg)
command -v chromium >/dev/null || need+=(chromium)
command -v redis-server >/dev/null || need+=(redis-server)
command -v mosquitto >/dev/null || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
command -v mosquitto_pub >/dev/null || need+=(mosquitto-clients)
[ -f /usr/share/xmltv/xmltv.dtd ] || need+=(xmltv-util)
command -v xmllint >/dev/null || need+=(libxml2-utils)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf ] || need+=(fonts-dejavu-core)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
  echo "Missing system packages: ${need[*]}. Install them with: apt-get install -y ${need[*]}" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "Installing system packages: ${need[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
