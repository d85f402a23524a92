#!/usr/bin/env bash
# The independent vCard readers the tests check exports with (tests/exchange/test_vcard_clients.py):
# ez-vcard (Java; strict RFC 6350/2426 validation) from Debian, and ical.js (Mozilla's parser, Thunderbird's
# address book) from npm into $NETDESK_VCARD_TOOLS (default ~/.cache/netdesk-test-tools/vcard).
set -euo pipefail
tools="${NETDESK_VCARD_TOOLS:-$HOME/.cache/netdesk-test-tools/vcard}"
if [ ! -f /usr/share/java/ez-vcard.jar ] || ! command -v java >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      default-jre-headless libez-vcard-java libvinnie-java >/dev/null
  else
    echo "install.sh: need root and apt-get for ez-vcard" >&2
  fi
fi
if ! command -v npm >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
if command -v npm >/dev/null && [ ! -f "$tools/node_modules/ical.js/package.json" ]; then
  mkdir -p "$tools"
  npm install --silent --no-audit --no-fund --prefix "$tools" 'ical.js@^2.1' >/dev/null
fi
