"""Through the CLI only, against a real Radicale: account add, sync, an independent client as the phone."""

from __future__ import annotations

import datetime as dt
import json

import icalendar

from tests.sync.conftest import add_account, phone_calendar, reminders_all, sync_json
from tests.sync.servers import PASSWORD, USER, free_port


def make_network(nd) -> None:
    for args in (("contact", "add", "Grace Hopper", "--email", "grace@example.org"),
                 ("contact", "add", "Alan Turing"),
                 ("contact", "add", "Ada Lovelace", "--every", "30"),
                 ("contact", "add", "Edsger Dijkstra", "--every", "30"),
                 ("favour", "Grace Hopper", "an intro to the navy", "--on", "2026-03-01"),
                 ("lead", "add", "Alan Turing", "a job at Bletchley", "--on", "2026-03-01"),
                 ("lead", "outcome", "1", "got it", "--on", "2026-03-02"),
                 ("meeting", "add", "Grace Hopper", "--at", "2030-03-20T10:00", "--purpose", "coffee"),
                 ("contact", "set", "Edsger Dijkstra", "--every", "none")):  # its keep-in-touch is cancelled
        done = nd(*args)
        assert done.returncode == 0, (args, done.stderr)
    first = reminders_all(nd)
    thank_lead = next(r for r in first if r["kind"] == "thank-you" and "lead" in r["title"])
    assert nd("done", str(thank_lead["id"])).returncode == 0


def objects_by_uid(calendar) -> dict[str, icalendar.cal.Component]:
    found: dict[str, list] = {}
    for obj in calendar.objects(load_objects=True):
        for component in icalendar.Calendar.from_ical(obj.data).walk():
            if component.name in ("VEVENT", "VTODO"):
                found.setdefault(str(component["UID"]), []).append((obj, component))
    assert all(len(v) == 1 for v in found.values()), "one object per UID"
    return {uid: v[0] for uid, v in found.items()}


def test_push_then_take_back_what_the_phone_did(nd, radicale, calendar_name):
    round_trip(nd, radicale.url, calendar_name)


def test_the_same_against_xandikos(nd, xandikos, calendar_name):
    round_trip(nd, xandikos.url, calendar_name)


def round_trip(nd, url: str, calendar_name: str) -> None:
    make_network(nd)
    added = add_account(nd, url, calendar_name, "--reminders-as", "tasks")
    assert added.returncode == 0, added.stderr
    code, out, err = sync_json(nd)
    assert code == 0, err
    [account] = out["accounts"]
    assert account["errors"] == [] and account["pending"] == 0
    local = reminders_all(nd)
    statuses = {r["status"] for r in local}
    assert {"open", "done", "cancelled"} <= statuses
    phone = phone_calendar(url, calendar_name)
    remote = objects_by_uid(phone)
    meetings = [uid for uid, (_o, c) in remote.items() if c.name == "VEVENT"]
    assert len(meetings) == 1
    assert account["pushed"] == len(local) + 1
    assert set(remote) == {r["uid"] for r in local} | set(meetings)
    for r in local:
        _obj, component = remote[r["uid"]]
        assert component.name == "VTODO"
        assert r["contact"] in str(component["SUMMARY"])
        assert any(sub.name == "VALARM" for sub in component.subcomponents)

    # The phone: complete the thank-you, move a keep-in-touch, delete the close-the-loop.
    thank = next(r for r in local if r["kind"] == "thank-you" and r["status"] == "open")
    keep = next(r for r in local if r["kind"] == "keep-in-touch" and r["status"] == "open")
    loop = next(r for r in local if r["kind"] == "close-the-loop" and r["status"] == "open")
    phone.todo_by_uid(thank["uid"]).complete()
    moved_to = dt.date.fromisoformat(keep["due"]) + dt.timedelta(days=9)
    todo = phone.todo_by_uid(keep["uid"])
    todo.icalendar_component["DUE"] = icalendar.vDDDTypes(moved_to)
    todo.save()
    phone.todo_by_uid(loop["uid"]).delete()

    code, out, err = sync_json(nd)
    assert code == 0, err
    after = {r["uid"]: r for r in reminders_all(nd)}
    assert out["accounts"][0]["pulled"] == 3
    assert after[thank["uid"]]["status"] == "done"
    assert after[keep["uid"]]["status"] == "snoozed" and after[keep["uid"]]["due"] == moved_to.isoformat()
    assert after[loop["uid"]]["status"] == "cancelled"
    shown = json.loads(nd("contact", "show", "Grace Hopper", "--json").stdout)
    assert any(t["note"] == "from the calendar" for t in shown["thanks"])

    code, out, err = sync_json(nd)
    assert code == 0, err
    assert out["accounts"][0]["pushed"] == 0 and out["accounts"][0]["pulled"] == 0
    # The phone holds netdesk's state again: one object per reminder, the deleted one back as cancelled.
    remote = objects_by_uid(phone)
    assert set(remote) == set(after) | set(meetings)
    assert str(remote[loop["uid"]][1]["STATUS"]) == "CANCELLED"
    assert str(remote[thank["uid"]][1]["STATUS"]) == "COMPLETED"


def test_account_list_and_remove_never_show_the_password(nd, radicale, calendar_name):
    assert add_account(nd, radicale.url, calendar_name, "--no-contacts").returncode == 0
    listed = nd("account", "list", "--json")
    assert listed.returncode == 0 and PASSWORD not in listed.stdout
    [account] = json.loads(listed.stdout)
    assert account["name"] == "home" and account["user"] == USER and account["contacts"] == "off"
    assert account["history"] == "not synced yet"
    again = add_account(nd, radicale.url, calendar_name)
    assert again.returncode == 1 and again.stderr.startswith("error: ")
    assert nd("account", "remove", "home").returncode == 0
    assert json.loads(nd("account", "list", "--json").stdout) == []


def test_bad_logins_and_unreachable_servers_save_nothing(nd, radicale, calendar_name, db_path, tmp_path):
    wrong = add_account(nd, radicale.url, calendar_name, password="not-it")
    assert wrong.returncode == 1 and wrong.stderr.startswith("error: ") and "refused the login" in wrong.stderr
    nowhere = add_account(nd, f"http://127.0.0.1:{free_port()}/", calendar_name)
    assert nowhere.returncode == 1 and "cannot reach" in nowhere.stderr
    plain = add_account(nd, "http://calendar.example.org/dav/", calendar_name)
    assert plain.returncode == 1 and "plain http" in plain.stderr
    assert json.loads(nd("account", "list", "--json").stdout) == []
    assert "Traceback" not in wrong.stderr + nowhere.stderr + plain.stderr


def test_a_sync_that_cannot_reach_the_server_keeps_every_change(nd, radicale, calendar_name, db_path, tmp_path):
    from tests.sync.servers import Radicale

    own = Radicale("radicale", tmp_path / "own")
    own.folder.mkdir()
    own.start()
    try:
        assert nd("contact", "add", "Grace Hopper").returncode == 0
        assert nd("favour", "Grace Hopper", "a book", "--on", "2026-03-01").returncode == 0
        assert add_account(nd, own.url, calendar_name).returncode == 0
        own.stop()
        code, out, err = sync_json(nd)
        assert code == 1 and "error: " in err and "Traceback" not in err
        [account] = out["accounts"]
        assert account["pending"] >= 1 and account["errors"]
        own.start()
        code, out, err = sync_json(nd)
        assert code == 0, err
        assert out["accounts"][0]["pushed"] == 1 and out["accounts"][0]["pending"] == 0
        wrong = nd("sync", "--json", "--password-stdin", input="not-it\n")
        assert wrong.returncode == 1 and "refused the login" in wrong.stderr
    finally:
        own.stop()
    assert nd("backup").returncode == 0
    secret = PASSWORD.encode()
    for path in tmp_path.rglob("*"):
        if path.is_file() and "xdg" not in path.parts and path.name != "users":  # the keyring file; the server's
            assert secret not in path.read_bytes(), path
