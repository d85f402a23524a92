"""Faults from a real server, injected by a proxy on 127.0.0.1 in front of Radicale: 503s, a server too
slow to answer, a server without sync tokens. Each failing sync says what went wrong and keeps every
change waiting; the next sync completes, with no duplicate on the server. (In-process, on a real store
file and a file keyring, to keep them quick; the CLI's exit code and `error:` line are checked once.)"""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from netdesk.sample.load import load_sample
from netdesk.services import contacts, recording, reminders
from netdesk.services.sync import accounts, connection, run
from tests.conftest import TODAY
from tests.sync.conftest import add_account, phone_calendar, sync_json
from tests.sync.proxy import FaultProxy
from tests.sync.servers import PASSWORD, USER, file_keyring
from tests.sync.test_sync_faults import uids_on


@pytest.fixture
def proxy(radicale):
    front = FaultProxy(radicale.port)
    yield front
    front.close()


@pytest.fixture
def ring(tmp_path):
    with file_keyring(tmp_path / "keyring.cfg") as backend:
        yield backend


def add(proxy, calendar_name: str, **extra) -> None:
    accounts.add("home", url=proxy.url, username=USER, password=PASSWORD, calendar=calendar_name, **extra)


def sync_once() -> run.Result:
    [result] = run.sync(today=TODAY)
    return result


def everything_there_once(radicale, calendar_name) -> list[str]:
    uids = uids_on(phone_calendar(radicale.url, calendar_name))
    assert len(uids) == len(set(uids)), "no duplicate on the server"
    assert {r.uid for r in reminders.list_reminders(include_closed=True)} <= set(uids)
    return uids


def test_503s_in_the_middle_of_the_upload_lose_nothing(store, ring, radicale, proxy, calendar_name):
    load_sample(TODAY, 12)
    add(proxy, calendar_name)
    proxy.reset(fail_status=503, fail_methods=("PUT",), fail_after=3)
    first = sync_once()
    assert first.pushed == 3 and first.pending >= 1 and not first.offline
    [error] = first.errors
    assert "had a problem" in error and "503 Service Unavailable" in error and "stay waiting" in error, error
    proxy.reset()
    second = sync_once()
    assert second.errors == [] and second.pending == 0
    uids = everything_there_once(radicale, calendar_name)
    assert first.pushed + second.pushed == len(uids)  # what reached the server was not sent again


@pytest.mark.slow  # six CLI runs: about 30 s on a loaded machine
def test_a_server_answering_503_to_everything_is_said_in_plain_words(nd, radicale, proxy, calendar_name):
    assert nd("contact", "add", "Grace Hopper").returncode == 0
    assert nd("favour", "Grace Hopper", "a book", "--on", "2026-03-01").returncode == 0
    assert add_account(nd, proxy.url, calendar_name).returncode == 0
    proxy.reset(fail_status=503)
    code, out, err = sync_json(nd)
    assert code == 1 and err.startswith("error: ") and "Traceback" not in err
    assert "had a problem (503 Service Unavailable)" in err, err
    assert out["accounts"][0]["pending"] == 1
    proxy.reset()
    code, out, err = sync_json(nd)
    assert code == 0 and out["accounts"][0]["pending"] == 0 and out["accounts"][0]["pushed"] == 1, err


def test_a_slow_server_times_out_clearly_and_the_next_sync_completes(store, ring, radicale, proxy, calendar_name,
                                                                      monkeypatch):
    load_sample(TODAY, 12)
    add(proxy, calendar_name)
    monkeypatch.setattr(connection, "TIMEOUT", 0.5)
    proxy.reset(delay=1.5, delay_methods=("PUT",))
    slow = sync_once()
    [error] = slow.errors
    assert slow.offline and "did not answer in 0.5 s" in error, error
    assert slow.pending >= 1
    proxy.reset()
    monkeypatch.setattr(connection, "TIMEOUT", 20)
    done = sync_once()
    assert done.errors == [] and done.pending == 0
    # The PUT that timed out here reached the server late: If-None-Match met it, no double.
    everything_there_once(radicale, calendar_name)
    assert sync_once().pushed == 0


def test_without_sync_tokens_etags_are_compared(store, ring, radicale, proxy, calendar_name):
    grace = contacts.add_contact("Grace Hopper", today=TODAY).id
    recording.record_favour(grace, "a book", on=dt.date(2026, 3, 1), today=TODAY)
    contacts.add_contact("Ada Lovelace", today=TODAY, every_days=30)
    proxy.reset(no_sync_tokens=True)
    add(proxy, calendar_name, reminders_as="tasks")
    first = sync_once()
    assert first.errors == [] and first.pending == 0 and first.pushed >= 1
    assert any(s.startswith("REPORT") for s in proxy.faults.seen)
    same = sync_once()  # nothing changed: nothing sent, nothing taken back, nothing dismissed
    assert same.errors == [] and same.pushed == 0 and same.pulled == 0, same
    assert all(r.status.is_active for r in reminders.list_reminders(include_closed=True))

    [thank] = [r for r in reminders.list_reminders() if r.kind.value == "thank-you"]
    phone = phone_calendar(radicale.url, calendar_name)
    phone.todo_by_uid(thank.uid).complete()
    taken = sync_once()
    assert taken.errors == [] and taken.pulled == 1
    assert reminders.get(thank.id).status.value == "done"
    assert thank.id in taken.change.reminders
    again = sync_once()
    assert again.pulled == 0 and again.pushed == 0, again
    [keep] = [r for r in reminders.list_reminders() if r.kind.value == "keep-in-touch"]
    moved_to = keep.due + dt.timedelta(days=9)
    todo = phone.todo_by_uid(keep.uid)
    todo.icalendar_component["DUE"] = icalendar.vDDDTypes(moved_to)
    todo.save()
    assert sync_once().pulled == 1
    assert reminders.get(keep.id).due == moved_to and reminders.get(keep.id).status.value == "snoozed"
