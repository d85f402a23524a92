"""Real faults against Radicale: a sync killed with SIGKILL between two PUTs, and a 412 from the phone's
edit that lands between netdesk's pull and its push."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import TODAY
from tests.sync.conftest import add_account, phone_calendar, reminders_all, sync_json
from tests.sync.servers import PASSWORD, USER


def sample_store(db_path: Path, size: int) -> None:
    from netdesk.sample.load import load_sample
    from netdesk.store.db import close_store, open_store

    open_store(db_path)
    try:
        load_sample(TODAY, size)
    finally:
        close_store()


def uids_on(calendar) -> list[str]:
    import icalendar

    found = []
    for obj in calendar.objects(load_objects=True):
        found += [str(c["UID"]) for c in icalendar.Calendar.from_ical(obj.data).walk() if c.name in ("VEVENT", "VTODO")]
    return found


def collection_folder(radicale, calendar_url: str) -> Path:
    path = calendar_url.split("://", 1)[1].split("/", 1)[1].strip("/")
    return radicale.folder / "collections" / "collection-root" / path


@pytest.mark.slow
def test_a_sync_killed_between_puts_resumes_without_loss_or_duplicate(nd, radicale, calendar_name, db_path,
                                                                      sync_env):
    sample_store(db_path, 150)
    added = add_account(nd, radicale.url, calendar_name)
    assert added.returncode == 0, added.stderr
    folder = collection_folder(radicale, json.loads(added.stdout)["calendar_url"])
    command = [sys.executable, "-m", "netdesk", "--db", str(db_path), "sync", "--json"]
    syncing = subprocess.Popen(command, env={**os.environ, **sync_env}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and syncing.poll() is None:
        if len(list(folder.glob("*.ics"))) >= 5:
            os.kill(syncing.pid, signal.SIGKILL)
            break
        time.sleep(0.005)
    syncing.wait()
    assert syncing.returncode == -signal.SIGKILL, "the sync ended before it could be killed"
    on_server_before = len(list(folder.glob("*.ics")))
    local = reminders_all(nd)
    resumed = nd("sync", "--json", timeout=600)  # ~200 PUTs: a minute on a loaded machine
    code, out, err = resumed.returncode, json.loads(resumed.stdout), resumed.stderr
    assert code == 0, err
    [account] = out["accounts"]
    assert account["pending"] == 0 and account["errors"] == []
    uids = uids_on(phone_calendar(radicale.url, calendar_name))
    assert len(uids) == len(set(uids)), "no duplicate on the server"
    assert {r["uid"] for r in local} <= set(uids)
    # What reached the server is not sent again, but for the PUTs in flight when the kill came: their
    # answers never recorded, they meet a 412 and are written once more (a new DTSTAMP), at the same href.
    from netdesk.services.sync.push import PARALLEL

    assert account["pushed"] <= len(uids) - on_server_before + 2 * PARALLEL
    again = sync_json(nd)[1]["accounts"][0]
    assert again["pushed"] == 0 and again["pulled"] == 0


def test_a_412_from_the_phone_keeps_its_completion_and_netdesk_s_fields(nd, radicale, calendar_name, db_path):
    for args in (("contact", "add", "Grace Hopper"), ("favour", "Grace Hopper", "a book", "--on", "2026-03-01")):
        assert nd(*args).returncode == 0
    assert add_account(nd, radicale.url, calendar_name, "--reminders-as", "tasks").returncode == 0
    assert sync_json(nd)[0] == 0
    [thank] = [r for r in reminders_all(nd) if r["kind"] == "thank-you"]
    phone = phone_calendar(radicale.url, calendar_name)

    from netdesk.services import calendar as calendar_service
    from netdesk.services.sync import connection, push, run
    from netdesk.store import accounts, outbox
    from netdesk.store.db import close_store, open_store

    # netdesk snoozes the task after its pull, then the phone completes it: netdesk's If-Match ETag is stale.
    assert nd("snooze", str(thank["id"]), "--until", "2030-04-01").returncode == 0
    todo = phone.todo_by_uid(thank["uid"])
    todo.icalendar_component["SUMMARY"] = "edited on the phone"
    todo.save()
    todo.complete()
    open_store(db_path)
    try:
        account = accounts.by_name("home")
        dav = connection.client(connection.Target(account.url, USER, PASSWORD))
        rounds = []
        for _round in range(3):
            objects = calendar_service.calendar_objects(run.options_for(account))
            pushed, again = push.run(dav, account, objects, outbox.high_water(account.id), dt.date(2026, 3, 10))
            rounds.append((pushed.count, pushed.merged))
            if not again:
                break
        dav.close()
    finally:
        close_store()
    assert rounds[0][1] == 1, rounds  # the 412, fetched and merged
    assert rounds[-1][0] >= 1, rounds  # then written with the server's new ETag
    after = {r["uid"]: r for r in reminders_all(nd)}
    assert after[thank["uid"]]["status"] == "done"
    import icalendar

    [component] = [c for c in icalendar.Calendar.from_ical(phone.todo_by_uid(thank["uid"]).data).walk()
                   if c.name == "VTODO"]
    assert str(component["STATUS"]) == "COMPLETED"
    assert "Grace Hopper" in str(component["SUMMARY"])
