"""Independent vCard readers and a real CardDAV server for the export tests (installed by vcard_tools/install.sh).

A reader that is absent skips its tests, except under CI=true, where it fails them: CI installs them all.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

TOOLS = Path(__file__).parent / "vcard_tools"
NODE_TOOLS = Path(os.environ.get("NETDESK_VCARD_TOOLS", Path.home() / ".cache/netdesk-test-tools/vcard"))
EZVCARD = [Path("/usr/share/java/ez-vcard.jar"), Path("/usr/share/java/vinnie.jar")]
ICALJS = NODE_TOOLS / "node_modules/ical.js/dist/ical.js"


def missing(what: str) -> None:
    message = f"{what} is not installed (tests/exchange/vcard_tools/install.sh installs it)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def ezvcard_check(path: Path, version: str) -> tuple[list[str], dict[int, list[bytes]]]:
    """ez-vcard's problems with the file (parse and validation warnings, wrong version, several UIDs), and
    the photo bytes it read, by card number (1-based)."""
    if not all(p.exists() for p in EZVCARD) or not shutil.which("java"):
        missing("ez-vcard (Debian libez-vcard-java, default-jre-headless)")
    out = subprocess.run(["java", "-cp", ":".join(map(str, EZVCARD)), str(TOOLS / "VcardCheck.java"), version,
                          str(path)], capture_output=True, text=True, timeout=300)
    problems, photos = [], {}
    for line in out.stdout.splitlines():
        if line.startswith("photo "):
            _, card, _, data, _ = line.split(" ", 4)
            if data != "none":  # a photo by URL has no data
                photos.setdefault(int(card), []).append(base64.b64decode(data))
        elif not line.startswith("cards: "):
            problems.append(line)
    if out.returncode not in (0, 1) or (out.returncode == 1 and not problems):
        raise AssertionError(f"ez-vcard failed: {out.stderr[-2000:]}")
    return problems, photos


def icaljs_cards(path: Path) -> list[list]:
    """Every card as ical.js reads it (jCard properties: [name, params, type, value...])."""
    if not ICALJS.exists() or not shutil.which("node"):
        missing("ical.js (npm)")
    out = subprocess.run(["node", str(TOOLS / "icaljs_dump.mjs"), str(path)], capture_output=True, text=True,
                         timeout=300, env={**os.environ, "ICALJS": str(ICALJS)})
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Radicale:
    """A Radicale server on 127.0.0.1 with its storage in a temp folder and no authentication."""

    def __init__(self, folder: Path) -> None:
        try:
            import radicale  # noqa: F401
        except ImportError:
            missing("radicale (the test extras)")
        self.port = _free_port()
        config = folder / "config"
        config.write_text(f"[server]\nhosts = 127.0.0.1:{self.port}\n[auth]\ntype = none\n"
                          f"[storage]\nfilesystem_folder = {folder / 'storage'}\n[logging]\nlevel = warning\n")
        self.log = (folder / "radicale.log").open("w")
        self.process = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(config)],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{self.port}/netdesk/contacts/"
        for _ in range(300):  # a readiness poll, not a timed assertion
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    break
            except OSError:
                if self.process.poll() is not None:
                    raise AssertionError(f"radicale did not start: {(folder / 'radicale.log').read_text()}") from None
                time.sleep(0.1)
        body = (b'<?xml version="1.0"?><D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:set>'
                b"<D:prop><D:resourcetype><D:collection/><C:addressbook/></D:resourcetype></D:prop></D:set>"
                b"</D:mkcol>")
        status, _ = self.request("MKCOL", self.base, body, "application/xml")
        assert status == 201, status

    def request(self, method: str, url: str, body: bytes | None = None, kind: str = "text/vcard",
                ) -> tuple[int, bytes]:
        # With auth type none Radicale takes any login as that user; the collection is the user's own.
        headers = {"Authorization": "Basic " + base64.b64encode(b"netdesk:x").decode(), "Content-Type": kind}
        try:
            with urllib.request.urlopen(urllib.request.Request(url, body, headers, method=method), timeout=30) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def put_and_get(self, name: str, card: str) -> str:
        status, answer = self.request("PUT", self.base + name, card.encode("utf-8"))
        assert status in (201, 204), (status, answer[:300], card[:500])
        status, stored = self.request("GET", self.base + name)
        assert status == 200
        return stored.decode("utf-8")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()
