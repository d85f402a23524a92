"""Issue 17 "How it will be checked": two stores and a real Radicale, through the CLI only."""

from __future__ import annotations

import collections
import datetime as dt

from tests.multidevice.conftest import phone_objects

TODAY = dt.date.today()


def _open(reminders: list[dict]) -> dict[str, dict]:
    return {r["uid"]: r for r in reminders if r["status"] in ("open", "snoozed")}


def test_history_on_the_laptop_reaches_the_desktop_and_thanks_there_closes_the_laptops_reminder(two, server, names):
    laptop, desktop = two
    calendar, _book = names
    laptop.run("contact", "add", "Ann Lee", "--email", "ann@example.org")
    ann = laptop.contact_id("Ann Lee")
    laptop.run("favour", str(ann), "lent me her notes", "--on", (TODAY - dt.timedelta(days=1)).isoformat())
    laptop.run("log", str(ann), "call", "--note", "about the job, and more; much more\nsecond line")
    laptop.run("lead", "add", str(ann), "a role at Acme")
    laptop.sync()
    desktop.sync()

    ann_there = desktop.contact_id("Ann Lee")
    shown_here, shown_there = laptop.json("contact", "show", str(ann)), desktop.json("contact", "show", str(ann_there))
    for key in ("interactions", "favours", "leads"):
        strip = [{k: v for k, v in row.items() if k not in ("id", "contact_id")} for row in shown_here[key]]
        assert strip == [{k: v for k, v in row.items() if k not in ("id", "contact_id")} for row in shown_there[key]]
    here = {r["uid"]: (r["kind"], r["due"], r["status"], r["title"]) for r in laptop.reminders()}
    there = {r["uid"]: (r["kind"], r["due"], r["status"], r["title"]) for r in desktop.reminders()}
    assert here == there and any(kind == "thank-you" for kind, *_ in here.values())

    desktop.run("thank", str(ann_there), "--note", "coffee")
    desktop.sync()
    laptop.sync()
    thank_you = [r for r in laptop.reminders() if r["kind"] == "thank-you"]
    assert thank_you and all(r["status"] == "done" for r in thank_you)
    assert _open(laptop.reminders()) == _open(desktop.reminders())

    laptop.sync()
    desktop.sync()
    on_phone = collections.Counter(str(c["UID"]) for c in phone_objects(server, calendar))
    reminder_uids = {r["uid"] for r in laptop.reminders()}
    assert reminder_uids <= set(on_phone)
    assert all(on_phone[uid] == 1 for uid in reminder_uids)


def test_a_done_on_one_computer_is_done_on_the_other(two):
    laptop, desktop = two
    laptop.run("contact", "add", "Bo Chen")
    bo = laptop.contact_id("Bo Chen")
    laptop.run("contact", "set", str(bo), "--every", "30")
    laptop.sync()
    desktop.sync()
    keep = next(r for r in desktop.reminders() if r["kind"] == "keep-in-touch")
    desktop.run("snooze", str(keep["id"]), "--until", (TODAY + dt.timedelta(days=60)).isoformat())
    desktop.sync()
    laptop.sync()
    mine = next(r for r in laptop.reminders() if r["uid"] == keep["uid"])
    assert (mine["status"], mine["due"]) == ("snoozed", (TODAY + dt.timedelta(days=60)).isoformat())


def test_a_record_that_arrives_before_its_contact_waits_for_it(two, server, names):
    """The laptop's history goes up before its contacts (the history runs first in a sync); a desktop that
    reads the history first keeps the record waiting, then applies it when the contact comes."""
    laptop, desktop = two
    laptop.run("contact", "add", "Cy Diaz")
    cy = laptop.contact_id("Cy Diaz")
    laptop.run("give", str(cy), "an article on hiring", "--kind", "article")
    laptop.sync()
    desktop.sync()
    there = desktop.json("contact", "show", str(desktop.contact_id("Cy Diaz")))
    assert [g["text"] for g in there["gives"]] == ["an article on hiring"]
