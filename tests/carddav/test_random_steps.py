"""Random sequences of edits and deletes on both sides, synced in between, in-process against a real Radicale
(the phone: vobject over caldav's DAVClient). After any sequence the two sides agree (or disagree only in a
conflict that waits for the user), nothing is doubled, a tag netdesk added is on the card and an email the
phone added is on the contact, and a second sync changes nothing."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netdesk.domain.sync_account import Account
from netdesk.services import contact_edit, contacts
from netdesk.services.carddav.run import sync_contacts
from netdesk.store import accounts as account_store
from netdesk.store import card_sync
from netdesk.store.db import close_store, open_store, transaction
from tests.carddav.conftest import Phone
from tests.sync.servers import USER, dav_client

TODAY = dt.date(2026, 12, 2)
NAMES = ("Grace Hopper", "Alan Turing", "Ada Lovelace")
VALUES = st.sampled_from(["a", "b", "c"])
STEP = st.one_of(
    st.tuples(st.just("phone_title"), st.integers(0, 2), VALUES),
    st.tuples(st.just("phone_email"), st.integers(0, 2), VALUES),
    st.tuples(st.just("phone_delete"), st.integers(0, 2), st.just("")),
    st.tuples(st.just("local_title"), st.integers(0, 2), VALUES),
    st.tuples(st.just("local_tag"), st.integers(0, 2), VALUES),
    st.tuples(st.just("local_delete"), st.integers(0, 2), st.just("")),
    st.tuples(st.just("sync"), st.just(0), st.just("")),
)
counter = itertools.count()


def _local(name: str) -> int | None:
    found = [c for c in contacts.list_contacts() if c.name == name]
    return found[0].id if found else None


def _run(client, account):
    return sync_contacts(client, account, today=TODAY, allow_mass_delete=True)


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, min_size=1, max_size=7))
def test_random_steps_lose_nothing_and_settle(radicale, tmp_path, steps):
    n = next(counter)
    book = f"rand-{uuid.uuid4().hex[:8]}"
    phone = Phone(radicale.url, book)
    phone.make(book)
    open_store(tmp_path / f"store-{n}.sqlite3")
    try:
        for name in NAMES:
            contacts.add_contact(name, today=TODAY, emails=[f"{name.split()[0].lower()}@example.org"])
        with transaction():
            account_store.add(Account(0, "home", radicale.url, USER, f"cal-{book}", "", addressbook=book))
        account = account_store.by_name("home")
        client = dav_client(radicale.url)
        _run(client, account)
        deleted: set[str] = set()
        tags: dict[str, set[str]] = {}
        emails: dict[str, set[str]] = {}
        for kind, i, value in steps:
            name = NAMES[i]
            uids = {c.fn.value: u for u, c in phone.cards().items()}
            cid = _local(name)
            if kind == "sync":
                _run(client, account)
            elif kind.startswith("phone") and name in uids:
                if kind == "phone_delete":
                    phone.delete(uids[name])
                    deleted.add(name)
                elif kind == "phone_title":
                    phone.edit(uids[name], lambda c, v=value: (c.contents.pop("title", None),
                                                               c.add("title").__setattr__("value", v)))
                else:
                    address = f"{value}{next(counter)}@phone.example"
                    phone.edit(uids[name], lambda c, a=address: c.add("email").__setattr__("value", a))
                    emails.setdefault(name, set()).add(address)
            elif kind.startswith("local") and cid is not None:
                if kind == "local_delete":
                    contact_edit.delete_contact(cid, today=TODAY)
                    deleted.add(name)
                elif kind == "local_title":
                    contact_edit.update_fields(cid, {"title": value}, today=TODAY)
                else:
                    tag = f"{value}{next(counter)}"
                    now = contact_edit.current_values(cid, ["tags"])["tags"]
                    contact_edit.update_fields(cid, {"tags": [*now, tag]}, today=TODAY)
                    tags.setdefault(name, set()).add(tag)
        _run(client, account)
        settled = _run(client, account)
        assert (settled.pushed, settled.pulled, settled.archived) == (0, 0, 0), (steps, settled)
        cards = {c.fn.value: c for c in phone.cards().values()}  # a UID twice fails here
        local = {c.name: c for c in contacts.list_contacts()}
        assert sorted(cards) == sorted(local), steps
        open_conflicts = {(c.contact_id, c.field): c for c in card_sync.conflicts(account.id)}
        for name, contact in local.items():
            card = cards[name]
            title = card.title.value if "title" in card.contents else ""
            conflict = open_conflicts.get((contact.id, "title"))
            assert contact.title == title or (conflict and (conflict.local, conflict.remote) == (contact.title, title)), \
                (steps, name, contact.title, title, json.dumps([c.__dict__ for c in open_conflicts.values()],
                                                               default=str))
            if name not in deleted:
                on_card = set(card.categories.value) if "categories" in card.contents else set()
                assert tags.get(name, set()) <= set(contact.tags) and tags.get(name, set()) <= on_card, steps
                assert emails.get(name, set()) <= set(contact.emails), steps
    finally:
        close_store()
