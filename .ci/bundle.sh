#!/usr/bin/env bash
# CI for the installer (issue 7): builds the PyInstaller bundle with netdesk.spec, then proves that it
# works without the project venv: --version, --self-test offscreen, and a CLI round trip (import a corpus
# file, record a favour, export the calendar, parse it back). Called by .ci/run after the tests;
# runs on its own too (`.ci/bundle.sh`, from a checkout with or without .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS

# PyInstaller reads binaries with binutils (objdump, strip) and bundles Python's shared library,
# libpython3.11 on Debian 12 (package libpython3.11; Debian's python3 itself is linked statically, so a
# bare image has python3 without it). Installed here as root, or with sudo when there is one.
pyver=$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
missing=()
command -v objdump >/dev/null || missing+=(binutils)
ldconfig -p 2>/dev/null | grep "libpython$pyver\.so" >/dev/null || missing+=("libpython$pyver")
if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null; then
  s=$([ "$(id -u)" = 0 ] || { command -v sudo >/dev/null && echo sudo; } || echo "")
  if [ "$(id -u)" = 0 ] || [ -n "$s" ]; then
    $s apt-get update -qq
    $s apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "bundle: PyInstaller needs ${missing[*]}; install them as root (apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi
venv=${NETDESK_VENV:-.venv}  # the venv that builds (CI: the one .ci/run made for the tests)
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
# The build extra pins PyInstaller; netdesk itself must be installed so the spec can copy its metadata.
"$venv/bin/python" -c 'import PyInstaller, netdesk' 2>/dev/null || "$venv/bin/pip" install -q -e '.[build]'
rm -rf build/netdesk dist/netdesk
"$venv/bin/pyinstaller" netdesk.spec --noconfirm --log-level WARN
echo "bundle: built in $((SECONDS - start)) s, $(du -sh dist/netdesk | cut -f1) in dist/netdesk"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -m 700 "$work/home" "$work/run"
bundle="$PWD/dist/netdesk/netdesk"
venv_python="$(cd "$venv" && pwd)/bin/python"  # only to check the bundle's output, never to run netdesk
venv_netdesk="$(cd "$venv" && pwd)/bin/netdesk"  # absolute: the parity check runs it from $work

# The bundle runs in a clean environment: no VIRTUAL_ENV or PYTHONPATH, a PATH without the venv, a
# fresh HOME, and from a directory outside the checkout, as on a machine that only has the bundle.
extra_env=()
nd() {
  (cd "$work" && env -i HOME="$work/home" XDG_RUNTIME_DIR="$work/run" PATH=/usr/local/bin:/usr/bin:/bin \
    LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "${extra_env[@]}" "$bundle" --db "$work/netdesk.sqlite3" "$@")
}

version=$("$venv_python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
[ "$(nd --version)" = "netdesk $version" ] || { echo "bundle: --version is not netdesk $version" >&2; exit 1; }
nd --self-test | tee "$work/self-test.txt"
grep -qx "ok: self-test passed" "$work/self-test.txt"
# CLI.md: commands never load Qt. glibc's loader log shows whether the bundle's start-up did.
extra_env=(LD_DEBUG=libs)
if nd reminders --json 2>&1 >/dev/null | grep -q "libQt6Core"; then
  echo "bundle: a command loaded Qt" >&2
  exit 1
fi
extra_env=()

corpus=$(cd "${NETDESK_CORPUS:-../shared/corpus}" 2>/dev/null && pwd || true)  # absolute: nd runs in $work
sample="$corpus/vcard/ezvcard-cardme-iphone-ios5.vcf"
if [ -f "$sample" ] && nd import --help >/dev/null 2>&1; then
  nd import "$sample" --json >"$work/import.json"
  "$venv_python" -c 'import json, sys; assert json.load(open(sys.argv[1]))["created"] >= 1' "$work/import.json"
  nd contact list --json >"$work/contacts.json"
  contact_json="$work/contacts.json"
else
  echo "bundle: no corpus (or no import command); adding a contact instead"
  nd contact add "Zoë Ångström" --email zoe@example.org --json >"$work/contact.json"
  contact_json="$work/contact.json"
fi
first_contact() {  # a field of the first contact, from a list or from a single object
  "$venv_python" -c '
import json, sys
data = json.load(open(sys.argv[1]))
print((data[0] if isinstance(data, list) else data)[sys.argv[2]])' "$contact_json" "$1"
}
contact_id=$(first_contact id)
contact_name=$(first_contact name)

# Parity: the bundle reads every corpus card and CSV exactly as the source does. This catches a module
# the bundle lacks (a lazy import, a codec) that the round trip above does not reach.
if [ -n "$corpus" ] && [ -x "$venv_netdesk" ]; then
  same=0
  for file in "$corpus"/vcard/*.vcf "$corpus"/csv/*.csv; do
    [ -f "$file" ] || continue
    { nd --db "$work/parity-bundle.sqlite3" import "$file" --dry-run --json 2>&1; echo "exit $?"; } >"$work/bundle.out" || true
    { (cd "$work" && "$venv_netdesk" --db "$work/parity-source.sqlite3" import "$file" --dry-run --json 2>&1);
      echo "exit $?"; } >"$work/source.out" || true
    if ! diff -u "$work/source.out" "$work/bundle.out"; then
      echo "bundle: importing $file differs from the source run" >&2
      exit 1
    fi
    same=$((same + 1))
  done
  echo "bundle: $same corpus files import the same as from source"
fi

nd favour "$contact_id" "Introduced me to Ana" --on 2026-03-01
nd export-ics "$work/netdesk.ics"
"$venv_python" - "$work/netdesk.ics" "$contact_name" <<'EOF'
import sys

import icalendar

calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
items = [c for c in calendar.walk() if c.name in ("VEVENT", "VTODO")]
summaries = [str(item.get("SUMMARY", "")) for item in items]
assert any(sys.argv[2] in summary for summary in summaries), f"no reminder for {sys.argv[2]!r}: {summaries}"
print(f"bundle: calendar parsed back, {len(items)} item(s), thank-you for {sys.argv[2]}")
EOF
echo "bundle: checked in $((SECONDS - start)) s"
