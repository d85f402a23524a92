#!/usr/bin/env bash
# The Debian package (issue 21): dist/netdesk_VERSION_amd64.deb, built with dpkg-deb from the PyInstaller
# bundle. From a clean clone it makes its own venv and bundle (.ci/bundle.sh); `.ci/deb.sh --bundle DIR`
# packages a bundle already built (.ci/run does so after bundle.sh). Leaves exactly one
# dist/netdesk_*_amd64.deb. `.ci/deb_test.sh` installs it on a fresh Debian and checks it.
#
# Layout: /usr/lib/netdesk (the bundle), /usr/bin/netdesk, the desktop entry, hicolor icons, the AppStream
# metainfo, netdesk(1) made from the CLI's own --help, the copyright file and every bundled component's
# licence. Depends is computed: dpkg-shlibdeps on every ELF file of the bundle (the system libraries it
# links and does not carry), plus the data packages (Architecture: all) that the Debian packages of the
# libraries it does carry depend on: fontconfig's configuration, X11's locale files, xkb's keymaps.
# No maintainer scripts: dpkg's triggers refresh the menu, icon, MIME and man caches.
#
# Environment: NETDESK_VENV (default .venv), NETDESK_DEB_VERSION (package another version of the same
# bundle, for the upgrade test), NETDESK_DEB_OUT (default dist), NETDESK_DEB_COMPRESS (dpkg-deb options,
# default -Zxz).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8

bundle=""
if [ "${1:-}" = "--bundle" ]; then
  bundle=$(cd "${2:?--bundle DIR}" && pwd)
fi
venv=${NETDESK_VENV:-.venv}
out=${NETDESK_DEB_OUT:-dist}

as_root() {  # works as root and as a user with sudo, so on a minimal Debian too
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "deb: run as root or install sudo to run: $*" >&2; exit 1; fi
}

# What building needs. The Qt and X libraries are those PyInstaller copies into the bundle and those
# dpkg-shlibdeps must find to name their packages; libpythonX.Y is the shared libpython PyInstaller
# bundles (a fresh Debian has only the static one).
py=$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")' 2>/dev/null || echo 3.11)
build_needs=(python3-venv "libpython$py" binutils file patchelf dpkg-dev xz-utils desktop-file-utils appstream
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 libxcb-cursor0
  libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libwayland-client0
  libwayland-cursor0 libwayland-egl1)
missing=()
for package in "${build_needs[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deb: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ -z "$bundle" ]; then
  .ci/bundle.sh
  bundle=$PWD/dist/netdesk
fi
[ -x "$bundle/netdesk" ] || { echo "deb: no bundle at $bundle (run .ci/bundle.sh)" >&2; exit 1; }
[ -x "$venv/bin/python" ] || { echo "deb: no venv at $venv (.ci/bundle.sh makes it)" >&2; exit 1; }
python=$(cd "$venv" && pwd)/bin/python

upstream=$(env -i PATH=/usr/bin:/bin "$bundle/netdesk" --version | sed -n 's/^netdesk //p')
version=${NETDESK_DEB_VERSION:-$upstream}
metainfo=resources/org.netdesk.netdesk.metainfo.xml
released=$("$python" -c 'import sys, xml.etree.ElementTree as ET
print(ET.parse(sys.argv[1]).getroot().find("releases/release").get("version"))' "$metainfo")
if [ "$released" != "$upstream" ]; then
  echo "deb: the bundle is netdesk $upstream but the newest <release> of $metainfo is $released" >&2
  exit 1
fi
maintainer=$(sed -n 's/^Maintainer: //p' packaging/debian/control.in)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/debian/netdesk  # dpkg-shlibdeps finds the package's own tree by its DEBIAN folder
mkdir -p "$root/DEBIAN" "$root/usr/lib" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/metainfo" "$root/usr/share/man/man1" "$root/usr/share/doc/netdesk" \
  "$root/usr/share/lintian/overrides"

# The bundle, with Debian's modes: 0755 folders, 0644 files and shared objects, 0755 for the executable.
cp -a "$bundle" "$root/usr/lib/netdesk"
find "$root/usr/lib/netdesk" -type d -exec chmod 0755 {} +
find "$root/usr/lib/netdesk" -type f -exec chmod 0644 {} +
chmod 0755 "$root/usr/lib/netdesk/netdesk"
mapfile -t elfs < <(find "$root/usr/lib/netdesk" -type f \( -name '*.so*' -o -name netdesk \) -print0 \
  | xargs -0 file -N -F '|' | awk -F '|' '/ ELF / {print $1}')
# A Python built outside Debian (pyenv) leaves its build folder as a run path in libpython and its
# extension modules; the bundle finds its libraries itself (the bootloader's LD_LIBRARY_PATH, $ORIGIN),
# and no installed file may look for libraries in the builder's home. $ORIGIN entries stay.
cleaned=0
for elf in "${elfs[@]}"; do
  runpath=$(patchelf --print-rpath "$elf" 2>/dev/null) || continue
  [ -n "$runpath" ] || continue
  kept=$(tr ':' '\n' <<<"$runpath" | grep '^\$ORIGIN' | paste -sd:) || true
  [ "$kept" = "$runpath" ] && continue
  if [ -n "$kept" ]; then patchelf --set-rpath "$kept" "$elf"; else patchelf --remove-rpath "$elf"; fi
  cleaned=$((cleaned + 1))
done
[ "$cleaned" = 0 ] || echo "deb: removed the builder's run paths from $cleaned files"
ln -s ../lib/netdesk/netdesk "$root/usr/bin/netdesk"

install -m 0644 resources/netdesk.desktop "$root/usr/share/applications/netdesk.desktop"
desktop-file-validate "$root/usr/share/applications/netdesk.desktop"
install -m 0644 "$metainfo" "$root/usr/share/metainfo/org.netdesk.netdesk.metainfo.xml"
appstreamcli validate --no-net --pedantic "$root/usr/share/metainfo/org.netdesk.netdesk.metainfo.xml" >/dev/null
hicolor=$root/usr/share/icons/hicolor
install -D -m 0644 resources/netdesk.svg "$hicolor/scalable/apps/netdesk.svg"
install -D -m 0644 resources/netdesk.png "$hicolor/256x256/apps/netdesk.png"
# Menus and software centres look for bitmaps of these sizes too; rendered from the SVG by Qt, as
# resources/make_icons.py renders the Windows and macOS icons.
"$python" - "$hicolor" <<'EOF'
import sys
from pathlib import Path

sys.path.insert(0, "resources")
from make_icons import render_png

for size in (16, 32, 48, 64, 128):
    target = Path(sys.argv[1]) / f"{size}x{size}" / "apps" / "netdesk.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(render_png(Path("resources/netdesk.svg"), size))
    target.chmod(0o644)
EOF

"$python" packaging/make_manpage.py "$upstream" "$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)" \
  | gzip -9n >"$root/usr/share/man/man1/netdesk.1.gz"
"$python" packaging/changelog.py "$metainfo" "$version" "$maintainer" | gzip -9n >"$root/usr/share/doc/netdesk/changelog.gz"
install -m 0644 packaging/debian/lintian-overrides "$root/usr/share/lintian/overrides/netdesk"

# The shared libraries PyInstaller copied from this machine, each with the Debian package it came from.
: >"$work/system-libs.txt"
/sbin/ldconfig -p >"$work/ldconfig.txt"
owner() {  # the package of a system library; with merged /usr, dpkg may know it by its /lib path
  local real; real=$(readlink -f "$1")
  for candidate in "$real" "$1" "${real#/usr}" "$(dirname "$1")/$(basename "$real")"; do
    dpkg -S "$candidate" 2>/dev/null | head -n1 | cut -d: -f1 | grep . && return 0
  done
  return 1
}
find "$root/usr/lib/netdesk" -name '*.so*' -type f -printf '%f\n' | sort -u | while read -r library; do
  system=$(awk -v lib="$library" '$1 == lib && /x86-64/ && !found {print $NF; found = 1}' "$work/ldconfig.txt")
  [ -n "$system" ] || continue
  package=$(owner "$system") || continue
  echo "$library $package $(dpkg-query -W -f='${Version}' "$package")" >>"$work/system-libs.txt"
done
"$python" packaging/third_party.py "$bundle" "$work/system-libs.txt" "$root/usr/share/doc/netdesk/copyright" \
  "$work/THIRD-PARTY"
gzip -9n -c "$work/THIRD-PARTY" >"$root/usr/share/doc/netdesk/THIRD-PARTY.gz"

# Depends, part 1: the libraries the bundle links but does not carry (objdump's NEEDED less the bundle's
# own files), each named by the package that ships it here; dpkg-shlibdeps gives their minimum versions
# from those packages' symbols files. (It would also name the packages of the libraries the bundle
# carries, which are not needed: only the packages shipping an outside library are kept.)
internal=$root/usr/lib/netdesk/_internal
find "$root/usr/lib/netdesk" -name '*.so*' -printf '%f\n' | sort -u >"$work/carried.txt"
objdump -p "${elfs[@]}" | awk '$1 == "NEEDED" {print $2}' | sort -u | comm -23 - "$work/carried.txt" \
  >"$work/outside.txt"
: >"$work/outside-packages.txt"
while read -r soname; do
  system=$(awk -v lib="$soname" '$1 == lib && /x86-64/ && !found {print $NF; found = 1}' "$work/ldconfig.txt")
  [ -n "$system" ] || { echo "deb: the bundle links $soname, which is not installed here: install its package" >&2; exit 1; }
  owner "$system" >>"$work/outside-packages.txt" || { echo "deb: no package owns $system" >&2; exit 1; }
done <"$work/outside.txt"
printf 'Source: netdesk\n\nPackage: netdesk\nArchitecture: amd64\n' >"$work/debian/control"
(cd "$work" && dpkg-shlibdeps -O --ignore-missing-info -l"$internal" -l"$internal/PySide6/Qt/lib" "${elfs[@]}" \
  2>"$work/shlibdeps.log") >"$work/shlibs.txt" || { cat "$work/shlibdeps.log" >&2; exit 1; }
shlibs=$(sed -n 's/^shlibs:Depends=//p' "$work/shlibs.txt" | tr ',' '\n' | sed 's/^ *//' | while read -r entry; do
  if grep -qx "${entry%% *}" "$work/outside-packages.txt"; then echo "$entry"; fi
done | paste -sd, | sed 's/,/, /g')
missing=$(sort -u "$work/outside-packages.txt" | while read -r package; do
  if ! grep -q "^$package\( \|$\)" <<<"${shlibs//, /$'\n'}"; then echo "$package"; fi; done)
[ -z "$missing" ] || { echo "deb: dpkg-shlibdeps did not name $missing" >&2; exit 1; }
# Part 2: the data that the carried libraries read at run time, which Debian ships apart from them
# (fontconfig's configuration, X11's locale files, xkb's keymaps): each dependency of a carried library's
# package that is itself no library package (it ships no shared object).
data=$(cut -d' ' -f2 "$work/system-libs.txt" | sort -u | while read -r package; do
  dpkg-query -W -f='${Depends}\n' "$package" | tr ',' '\n' | sed 's/^ *//; /^$/d' | while read -r group; do
    first=${group%% *}; first=${first%%:*}
    dpkg-query -L "$first" >"$work/files.txt" 2>/dev/null || true
    grep -qE '/lib/.*\.so(\.[0-9.]+)?$' "$work/files.txt" && continue  # a library package
    [ -s "$work/files.txt" ] && ! grep -qvE '^/(usr(/share(/doc(/.*)?)?)?|\.)$' "$work/files.txt" && continue  # only docs
    echo "$group" | sed 's/ (= [^)]*)//'  # never pin another package's exact revision
  done
done | sort -u | paste -sd, | sed 's/,/, /g')
depends="$shlibs${data:+, $data}"

installed_size=$(du -sk --apparent-size "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$installed_size/" -e "s/@DEPENDS@/$depends/" \
  packaging/debian/control.in >"$root/DEBIAN/control"
(cd "$root" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) \
  >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"

mkdir -p "$out"
[ "$out" != dist ] || rm -f dist/netdesk_*_amd64.deb
deb="$out/netdesk_${version}_amd64.deb"
# --root-owner-group: every file root:root, as fakeroot would make it, without needing root.
# shellcheck disable=SC2086
dpkg-deb --root-owner-group ${NETDESK_DEB_COMPRESS:--Zxz} --build "$root" "$deb" >/dev/null
echo "deb: Depends: $depends"
echo "deb: $deb, $(du -h "$deb" | cut -f1), installed size $((installed_size / 1024)) MiB" \
  "(the bundle: $(du -sh "$bundle" | cut -f1)), built in $((SECONDS - start)) s"
