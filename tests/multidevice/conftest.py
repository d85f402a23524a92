"""Two netdesk stores (two processes, as two computers) and one real Radicale on 127.0.0.1; the phone is the
caldav package on its own. Each store has its own keyring file (its own XDG_DATA_HOME)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import run_netdesk
from tests.sync.servers import PASSWORD, USER, Radicale, dav_client


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    found = Radicale("radicale", tmp_path_factory.mktemp("radicale-md")).start()
    yield found
    found.stop()


@dataclass
class Computer:
    name: str
    db: Path
    home: Path

    def run(self, *args: str, input: str | None = None, ok: bool = True):
        env = {"PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring", "XDG_DATA_HOME": str(self.home),
               "NETDESK_BUSY_TIMEOUT_MS": "5000"}
        done = run_netdesk(*args, db=self.db, env=env, input=input, timeout=120)
        if ok:
            assert done.returncode == 0, (self.name, args, done.stdout, done.stderr)
        return done

    def json(self, *args: str):
        return json.loads(self.run(*args, "--json").stdout)

    def add_account(self, url: str, calendar: str, book: str) -> None:
        self.run("account", "add", "home", "--url", url, "--user", USER, "--password-stdin", "--calendar", calendar,
                 "--addressbook", book, "--json", input=PASSWORD + "\n")

    def sync(self) -> dict:
        done = self.run("sync", "--json")
        out = json.loads(done.stdout)["accounts"][0]
        assert out["errors"] == [], (self.name, out)
        return out

    def contact_id(self, name: str) -> int:
        return next(c["id"] for c in self.json("contact", "list") if c["name"] == name)

    def reminders(self) -> list[dict]:
        return self.json("reminders", "--all")


@pytest.fixture
def names() -> tuple[str, str]:
    tag = uuid.uuid4().hex[:8]
    return f"netdesk-{tag}", f"book-{tag}"


@pytest.fixture
def two(tmp_path, server, names) -> tuple[Computer, Computer]:
    calendar, book = names
    computers = []
    for name in ("laptop", "desktop"):
        computer = Computer(name, tmp_path / f"{name}.sqlite3", tmp_path / f"{name}-xdg")
        computer.add_account(server.url, calendar, book)
        computers.append(computer)
    return computers[0], computers[1]


def phone_objects(server, calendar: str) -> list:
    """Every component of the calendar as the phone sees it (the caldav package, nothing of netdesk)."""
    dav = dav_client(server.url)
    found = [c for c in dav.principal().calendars() if c.get_display_name() == calendar]
    assert len(found) == 1, [c.get_display_name() for c in dav.principal().calendars()]
    out = []
    for obj in found[0].objects(load_objects=True):
        out.extend(c for c in obj.icalendar_instance.walk() if c.name in ("VEVENT", "VTODO", "VJOURNAL"))
    return out
