#!/bin/sh
# The system packages the tests need on Debian or Ubuntu, then the independent parsers the export tests
# read netdesk's files back with (ical.js from npm, libical, ez-vcard). Root runs apt-get itself; anyone
# else goes through sudo. Idempotent: a second run installs nothing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
as_root=""
[ "$(id -u)" = 0 ] || as_root=sudo
export DEBIAN_FRONTEND=noninteractive
$as_root apt-get update -qq
# npm only where it is missing: NodeSource's nodejs carries its own and conflicts with Debian's npm.
node=""
command -v npm >/dev/null || node="nodejs npm"
# Qt's libraries (the tests run offscreen, but PySide6 loads them), Xvfb for the screenshot scripts, the
# calendar and vCard readers (node/npm for ical.js, libical through PyGObject, ez-vcard on Java).
$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  python3 python3-venv python3-pip ca-certificates \
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 \
  xvfb libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 \
  $node python3-gi gir1.2-ical-3.0 default-jre-headless libez-vcard-java libvinnie-java >/dev/null
# The npm parts install into the checkout and the user's cache, so they run as the user.
bash "$here/exchange/parsers/install.sh"
bash "$here/exchange/vcard_tools/install.sh"
