"""Issue 20 item 5: the CardDAV round trip keeps a contact's anniversary of working together (a real Radicale on
127.0.0.1; the phone is tests/carddav's independent client, caldav's DAVClient and vobject)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.carddav.conftest import add_account, book_name, phone_for, sync  # noqa: F401  (book_name: fixture)
from tests.sync.conftest import nd, radicale, sync_env  # noqa: F401  (fixtures)

TODAY = dt.date.today()
pytestmark = pytest.mark.slow  # a real server and the CLI a dozen times


def _anniversary_of(card) -> str | None:
    for name in ("anniversary", "x-anniversary"):
        if name in card.contents:
            return card.contents[name][0].value
    return None


def test_the_anniversary_goes_both_ways_and_survives_other_edits(nd, radicale, book_name):  # noqa: F811
    phone = phone_for(radicale, book_name)
    phone.make(book_name)
    day = TODAY + dt.timedelta(days=10)
    uid = phone.new("Grace Hopper", "grace@example.org", x_anniversary=f"2019-{day:%m-%d}")
    add_account(nd, radicale.url, book_name)
    assert sync(nd)["errors"] == []
    found = [r for r in json.loads(nd("reminders", "--all", "--json").stdout) if r["kind"] == "anniversary"]
    assert [(r["contact"], r["due"]) for r in found] == [("Grace Hopper", day.isoformat())]

    later = TODAY + dt.timedelta(days=40)
    assert nd("contact", "set", "Grace Hopper", "--anniversary", f"2020-{later:%m-%d}").returncode == 0
    pushed = sync(nd)
    # the card, and the reminder's calendar event whose day moved
    assert pushed["pushed"] == 2 and pushed["conflicts"] == 0, pushed
    assert _anniversary_of(phone.cards()[uid]).replace("-", "") == f"2020{later:%m%d}"

    phone.edit(uid, lambda c: c.add("title").__setattr__("value", "Rear Admiral"))
    merged = sync(nd)
    assert merged["conflicts"] == 0 and merged["errors"] == [], merged
    assert _anniversary_of(phone.cards()[uid]).replace("-", "") == f"2020{later:%m%d}"
    found = [r for r in json.loads(nd("reminders", "--json").stdout) if r["kind"] == "anniversary"]
    assert [(r["contact"], r["due"]) for r in found] == [("Grace Hopper", later.isoformat())]
    assert sync(nd)["pushed"] == 0
