#!/usr/bin/env bash
# One-step setup on a fresh Debian or Ubuntu machine: system packages, Node check, build, then the
# dashboard on the default interface (or the one given: scripts/setup.sh -i eth0).
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
need=(libpcap-dev python3 make g++ ca-certificates)
command -v node >/dev/null || need+=(nodejs npm)
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
ver=$(node -p 'process.versions.node')
IFS=. read -r major minor _ <<<"$ver"
if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; }; then
  echo "nta-top: needs Node.js >= 20.19, this machine has $ver: install a newer Node.js (e.g. the Node 20 or 22 LTS packages for your distribution), then run this script again" >&2
  exit 1
fi
npm ci --no-audit --no-fund
# The V8 flags of bin/nta-top's first line apply only when it is run as a program; sudo may not
# find node on its PATH, so run node by its full path with the same flags.
read -r -a flags <<<"$(sed -n '1s/^#!.*[[:space:]]node[[:space:]]*//p' bin/nta-top)"
exec $SUDO "$(command -v node)" "${flags[@]}" bin/nta-top "$@"
