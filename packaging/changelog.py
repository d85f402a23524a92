"""The .deb's changelog, in Debian's format, from the release notes of the AppStream metainfo.

    python packaging/changelog.py METAINFO VERSION MAINTAINER > changelog

The newest entry carries the package's VERSION (a test build such as 0.1.0~older1 keeps the notes of
0.1.0). One source for the release notes: the software centre and `apt changelog` read the same words.
Standard library only.
"""

from __future__ import annotations

import sys
import textwrap
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from email.utils import format_datetime


def items(release: ET.Element) -> list[str]:
    description = release.find("description")
    if description is None:
        return [f"Release {release.get('version')}."]
    lines = []
    for node in description:
        text = " ".join("".join(node.itertext()).split())
        if node.tag == "p" and text:
            lines.append(text)
        elif node.tag in ("ul", "ol"):
            lines += [" ".join("".join(li.itertext()).split()) for li in node.findall("li")]
    return lines


def changelog(metainfo: str, version: str, maintainer: str) -> str:
    releases = ET.parse(metainfo).getroot().findall("releases/release")
    if not releases:
        raise SystemExit(f"{metainfo}: no <release>")
    entries = []
    for index, release in enumerate(releases):
        when = datetime.strptime(release.get("date", ""), "%Y-%m-%d").replace(hour=12, tzinfo=UTC)
        body = "\n".join(textwrap.fill(item, width=76, initial_indent="  * ", subsequent_indent="    ")
                         for item in items(release))
        entry_version = version if index == 0 else release.get("version")
        entries.append(f"netdesk ({entry_version}) unstable; urgency=medium\n\n{body}\n\n"
                       f" -- {maintainer}  {format_datetime(when)}\n")
    return "\n".join(entries)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print("usage: changelog.py METAINFO VERSION MAINTAINER", file=sys.stderr)
        sys.exit(2)
    sys.stdout.write(changelog(*sys.argv[1:]))
