"""`capture calendar account:NAME` against a real Radicale: the account's other calendars, not netdesk's own."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.capture.mail_kit import ME, TODAY, add_contact, captured
from tests.capture.test_calendar import stamp
from tests.sync.servers import PASSWORD, USER, Radicale, dav_client


@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    server = Radicale("radicale", tmp_path_factory.mktemp("radicale-capture")).start()
    yield server
    server.stop()


def event(uid: str, day: dt.date, attendee: str) -> str:
    return (f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//phone//EN\r\nBEGIN:VEVENT\r\nUID:{uid}\r\n"
            f"DTSTAMP:{stamp(day)}\r\nDTSTART:{stamp(day)}\r\nDTEND:{stamp(day, 11)}\r\nSUMMARY:Coffee\r\n"
            f"ORGANIZER:mailto:{ME}\r\nATTENDEE:mailto:{attendee}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def test_an_accounts_own_calendars_but_not_netdesks(cli, db_path, radicale, tmp_path):
    env = {"PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring", "XDG_DATA_HOME": str(tmp_path / "xdg")}
    ana = add_contact(cli, "Ana Lima", "ana@example.org")
    added = cli("account", "add", "home", "--url", radicale.url, "--user", USER, "--password-stdin", "--calendar",
                "netdesk-capture", "--json", input=PASSWORD + "\n", env=env)
    assert added.returncode == 0, added.stderr
    dav = dav_client(radicale.url)
    personal = dav.principal().make_calendar(name="Personal")
    personal.save_event(event("coffee-1", TODAY - dt.timedelta(days=3), "ana@example.org"))
    own = [c for c in dav.principal().calendars() if c.get_display_name() == "netdesk-capture"][0]
    own.save_event(event("netdesk-own", TODAY - dt.timedelta(days=2), "ana@example.org"))

    first = captured(cli("capture", "calendar", "account:home", "--json", env=env))
    assert (first["events"], first["logged"]) == (1, 1)
    assert json.loads(cli("contact", "show", str(ana), "--json").stdout)["last_contacted"] == \
        (TODAY - dt.timedelta(days=3)).isoformat()
    again = captured(cli("capture", "calendar", "account:home", "--json", env=env))
    assert (again["logged"], again["already_logged"]) == (0, 1)
