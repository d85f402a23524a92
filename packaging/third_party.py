"""The .deb's copyright file and THIRD-PARTY notices, computed from what the bundle carries.

    python packaging/third_party.py BUNDLE_DIR SYSTEM_LIBS COPYRIGHT_OUT THIRD_PARTY_OUT

BUNDLE_DIR is dist/netdesk. SYSTEM_LIBS is a file of `library package version` lines: the shared
libraries PyInstaller copied into the bundle from the build machine, with the Debian package each came
from (.ci/deb.sh finds them with dpkg -S). The Python distributions are netdesk's run-time dependency
closure in this interpreter's environment (what PyInstaller followed); PyInstaller's bootloader is the
executable itself. Every component's own licence files, or its Debian copyright file, go into
THIRD-PARTY whole. Run it with the Python that built the bundle.
"""

from __future__ import annotations

import importlib.metadata as md
import sys
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

MIT = """\
Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES
OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE."""

LICENCE_FILE_WORDS = ("LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS", "COPYRIGHT")


def closure(root: str) -> list[md.Distribution]:
    """`root` and every distribution it requires at run time (no extras), each once."""
    env = default_environment()
    seen: dict[str, md.Distribution] = {}
    todo = [root]
    while todo:
        name = canonicalize_name(todo.pop())
        if name in seen:
            continue
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue  # a requirement for another platform or Python
        seen[name] = dist
        for line in dist.requires or []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({**env, "extra": ""}):
                todo.append(req.name)
    return sorted(seen.values(), key=lambda d: canonicalize_name(d.metadata["Name"]))


def licence_of(dist: md.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    declared = (meta.get("License") or "").strip()
    if declared and "\n" not in declared and len(declared) < 80:
        return declared
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return ", ".join(classifiers) or "see its licence text below"


def licence_texts(dist: md.Distribution) -> list[tuple[str, str]]:
    texts = []
    for file in dist.files or []:
        name = Path(str(file)).name.upper()
        if ".dist-info" in str(file) and any(word in name for word in LICENCE_FILE_WORDS):
            try:
                text = Path(file.locate()).read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            texts.append((Path(str(file)).name, text))
    return texts


def system_libs(path: Path) -> dict[str, tuple[str, list[str]]]:
    """{package: (version, [libraries])} from the `library package version` lines."""
    packages: dict[str, tuple[str, list[str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            library, package, version = line.split()
            packages.setdefault(package, (version, []))[1].append(library)
    return packages


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    bundle, libs_file, copyright_out, third_party_out = (Path(arg) for arg in argv)
    dists = [d for d in closure("netdesk") if canonicalize_name(d.metadata["Name"]) != "netdesk"]
    libs = system_libs(libs_file)
    pyinstaller = md.distribution("pyinstaller")

    parts = ["Third-party components in /usr/lib/netdesk (the PyInstaller bundle of netdesk)", "=" * 78, ""]
    listing = [f"PyInstaller bootloader {pyinstaller.version} (the netdesk executable): GPL-2.0-or-later "
               "with the bootloader exception"]
    listing += [f"{d.metadata['Name']} {d.version} (Python): {licence_of(d)}" for d in dists]
    listing += [f"{package} {version} (Debian): {', '.join(sorted(names))}"
                for package, (version, names) in sorted(libs.items())]
    parts += listing + [""]
    for name, text in licence_texts(pyinstaller):
        parts += ["-" * 78, f"PyInstaller {pyinstaller.version}: {name}", "-" * 78, text.rstrip(), ""]
    for dist in dists:
        texts = licence_texts(dist)
        header = f"{dist.metadata['Name']} {dist.version}: {licence_of(dist)}"
        if not texts:
            parts += ["-" * 78, header, "-" * 78, "(no licence file in its distribution)", ""]
        for name, text in texts:
            parts += ["-" * 78, f"{header} ({name})", "-" * 78, text.rstrip(), ""]
    for package, (version, names) in sorted(libs.items()):
        copyright_file = Path("/usr/share/doc") / package / "copyright"
        text = copyright_file.read_text(encoding="utf-8", errors="replace") if copyright_file.is_file() \
            else f"(no {copyright_file} on the build machine)"
        parts += ["-" * 78, f"Debian package {package} {version} ({', '.join(sorted(names))}): "
                  f"its {copyright_file}", "-" * 78, text.rstrip(), ""]
    third_party_out.write_text("\n".join(parts) + "\n", encoding="utf-8")

    comment = "\n".join(f" {line}" for line in listing)
    copyright_out.write_text(f"""\
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: netdesk
Upstream-Contact: netdesk developers
Comment: This package is built from netdesk's PyInstaller bundle
 ({bundle.name}/), which carries Python, Qt and the libraries below in
 /usr/lib/netdesk/_internal. Each component's own copyright and licence
 texts are in /usr/share/doc/netdesk/THIRD-PARTY.gz.

Files: *
Copyright: 2026 netdesk developers
License: Expat

Files: usr/lib/netdesk/_internal/*
Copyright: the authors of each component listed below
License: bundled-components
Comment: The components, with their versions and licences:
{comment}

License: Expat
{chr(10).join(' ' + line if line else ' .' for line in MIT.splitlines())}

License: bundled-components
 Each component keeps its own licence, reproduced whole, with its
 copyright notices, in /usr/share/doc/netdesk/THIRD-PARTY.gz. The
 LGPL-3 text (Qt, PySide6) is in /usr/share/common-licenses/LGPL-3, the
 GPL-2 text (the PyInstaller bootloader) in /usr/share/common-licenses/GPL-2.
""", encoding="utf-8")
    print(f"third_party: {len(dists)} Python distributions, {len(libs)} Debian packages' libraries")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
