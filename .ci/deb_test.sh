#!/usr/bin/env bash
# Tests the .deb as a user would (issue 21), on a fresh Debian minbase system: a root made by mmdebstrap
# from this machine's Debian sources, entered with chroot (a private mount namespace holds its /proc).
#   lintian on the package; then, in the fresh root: `apt-get install ./netdesk_OLDER.deb` (Depends
#   resolve from the archive), a store made by a user; the upgrade to the package under test keeps that
#   store byte for byte and removes the files the new version dropped; every ELF file resolves its
#   libraries; --version; --self-test offscreen with nothing but the package's Depends, then under Xvfb
#   with each library the process loads owned by a package the .deb pulled in; a CLI round trip (import,
#   favour, export-ics and vCard export parsed back on the host); desktop-file-validate, appstreamcli
#   validate, the .vcf type opening netdesk; start time against the bundle run from its folder; size;
#   `apt-get purge` leaves no file of the package and keeps the user's store.
# Usage: .ci/deb_test.sh [DEB]   (default: the one dist/netdesk_*_amd64.deb). Needs root (chroot, mounts).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${NETDESK_DEB_TEST_NS:-}" ]; then  # the mounts below vanish with this namespace, whatever happens
  NETDESK_DEB_TEST_NS=1 exec unshare --mount --propagation private "$0" "$@"
fi
start=$SECONDS
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8

deb=${1:-}
if [ -z "$deb" ]; then
  debs=(dist/netdesk_*_amd64.deb)
  [ ${#debs[@]} = 1 ] && [ -f "${debs[0]}" ] || { echo "deb_test: want exactly one dist/netdesk_*_amd64.deb" >&2; exit 1; }
  deb=${debs[0]}
fi
deb=$(readlink -f "$deb")
venv_python=$(readlink -f "${NETDESK_VENV:-.venv}")/bin/python  # parses exports back, on the host only
version=$(dpkg-deb -f "$deb" Version)
say() { echo "deb_test: $*"; }
fail() { echo "deb_test: FAIL: $*" >&2; exit 1; }

if ! command -v mmdebstrap >/dev/null || ! command -v lintian >/dev/null; then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends mmdebstrap lintian >/dev/null
fi

work=$(mktemp -d)
root=$work/root
lintian_pid=""
cleanup() {
  [ -z "$lintian_pid" ] || kill "$lintian_pid" 2>/dev/null || true
  umount -R "$root/proc" 2>/dev/null || true
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT

# 1. lintian: no errors. The overrides shipped in the package say why each bundle-inherent tag is fine.
# It runs beside the install test and is waited for at the end.
lintian --fail-on error --tag-display-limit 0 --show-overrides "$deb" >"$work/lintian.txt" 2>&1 &
lintian_pid=$!

# 2. The older package: the same bundle as version ~older1, with one file the new version no longer has.
dpkg-deb -R "$deb" "$work/older"
older=${version}~older1
sed -i "s/^Version: .*/Version: $older/" "$work/older/DEBIAN/control"
echo "only in $older" >"$work/older/usr/lib/netdesk/OLDER-ONLY"
(cd "$work/older" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) \
  >"$work/older/DEBIAN/md5sums"
dpkg-deb --root-owner-group -Zgzip -z1 --build "$work/older" "$work/netdesk_${older}_amd64.deb" >/dev/null
rm -rf "$work/older"

# 3. A fresh Debian of this machine's release, minbase, from this machine's Debian sources only.
suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
sources=()
for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [ -f "$file" ] && grep -qE 'debian-archive-keyring|/debian(-security)?/?[[:space:]]' "$file" && sources+=("$file")
done
[ ${#sources[@]} -gt 0 ] || fail "no Debian apt sources on this machine"
if [ -n "${NETDESK_DEB_TEST_BASE:-}" ]; then  # a minbase tarball made earlier by mmdebstrap (local reruns)
  mkdir "$root" && tar -xf "$NETDESK_DEB_TEST_BASE" -C "$root"
else
  mmdebstrap --quiet --variant=minbase "$suite" "$root" "${sources[@]}"
fi
say "fresh $suite minbase root made after $((SECONDS - start)) s"
mount -t proc proc "$root/proc"
cp /etc/resolv.conf "$root/etc/resolv.conf"
install -d -m 0755 "$root/tmp/debs"
install -m 0644 "$deb" "$work/netdesk_${older}_amd64.deb" "$root/tmp/debs/"
in_root() {
  chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}
# netdesk as the user `ana`, with the environment of a desktop session's terminal.
as_ana() {
  chroot --userspec="$ana_ids" "$root" /usr/bin/env -i PATH=/usr/bin:/bin LANG=C.UTF-8 HOME=/home/ana \
    XDG_RUNTIME_DIR=/tmp/run-ana "$@"
}
in_root useradd --create-home --shell /bin/sh ana
ana_ids=$(awk -F: '$1 == "ana" {print $3 ":" $4}' "$root/etc/passwd")
install -d -m 0700 -o "$(stat -c %u "$root/home/ana")" "$root/tmp/run-ana"
store=$root/home/ana/.local/share/netdesk/netdesk.sqlite3
snapshot() {  # every path of the system, less the user's home, caches, logs and apt's and dpkg's state
  (cd "$root" && find . -xdev \( -path ./proc -o -path ./tmp -o -path ./home -o -path ./var/cache -o \
    -path ./var/log -o -path ./var/lib/apt -o -path ./var/lib/dpkg -o -path ./run -o -path ./root \) -prune \
    -o -print | LC_ALL=C sort)
}
snapshot >"$work/before.txt"
in_root dpkg-query -W -f='${Package}\n' | sort >"$work/packages-bare.txt"

# 4. Install the older package as a user would: apt resolves its Depends from the archive.
in_root apt-get update -qq
in_root apt-get install -y -qq "/tmp/debs/netdesk_${older}_amd64.deb" >"$work/install.log" 2>&1 \
  || { cat "$work/install.log" >&2; fail "apt-get install of $older"; }
in_root dpkg-query -W -f='${Package}\n' | sort >"$work/packages-netdesk.txt"
pulled=$(comm -13 "$work/packages-bare.txt" "$work/packages-netdesk.txt" | wc -l)
say "apt-get install ./netdesk_${older}_amd64.deb: $pulled packages installed, after $((SECONDS - start)) s"

corpus=$(cd "${NETDESK_CORPUS:-../shared/corpus}" 2>/dev/null && pwd || true)
card=$corpus/vcard/ezvcard-cardme-iphone-ios5.vcf
if [ ! -f "$card" ]; then
  card=$work/zoe.vcf
  printf 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ångström\r\nN:Ångström;Zoë;;;\r\nEMAIL:zoe@example.org\r\nEND:VCARD\r\n' >"$card"
fi
install -m 0644 "$card" "$root/tmp/card.vcf"
as_ana netdesk import /tmp/card.vcf --json >"$work/import.json"
"$venv_python" -c 'import json, sys; assert json.load(open(sys.argv[1]))["created"] >= 1' "$work/import.json"
as_ana netdesk contact list --json >"$work/contacts.json"
contact=$("$venv_python" -c 'import json, sys; print(json.load(open(sys.argv[1]))[0]["id"])' "$work/contacts.json")
name=$("$venv_python" -c 'import json, sys; print(json.load(open(sys.argv[1]))[0]["name"])' "$work/contacts.json")
as_ana netdesk favour "$contact" "Introduced me to Ana" --on 2026-03-01 >/dev/null
as_ana netdesk contact list --json >"$work/contacts.json"
as_ana netdesk reminders --json >"$work/reminders.json"
[ -f "$store" ] || fail "no store at ${store#"$root"}"
[ "$(stat -c %a "$store")" = 600 ] || fail "the store is mode $(stat -c %a "$store"), not 0600"
store_sum=$(sha256sum <"$store")

# 5. The upgrade keeps the store byte for byte and removes what the new version no longer ships.
in_root apt-get install -y -qq /tmp/debs/"$(basename "$deb")" >"$work/upgrade.log" 2>&1 \
  || { cat "$work/upgrade.log" >&2; fail "apt-get install (upgrade to $version)"; }
[ "$(in_root dpkg-query -W -f='${Version}' netdesk)" = "$version" ] || fail "not upgraded to $version"
[ "$(sha256sum <"$store")" = "$store_sum" ] || fail "the upgrade changed the user's store"
[ ! -e "$root/usr/lib/netdesk/OLDER-ONLY" ] || fail "the upgrade left a file of $older"
in_root dpkg-query -W -f='${Package}\n' | sort >"$work/packages-netdesk.txt"
say "upgraded $older -> $version, the store unchanged, after $((SECONDS - start)) s"

# 6. With the package's Depends alone: every ELF file finds its libraries (the bundle's own first, as
# its bootloader arranges), --version, the CLI round trip, and the window offscreen.
in_root sh -c 'cd /usr/lib/netdesk && find . -type f \( -name "*.so*" -o -name netdesk \) | while read -r f; do
  LD_LIBRARY_PATH=/usr/lib/netdesk/_internal ldd "$f" 2>/dev/null | sed -n "s|^|$f: |; /not found/p"; done' \
  >"$work/ldd.txt" || true
if [ -s "$work/ldd.txt" ]; then cat "$work/ldd.txt" >&2; fail "libraries not found on a fresh system"; fi
[ "$(as_ana netdesk --version)" = "netdesk ${version%%~*}" ] || fail "netdesk --version: $(as_ana netdesk --version)"
[ "$(as_ana netdesk contact list --json)" = "$(cat "$work/contacts.json")" ] \
  && [ "$(as_ana netdesk reminders --json)" = "$(cat "$work/reminders.json")" ] || fail "the store reads differently after the upgrade"
as_ana netdesk export-ics /home/ana/netdesk.ics >/dev/null
as_ana netdesk export /home/ana/contacts.vcf >/dev/null
"$venv_python" - "$root/home/ana/netdesk.ics" "$root/home/ana/contacts.vcf" "$name" <<'EOF'
import sys

import icalendar
import vobject

calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
summaries = [str(c.get("SUMMARY", "")) for c in calendar.walk() if c.name in ("VEVENT", "VTODO")]
assert any(sys.argv[3] in s for s in summaries), f"no thank-you for {sys.argv[3]!r}: {summaries}"
cards = list(vobject.readComponents(open(sys.argv[2], encoding="utf-8").read()))
assert any(card.fn.value == sys.argv[3] for card in cards), [card.fn.value for card in cards]
print(f"deb_test: round trip: {len(summaries)} calendar item(s), {len(cards)} card(s), parsed back on the host")
EOF
as_ana env QT_QPA_PLATFORM=offscreen netdesk --self-test >"$work/offscreen.txt" 2>&1 \
  || { cat "$work/offscreen.txt" >&2; fail "--self-test offscreen"; }
grep -qx "ok: self-test passed" "$work/offscreen.txt" || fail "--self-test offscreen did not pass"
if grep -iE "fontconfig error|cannot find font|could not (load|find)" "$work/offscreen.txt"; then
  fail "--self-test offscreen complained about fonts or plugins"
fi
say "--version, CLI round trip, --self-test offscreen: ok, after $((SECONDS - start)) s"

# 7. The desktop: a real X server, the desktop-entry and AppStream validators, the .vcf type. Installed
# after the checks above so they cannot have hidden a missing Depends.
in_root apt-get install -y -qq --no-install-recommends xvfb xauth desktop-file-utils appstream \
  shared-mime-info xdg-utils >"$work/tools.log" 2>&1 || { cat "$work/tools.log" >&2; fail "installing the test tools"; }
as_ana sh -c 'Xvfb -nolisten tcp -displayfd 3 3>/tmp/run-ana/display >/dev/null 2>&1 & echo $! >/tmp/run-ana/xvfb.pid
  for i in $(seq 50); do [ -s /tmp/run-ana/display ] && break; sleep 0.1; done'
display=:$(cat "$root/tmp/run-ana/display")
as_ana env DISPLAY="$display" QT_QPA_PLATFORM=xcb LD_DEBUG=libs LD_DEBUG_OUTPUT=/tmp/run-ana/ld netdesk --self-test \
  >"$work/xcb.txt" 2>&1 || { cat "$work/xcb.txt" >&2; fail "--self-test under Xvfb"; }
kill "$(cat "$root/tmp/run-ana/xvfb.pid")" 2>/dev/null || true
grep -qx "ok: self-test passed" "$work/xcb.txt" && grep -qx "ok: Qt platform: xcb" "$work/xcb.txt" \
  || { cat "$work/xcb.txt" >&2; fail "--self-test under Xvfb did not pass on xcb"; }
# Each library the window loaded from the system belongs to a package the .deb pulled in, not to one the
# test tools just brought: a dlopen()ed library missing from Depends would show here.
cat "$root"/tmp/run-ana/ld.* | sed -n 's/.*calling init: \(\/.*\)$/\1/p' | grep -v '^/usr/lib/netdesk/' | sort -u \
  >"$work/loaded.txt"
: >"$work/owners.txt"
while read -r library; do
  # dpkg knows a library by the path of its package, which merged /usr may hide behind a link
  in_root dpkg -S "$library" 2>/dev/null | cut -d: -f1 >>"$work/owners.txt" \
    || in_root dpkg -S "$(in_root readlink -f "$library")" 2>/dev/null | cut -d: -f1 >>"$work/owners.txt" \
    || echo "unowned:$library" >>"$work/owners.txt"
done <"$work/loaded.txt"
extra=$(sort -u "$work/owners.txt" | comm -23 - "$work/packages-netdesk.txt")
[ -z "$extra" ] || fail "the window loaded libraries from packages the .deb does not pull in: $extra"
say "--self-test under Xvfb: $(wc -l <"$work/loaded.txt") system libraries loaded, each from a package the .deb" \
  "installed ($(sort -u "$work/owners.txt" | paste -sd' '))"
in_root desktop-file-validate /usr/share/applications/netdesk.desktop
in_root appstreamcli validate --no-net /usr/share/metainfo/org.netdesk.netdesk.metainfo.xml >/dev/null
grep -qx '[0-9]*:text/vcard:\*\.vcf' "$root/usr/share/mime/globs2" || fail "shared-mime-info does not map *.vcf to text/vcard"
[ "$(as_ana xdg-mime query default text/vcard)" = netdesk.desktop ] || fail "netdesk does not open .vcf files"
for icon in scalable/apps/netdesk.svg 48x48/apps/netdesk.png 128x128/apps/netdesk.png 256x256/apps/netdesk.png; do
  [ -f "$root/usr/share/icons/hicolor/$icon" ] || fail "no hicolor icon $icon"
done
[ -f "$root/usr/share/man/man1/netdesk.1.gz" ] || fail "no man page"
say "desktop entry, AppStream metainfo, text/vcard -> netdesk.desktop, icons, man page: ok"

# 8. Start time and size: the installed app against the same bundle run from a folder (its files are
# freshly written in both places, so both runs start from the page cache).
cp -a "$root/usr/lib/netdesk" "$root/tmp/bundle"
fastest() { sort -n | head -n1; }  # the least disturbed run: the machine may be busy with other work
timed() { local t0; t0=$(date +%s.%N); as_ana "$@" >/dev/null 2>&1; awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {print b - a}'; }
# A busy machine can slow any single run by a tenth; a real slowdown of the installed app shows in every
# round, so a failed comparison is measured again (the samples add up) before it fails the check.
for what in --version --self-test; do
  : >"$work/t-installed"; : >"$work/t-bundle"
  for round in 1 2 3; do
    for _ in 1 2 3 4 5 6 7; do
      timed env QT_QPA_PLATFORM=offscreen /usr/bin/netdesk "$what" >>"$work/t-installed"
      timed env QT_QPA_PLATFORM=offscreen /tmp/bundle/netdesk "$what" >>"$work/t-bundle"
    done
    installed=$(fastest <"$work/t-installed"); folder=$(fastest <"$work/t-bundle")
    say "start, netdesk $what (fastest of $((round * 7)), alternating): installed $installed s, bundle folder $folder s"
    if awk -v i="$installed" -v f="$folder" 'BEGIN {exit !(i <= f * 1.1 + 0.05)}'; then break; fi
    [ "$round" -lt 3 ] || fail "the installed app starts slower than 1.1x the bundle"
  done
done
say "size: installed $(in_root dpkg-query -W -f='${Installed-Size}' netdesk) KiB, bundle $(du -sk "$root/tmp/bundle" | cut -f1) KiB," \
  "package $(du -k "$deb" | cut -f1) KiB"
rm -rf "$root/tmp/bundle"

# 9. Purge: no file of the package left, the user's store kept.
store_sum=$(sha256sum <"$store")  # the commands above wrote to it; the package must not
in_root dpkg-query -L netdesk >"$work/files.txt"
in_root apt-get purge -y -qq netdesk >/dev/null
in_root apt-get purge -y -qq xvfb xauth desktop-file-utils appstream shared-mime-info xdg-utils >/dev/null
in_root apt-get autoremove --purge -y -qq >/dev/null
left=$(while read -r path; do [ -e "$root$path" ] && [ ! -d "$root$path" ] && echo "$path"; done <"$work/files.txt" || true)
[ -z "$left" ] || fail "purge left files of the package: $left"
[ ! -e "$root/usr/lib/netdesk" ] || fail "purge left /usr/lib/netdesk"
[ -f "$store" ] || fail "purge removed the user's store"
[ "$(sha256sum <"$store")" = "$store_sum" ] || { ls -la "$(dirname "$store")" >&2; fail "purge changed the user's store"; }
snapshot >"$work/after.txt"
if ! diff "$work/before.txt" "$work/after.txt" >"$work/diff.txt"; then
  say "paths that differ from the bare system after purge and autoremove:"; cat "$work/diff.txt"
  if grep -i netdesk "$work/diff.txt"; then fail "a netdesk path is left after purge"; fi
fi
say "purge: $(wc -l <"$work/files.txt") paths of the package gone, the user's store kept"
# Judged by its tags: as root, lintian's exit status is not 0 even when it finds no error.
wait "$lintian_pid" || true
lintian_pid=""
grep -q '^[EWIO]: netdesk' "$work/lintian.txt" || { cat "$work/lintian.txt" >&2; fail "lintian did not check the package"; }
if grep -q '^E:' "$work/lintian.txt"; then cat "$work/lintian.txt" >&2; fail "lintian found errors"; fi
say "lintian: $(grep -c '^E:' "$work/lintian.txt" || true) errors, $(grep -c '^W:' "$work/lintian.txt" || true) warnings," \
  "$(grep -c '^O:' "$work/lintian.txt" || true) overridden (packaging/debian/lintian-overrides says why):"
grep '^[EW]:' "$work/lintian.txt" || true
say "passed in $((SECONDS - start)) s"
