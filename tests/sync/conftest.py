"""A real Radicale on 127.0.0.1 for the whole session; the CLI runs with a file keyring in a temp dir."""

from __future__ import annotations

import json
import os
import uuid

import caldav
import pytest

from tests.conftest import run_netdesk
from tests.sync.servers import PASSWORD, USER, Radicale, Xandikos, dav_client

PHONES: list[caldav.DAVClient] = []  # closed after each test (in-process tests count unclosed sockets)


@pytest.fixture(autouse=True)
def close_phones():
    yield
    while PHONES:
        PHONES.pop().close()


@pytest.fixture(scope="session")
def radicale(tmp_path_factory):
    server = Radicale("radicale", tmp_path_factory.mktemp("radicale")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def xandikos(tmp_path_factory):
    server = Xandikos("xandikos", tmp_path_factory.mktemp("xandikos")).start()
    yield server
    server.stop()


@pytest.fixture
def sync_env(tmp_path) -> dict:
    """The keyring is keyrings.alt's plain file, under this test's own XDG_DATA_HOME."""
    return {"PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring", "XDG_DATA_HOME": str(tmp_path / "xdg"),
            "NETDESK_BUSY_TIMEOUT_MS": "5000"}


@pytest.fixture
def nd(db_path, sync_env):
    def run(*args: str, **kwargs):
        return run_netdesk(*args, db=db_path, env={**sync_env, **kwargs.pop("env", {})}, **kwargs)

    return run


@pytest.fixture
def calendar_name() -> str:
    """Each test owns its collection on the shared server."""
    return f"netdesk-{uuid.uuid4().hex[:8]}"


def add_account(nd, server_url: str, calendar: str, *extra: str, password: str = PASSWORD, name: str = "home"):
    return nd("account", "add", name, "--url", server_url, "--user", USER, "--password-stdin", "--calendar", calendar,
              *extra, "--json", input=password + "\n")


def sync_json(nd, *extra: str) -> tuple[int, dict, str]:
    done = nd("sync", "--json", *extra)
    return done.returncode, json.loads(done.stdout) if done.stdout.strip() else {}, done.stderr


def phone_calendar(server_url: str, name: str) -> caldav.Calendar:
    """An independent client (the caldav package on its own) as the user's phone."""
    dav = dav_client(server_url)
    found = [c for c in dav.principal().calendars() if c.get_display_name() == name]
    assert len(found) == 1, [c.get_display_name() for c in dav.principal().calendars()]
    return found[0]


def reminders_all(nd) -> list[dict]:
    done = nd("reminders", "--all", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


__all__ = ["add_account", "os", "phone_calendar", "reminders_all", "sync_json"]
