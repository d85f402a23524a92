"""A 100k-message mbox generated into the temporary folder: read once, logged once, re-read in no time."""

from __future__ import annotations

import datetime as dt

import pytest

from bench.capture import CONTACTS, ME, write_mbox


@pytest.mark.slow
def test_a_100k_message_mbox(store, tmp_path, today):
    from netdesk.services.capture_mail import capture_mail
    from netdesk.services.contacts import add_contact
    from netdesk.store import capture as capture_store

    for i in range(CONTACTS):
        add_contact(f"Contact {i}", emails=[f"c{i * 20}@people.example"], every_days=30, today=today)
    box = tmp_path / "Inbox"
    write_mbox(box, 100_000, today)
    first = capture_mail([box], today=today, tz=dt.UTC, me=[ME])
    assert first.items == 100_000
    assert first.skipped["bulk"] == len(range(0, 100_000, 11))
    assert first.logged == first.matched > 0
    again = capture_mail([box], today=today, tz=dt.UTC, me=[ME])
    assert (again.items, again.logged) == (0, 0)
    state = capture_store.source(str(box.absolute()))
    assert state is not None and state.scanned_to == box.stat().st_size
