#!/usr/bin/env bash
# The independent calendar readers of tests/exchange/test_ics_timezones.py (see readers.py beside this):
# Mozilla's ical.js from npm (into node_modules here, which git ignores) and libical through its
# GObject bindings for the system python. Run as root for the Debian packages; idempotent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
packages=""
for package in python3-gi gir1.2-ical-3.0; do
  dpkg -s "$package" >/dev/null 2>&1 || packages="$packages $package"
done
command -v node >/dev/null || packages="$packages nodejs"
command -v npm >/dev/null || packages="$packages npm"
if [ -n "$packages" ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  [ -n "$(ls /var/lib/apt/lists/ 2>/dev/null | grep -v -e lock -e partial)" ] || apt-get update -qq
  apt-get install -y -qq --no-install-recommends $packages >/dev/null
fi
cd "$here" && npm ci --no-audit --no-fund --loglevel=error
