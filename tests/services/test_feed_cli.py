"""`serve-ics` as a user runs it, and vdirsyncer subscribing to it: all on 127.0.0.1."""

from __future__ import annotations

import http.client
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path

import icalendar
import pytest

from tests.conftest import run_netdesk
from tests.exchange import ics_data

URL = re.compile(r"^http://127\.0\.0\.1:(\d+)/([A-Za-z0-9_-]{22,})/netdesk\.ics$")


@pytest.fixture
def filled_db(store, today, db_path):
    ics_data.populate(today)
    from netdesk.store.db import close_store

    close_store()
    return db_path


class Served:
    def __init__(self, db: Path, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "netdesk", "--db", str(db), "serve-ics", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: lines.put(self.proc.stdout.readline()), daemon=True).start()
        try:
            self.url = lines.get(timeout=60).strip()
        except queue.Empty:
            self.stop()
            raise AssertionError("serve-ics printed no URL") from None
        match = URL.match(self.url)
        assert match, self.url
        self.port, self.token = int(match[1]), match[2]

    def get(self, path: str | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", path or urllib.parse.urlsplit(self.url).path, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()


@pytest.fixture
def served(filled_db):
    server = Served(filled_db, "--port", "0")
    yield server
    server.stop()


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening socket on `port`, from /proc (no tools needed)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_serve_ics_answers_subscribers(served):
    status, headers, body = served.get()
    assert status == 200 and headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert len(icalendar.Calendar.from_ical(body).walk("VEVENT")) > 0
    assert served.get(headers={"If-None-Match": headers["ETag"]})[0] == 304
    assert served.get(f"/{'A' * len(served.token)}/netdesk.ics")[0] == 404
    assert served.get(f"/../{served.token}/netdesk.ics")[0] == 404
    assert _listening_addresses(served.port) == {"0100007F"}  # 127.0.0.1, and nothing else


def test_port_in_use_and_token_handling(served, filled_db):
    clash = run_netdesk("serve-ics", "--port", str(served.port), db=filled_db)
    assert clash.returncode == 1
    assert clash.stderr.startswith("error:") and "already in use" in clash.stderr
    assert run_netdesk("serve-ics", "--port", "70000", db=filled_db).returncode == 1
    again = Served(filled_db, "--port", "0")
    try:
        assert again.token == served.token  # kept in the settings
    finally:
        again.stop()
    renewed = Served(filled_db, "--port", "0", "--new-token")
    try:
        assert renewed.token != served.token
        assert renewed.get(f"/{served.token}/netdesk.ics")[0] == 404
        assert renewed.get()[0] == 200
    finally:
        renewed.stop()


def test_vdirsyncer_syncs_the_feed(served, tmp_path):
    vdirsyncer = shutil.which("vdirsyncer") or str(Path(sys.executable).parent / "vdirsyncer")
    if not Path(vdirsyncer).exists():
        pytest.skip("vdirsyncer is not installed (it comes with the test extra)")
    local = tmp_path / "vdir" / "netdesk"
    local.mkdir(parents=True)
    config = tmp_path / "vdirsyncer.conf"
    config.write_text(
        f'[general]\nstatus_path = "{tmp_path / "status"}/"\n\n'
        '[pair netdesk]\na = "netdesk_feed"\nb = "netdesk_local"\ncollections = null\n'
        'conflict_resolution = "a wins"\n\n'
        f'[storage netdesk_feed]\ntype = "http"\nurl = "{served.url}"\n\n'
        f'[storage netdesk_local]\ntype = "filesystem"\npath = "{local}/"\nfileext = ".ics"\n'
    )
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "NO_PROXY": "*", "no_proxy": "*"}
    for step in (["discover"], ["sync"]):
        done = subprocess.run([vdirsyncer, "--config", str(config), *step], capture_output=True, text=True,
                              env=env, timeout=120, input="y\n")
        assert done.returncode == 0, (step, done.stdout, done.stderr)
    items = sorted(local.glob("*.ics"))
    _, _, body = served.get()

    def key(event) -> tuple:
        return str(event["SUMMARY"]), event.decoded("DTSTART"), int(event["SEQUENCE"]), str(event["STATUS"])

    # vdirsyncer 0.21's http storage replaces every UID with a hash of the item (it assumes feeds have
    # unstable UIDs), so events are matched by what they say rather than by UID.
    expected = sorted(key(e) for e in icalendar.Calendar.from_ical(body).walk("VEVENT"))
    arrived = sorted(key(e) for item in items for e in icalendar.Calendar.from_ical(item.read_bytes()).walk("VEVENT"))
    assert arrived == expected and len(items) == len(expected) == len(ics_data.ReminderKind) + 2
    meeting = next(i for i in items if b"CATEGORIES:meeting" in i.read_bytes())
    assert b"BEGIN:VTIMEZONE" in meeting.read_bytes()  # vdirsyncer carries the zone with the event
