"""A server that takes HTTP Digest logins only (RFC 7616), as a Baïkal set to Digest does: Radicale behind
WsgiDAV's Digest authenticator (tests/sync/digest_radicale.py), both real, on 127.0.0.1. netdesk sends
Basic first (what every preset server takes), meets the Digest challenge, and logs in with Digest."""

from __future__ import annotations

import niquests
import pytest

from netdesk.errors import UserFacingError
from netdesk.services import contacts, recording, reminders
from netdesk.services.sync import accounts, run
from tests.conftest import TODAY
from tests.sync.servers import PASSWORD, USER, DigestRadicale, dav_client, file_keyring


@pytest.fixture(scope="module")
def digest_server(tmp_path_factory):
    server = DigestRadicale("digest-radicale", tmp_path_factory.mktemp("digest")).start()
    yield server
    server.stop()


@pytest.fixture
def ring(tmp_path):
    with file_keyring(tmp_path / "keyring.cfg") as backend:
        yield backend


def test_the_server_really_refuses_basic_and_takes_digest(digest_server):
    basic = niquests.request("PROPFIND", digest_server.url, auth=(USER, PASSWORD), headers={"Depth": "0"},
                             timeout=10)
    assert basic.status_code == 401 and basic.headers["WWW-Authenticate"].lower().startswith("digest ")
    digest = niquests.request("PROPFIND", digest_server.url, auth=niquests.auth.HTTPDigestAuth(USER, PASSWORD),
                              headers={"Depth": "0"}, timeout=10)
    assert digest.status_code == 207
    wrong = niquests.request("PROPFIND", digest_server.url, auth=niquests.auth.HTTPDigestAuth(USER, "nope"),
                             headers={"Depth": "0"}, timeout=10)
    assert wrong.status_code == 401


def test_account_add_and_sync_log_in_with_digest(digest_server, store, ring):
    cid = contacts.add_contact("Grace Hopper", today=TODAY).id
    recording.record_favour(cid, "a book", on=TODAY, today=TODAY)
    added = accounts.add("digest", url=digest_server.url, username=USER, password=PASSWORD, reminders_as="tasks",
                         calendar="netdesk-digest")
    [result] = run.sync("digest", today=TODAY)
    assert result.errors == [] and result.pushed >= 1 and result.pending == 0
    [thank] = [r for r in reminders.list_reminders() if r.kind.value == "thank-you"]
    phone = dav_client(digest_server.url)  # the caldav package on its own: it negotiates Digest too
    [calendar] = [c for c in phone.principal().calendars() if c.get_display_name() == "netdesk-digest"]
    assert str(calendar.url) == added.account.calendar_url
    calendar.todo_by_uid(thank.uid).complete()
    [pulled] = run.sync("digest", today=TODAY)
    assert pulled.errors == [] and pulled.pulled == 1
    assert reminders.get(thank.id).status.value == "done"
    [again] = run.sync("digest", today=TODAY)
    assert again.errors == [] and again.pushed == 0 and again.pulled == 0


def test_a_wrong_password_on_a_digest_server_is_a_refused_login(digest_server, store, ring):
    with pytest.raises(UserFacingError, match="refused the login"):
        accounts.add("wrong", url=digest_server.url, username=USER, password="not-the-password",
                     calendar="netdesk-digest-wrong")
    assert accounts.list_accounts() == []
