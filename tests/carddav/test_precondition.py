"""A 412 for real: the phone edits the card between netdesk's pull and its conditional PUT. netdesk fetches the
server's copy, merges it with its own edit (different fields: both kept) and writes with the new ETag."""

from __future__ import annotations

import datetime as dt
import uuid

from netdesk.domain.sync_account import Account
from netdesk.services import contact_edit, contacts
from netdesk.services.carddav import dav
from netdesk.services.carddav.run import sync_contacts
from netdesk.store import accounts as account_store
from netdesk.store.db import transaction
from tests.carddav.conftest import Phone
from tests.sync.servers import USER, dav_client

TODAY = dt.date(2026, 12, 2)


def test_a_phone_edit_racing_the_push_is_merged_not_overwritten(radicale, store, monkeypatch):
    book = f"race-{uuid.uuid4().hex[:8]}"
    phone = Phone(radicale.url, book)
    phone.make(book)
    grace = contacts.add_contact("Grace Hopper", today=TODAY, emails=["grace@example.org"]).contact.id
    with transaction():
        account_store.add(Account(0, "home", radicale.url, USER, f"cal-{book}", "", addressbook=book))
    account = account_store.by_name("home")
    client = dav_client(radicale.url)
    sync_contacts(client, account, today=TODAY)
    [uid] = phone.cards()
    contact_edit.update_fields(grace, {"title": "Rear Admiral"}, today=TODAY)
    real_put = dav.put
    statuses = []

    def phone_edits_first(client_, path, text, etag, new):
        if not statuses:  # once: the phone's write lands between netdesk's listing and its PUT
            phone.edit(uid, lambda c: c.add("note").__setattr__("value", "from the phone"))
        status, new_etag = real_put(client_, path, text, etag, new)
        statuses.append(status)
        return status, new_etag

    monkeypatch.setattr(dav, "put", phone_edits_first)
    out = sync_contacts(client, account, today=TODAY)
    assert statuses[0] == 412 and statuses[-1] in (200, 201, 204), statuses
    assert out.conflicts == 0
    card = phone.cards()[uid]
    assert card.title.value == "Rear Admiral" and card.note.value == "from the phone"
    assert contacts.get(grace).notes == "from the phone" and contacts.get(grace).title == "Rear Admiral"
    monkeypatch.setattr(dav, "put", real_put)
    quiet = sync_contacts(client, account, today=TODAY)
    assert (quiet.pushed, quiet.pulled) == (0, 0)


def test_a_sync_with_nothing_changed_costs_one_report(radicale, store):
    book = f"quiet-{uuid.uuid4().hex[:8]}"
    Phone(radicale.url, book).make(book)
    for name in ("Grace Hopper", "Alan Turing", "Ada Lovelace"):
        contacts.add_contact(name, today=TODAY, emails=[f"{name.split()[0].lower()}@example.org"])
    with transaction():
        account_store.add(Account(0, "home", radicale.url, USER, f"cal-{book}", "", addressbook=book))
    account = account_store.by_name("home")
    client = dav_client(radicale.url)
    first = sync_contacts(client, account, today=TODAY)
    assert first.pushed == 3
    methods: list[str] = []
    real = client.request

    def counted(url, method="GET", body="", headers=None):
        methods.append(method)
        return real(url, method, body, headers)

    client.request = counted
    quiet = sync_contacts(client, account, today=TODAY)
    assert (quiet.pushed, quiet.pulled, methods) == (0, 0, ["REPORT"])
    contact_edit.update_fields(contacts.list_contacts()[0].id, {"title": "Admiral"}, today=TODAY)
    methods.clear()
    one = sync_contacts(client, account, today=TODAY)
    assert (one.pushed, methods) == (1, ["REPORT", "PUT"])
