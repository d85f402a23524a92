"""Edits on both sides, deletes against edits, a wiped address book, unknown properties and photos, against a
real Radicale (and the merge round also against Xandikos); the phone is vobject over caldav's DAVClient."""

from __future__ import annotations

import base64
import json

import pytest
import vobject

from tests.carddav.conftest import Phone, add_account, contacts, phone_for, sync
from tests.exchange.vcard_clients import ezvcard_check

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def by_name(nd) -> dict[str, dict]:
    return {c["name"]: c for c in contacts(nd)}


def cards_by_fn(phone: Phone) -> dict[str, vobject.base.Component]:
    return {c.fn.value: c for c in phone.cards().values()}


def start(nd, server, book_name, *names: str) -> Phone:
    phone = phone_for(server, book_name)
    phone.make(book_name)
    for name in names:
        assert nd("contact", "add", name, "--email", f"{name.split()[0].lower()}@example.org").returncode == 0
    add_account(nd, server.url, book_name)
    first = sync(nd)
    assert first["errors"] == [], first
    return phone


def edits_both_ways(nd, server, book_name) -> None:
    phone = start(nd, server, book_name, "Grace Hopper", "Alan Turing")
    assert sync(nd)["pushed"] == 0
    # Different fields: the phone adds an email and a title, netdesk a tag and how-we-met.
    phone.edit(next(u for u, c in phone.cards().items() if c.fn.value == "Grace Hopper"),
               lambda c: (c.add("email").__setattr__("value", "grace@navy.mil"), c.add("title").__setattr__(
                   "value", "Rear Admiral")))
    assert nd("contact", "set", "Grace Hopper", "--tag", "navy", "--how-met", "COBOL meeting").returncode == 0
    merged = sync(nd)
    assert merged["conflicts"] == 0 and merged["errors"] == [], merged
    grace = by_name(nd)["Grace Hopper"]
    assert set(grace["emails"]) == {"grace@example.org", "grace@navy.mil"}
    assert grace["title"] == "Rear Admiral" and grace["tags"] == ["navy"] and grace["how_met"] == "COBOL meeting"
    card = cards_by_fn(phone)["Grace Hopper"]
    assert {e.value for e in card.contents["email"]} == {"grace@example.org", "grace@navy.mil"}
    assert card.contents["categories"][0].value == ["navy"]
    assert card.contents["x-netdesk-how-met"][0].value == "COBOL meeting"
    assert card.title.value == "Rear Admiral"
    quiet = sync(nd)
    assert (quiet["pushed"], quiet["pulled"], quiet["conflicts"]) == (0, 0, 0), quiet
    # The same field both ways: one conflict, local kept, the server's copy not overwritten.
    alan_uid = next(u for u, c in phone.cards().items() if c.fn.value == "Alan Turing")
    phone.edit(alan_uid, lambda c: c.add("title").__setattr__("value", "Codebreaker"))
    assert nd("contact", "set", "Alan Turing", "--title", "Mathematician").returncode == 0
    clash = sync(nd)
    assert clash["conflicts"] == 1, clash
    [conflict] = json.loads(nd("conflicts", "--json").stdout)
    assert (conflict["field"], conflict["local"], conflict["remote"]) == ("title", "Mathematician", "Codebreaker")
    assert by_name(nd)["Alan Turing"]["title"] == "Mathematician"
    assert phone.cards()[alan_uid].title.value == "Codebreaker"
    assert sync(nd)["conflicts"] == 1  # it waits, and nothing moves
    assert phone.cards()[alan_uid].title.value == "Codebreaker"
    assert nd("conflict", "resolve", str(conflict["id"]), "local").returncode == 0
    settled = sync(nd)
    assert settled["conflicts"] == 0 and settled["pushed"] == 1, settled
    assert phone.cards()[alan_uid].title.value == "Mathematician"
    assert sync(nd)["pushed"] == 0


def test_edits_both_ways_merge_and_conflict(nd, radicale, book_name):
    edits_both_ways(nd, radicale, book_name)


def test_edits_both_ways_against_xandikos(nd, xandikos, book_name):
    edits_both_ways(nd, xandikos, book_name)


def test_deleted_on_the_phone_is_archived_and_an_edit_beats_a_delete(nd, radicale, book_name):
    phone = start(nd, radicale, book_name, "Grace Hopper", "Alan Turing", "Ada Lovelace")
    assert nd("log", "Grace Hopper", "call", "--on", "2026-11-01").returncode == 0
    uids = {c.fn.value: u for u, c in phone.cards().items()}
    phone.delete(uids["Grace Hopper"])  # untouched in netdesk: archived, history kept
    phone.delete(uids["Alan Turing"])  # but edited in netdesk: the edit wins, the card comes back
    assert nd("contact", "set", "Alan Turing", "--title", "Mathematician").returncode == 0
    out = sync(nd)
    assert out["archived"] == 1 and out["errors"] == [], out
    assert "Grace Hopper" not in by_name(nd)
    archived = json.loads(nd("contact", "list", "--archived", "--json").stdout)
    assert [c["name"] for c in archived] == ["Grace Hopper"]
    shown = nd("contact", "show", "Grace Hopper", "--json")
    assert shown.returncode == 0 and "2026-11-01" in shown.stdout
    cards = cards_by_fn(phone)
    assert sorted(cards) == ["Ada Lovelace", "Alan Turing"] and cards["Alan Turing"].title.value == "Mathematician"
    # Deleted in netdesk while the phone edits it: the phone's edit wins and comes back to netdesk, once.
    phone.edit(uids["Ada Lovelace"], lambda c: c.add("note").__setattr__("value", "the first programmer"))
    ada_id = by_name(nd)["Ada Lovelace"]["id"]
    assert nd("contact", "delete", str(ada_id), "--yes").returncode == 0 or nd(
        "contact", "delete", str(ada_id)).returncode == 0
    back = sync(nd)
    assert back["errors"] == [], back
    assert by_name(nd)["Ada Lovelace"]["notes"] == "the first programmer"
    assert sorted(cards_by_fn(phone)) == ["Ada Lovelace", "Alan Turing"]
    for _ in range(2):
        quiet = sync(nd)
        assert (quiet["pushed"], quiet["pulled"], quiet["archived"]) == (0, 0, 0), quiet
    # Restored in netdesk: back on the server.
    assert nd("contact", "restore", "Grace Hopper").returncode == 0
    sync(nd)
    assert sorted(cards_by_fn(phone)) == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]


def test_deleted_in_netdesk_is_deleted_on_the_server(nd, radicale, book_name):
    phone = start(nd, radicale, book_name, "Grace Hopper", "Alan Turing")
    grace = by_name(nd)["Grace Hopper"]["id"]
    done = nd("contact", "delete", str(grace), "--yes")
    assert done.returncode == 0, done.stderr
    out = sync(nd)
    assert out["pushed"] == 1, out
    assert sorted(cards_by_fn(phone)) == ["Alan Turing"]


def test_a_wiped_address_book_stops_the_sync_and_asks(nd, radicale, book_name):
    names = [f"Person {chr(65 + i)} Example" for i in range(14)]
    phone = start(nd, radicale, book_name, *names)
    assert len(phone.cards()) == 14
    phone.wipe()
    stopped = sync(nd, ok=False)
    assert stopped["code"] == 1 and "--allow-mass-delete" in stopped["stderr"], stopped
    assert len(contacts(nd)) == 14  # nothing archived
    assert len(contacts(nd)) == 14 and sync(nd, ok=False)["code"] == 1  # and it keeps asking
    confirmed = sync(nd, "--allow-mass-delete")
    assert confirmed["archived"] == 14, confirmed
    assert contacts(nd) == []


def test_unknown_properties_and_photos_survive_a_netdesk_edit(nd, radicale, book_name, tmp_path):
    phone = Phone(radicale.url, book_name)
    phone.make(book_name)
    card = vobject.vCard()
    card.add("version").value = "3.0"
    card.add("uid").value = "phone-card-1"
    card.add("fn").value = "Grace Hopper"
    card.add("n").value = vobject.vcard.Name(family="Hopper", given="Grace")
    card.add("email").value = "grace@example.org"
    card.add("x-phone-app-ringtone").value = "Reveille"
    card.add("nickname").value = "Amazing Grace"
    photo = card.add("photo")
    photo.value = PNG
    photo.encoding_param = "b"
    photo.type_param = "PNG"
    phone.put(card)
    add_account(nd, radicale.url, book_name)
    assert sync(nd)["pulled"] == 1
    assert nd("contact", "set", "Grace Hopper", "--tag", "navy").returncode == 0
    assert sync(nd)["pushed"] == 1
    [back] = phone.cards().values()
    assert back.uid.value == "phone-card-1"
    assert back.contents["x-phone-app-ringtone"][0].value == "Reveille"
    assert back.nickname.value == "Amazing Grace"
    assert back.categories.value == ["navy"]
    data = back.photo.value
    if isinstance(data, str) and data.startswith("data:"):
        data = base64.b64decode(data.split(",", 1)[1])
    assert data == PNG
    quiet = sync(nd)
    assert (quiet["pushed"], quiet["pulled"]) == (0, 0), quiet
    # What netdesk wrote, as the server holds it, passes a strict 4.0 reader with the photo whole.
    [path] = phone.hrefs()
    written = tmp_path / "written.vcf"
    written.write_bytes(phone.dav.request(phone._full(path), "GET", "", {"Accept": "text/vcard"}).raw.encode())
    problems, photos = ezvcard_check(written, "4.0")
    assert problems == [] and photos == {1: [PNG]}, (problems, written.read_text())


pytestmark = pytest.mark.slow


def test_a_card_netdesk_made_and_the_phone_deleted_is_archived_on_xandikos(nd, xandikos, book_name):
    # Xandikos leaves a card made and deleted since a token out of that token's listing: the token must
    # move past netdesk's own uploads, or this deletion would never be seen.
    phone = start(nd, xandikos, book_name, "Grace Hopper", "Alan Turing")
    uids = {c.fn.value: u for u, c in phone.cards().items()}
    phone.delete(uids["Grace Hopper"])
    out = sync(nd)
    assert out["archived"] == 1 and out["errors"] == [], out
    assert sorted(by_name(nd)) == ["Alan Turing"]


def test_a_card_put_back_on_the_phone_restores_the_archived_contact(nd, radicale, book_name):
    phone = start(nd, radicale, book_name, "Grace Hopper", "Alan Turing")
    cards = phone.cards()
    uid = next(u for u, c in cards.items() if c.fn.value == "Grace Hopper")
    path = phone.paths[uid]
    phone.delete(uid)
    assert sync(nd)["archived"] == 1
    phone.put(cards[uid], path)  # the phone's "undo delete": the same card, the same UID
    back = sync(nd)
    assert back["errors"] == [], back
    assert sorted(by_name(nd)) == ["Alan Turing", "Grace Hopper"]
    assert json.loads(nd("contact", "list", "--archived", "--json").stdout) == []
    assert len(phone.cards()) == 2
    quiet = sync(nd)
    assert (quiet["pushed"], quiet["pulled"], quiet["archived"]) == (0, 0, 0), quiet
