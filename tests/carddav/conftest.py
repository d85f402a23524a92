"""Real Radicale and Xandikos on 127.0.0.1 (tests/sync's servers), and an independent CardDAV client playing the
user's phone: the caldav package's DAVClient for the requests and vobject for the cards, nothing of netdesk."""

from __future__ import annotations

import json
import uuid
from urllib.parse import quote, unquote, urlsplit

import pytest
import vobject

from tests.sync.conftest import nd, radicale, sync_env, xandikos  # noqa: F401  (fixtures)
from tests.sync.servers import PASSWORD, USER, Xandikos, dav_client

MKCOL = ('<?xml version="1.0" encoding="utf-8"?><D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">'
         "<D:set><D:prop><D:resourcetype><D:collection/><C:addressbook/></D:resourcetype>"
         "<D:displayname>{name}</D:displayname></D:prop></D:set></D:mkcol>")
LIST = ('<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop>'
        "</D:propfind>")


class Phone:
    """The phone's address book: cards by UID, written and read with vobject."""

    def __init__(self, server_url: str, book: str, home: str = USER) -> None:
        """`home`: the addressbook-home-set (Radicale: the principal; Xandikos: its contacts folder)."""
        self.dav = dav_client(server_url)
        self.url = f"{server_url.rstrip('/')}/{home}/{book}/"

    def make(self, name: str) -> None:
        done = self.dav.request(self.url, "MKCOL", MKCOL.format(name=name), {"Content-Type": "application/xml"})
        assert done.status in (200, 201), (done.status, done.raw)

    def hrefs(self) -> dict[str, str]:
        """path -> etag of every card."""
        done = self.dav.propfind(self.url, LIST, depth=1)
        assert done.status == 207, done.status
        own = unquote(urlsplit(self.url).path).rstrip("/")
        return {href: props["{DAV:}getetag"].text for href, props in done.find_objects_and_props().items()
                if href.rstrip("/") != own and "{DAV:}getetag" in props}

    def cards(self) -> dict[str, vobject.base.Component]:
        """uid -> card (a UID twice fails the test: that is a duplicate)."""
        out: dict[str, vobject.base.Component] = {}
        self.paths = {}
        for href in self.hrefs():
            got = self.dav.request(self._full(href), "GET", "", {"Accept": "text/vcard"})
            card = vobject.readOne(got.raw)
            uid = card.uid.value
            assert uid not in out, f"two cards with UID {uid}"
            out[uid] = card
            self.paths[uid] = href
        return out

    def _full(self, path: str) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}{quote(path)}"

    def put(self, card: vobject.base.Component, path: str | None = None) -> None:
        path = path or f"{unquote(urlsplit(self.url).path)}{uuid.uuid4().hex}.vcf"
        done = self.dav.put(self._full(path), card.serialize(), {"Content-Type": "text/vcard; charset=utf-8"})
        assert done.status in (200, 201, 204), (done.status, done.raw)

    def new(self, name: str, *emails: str, **extra: str) -> str:
        card = vobject.vCard()
        card.add("version").value = "3.0"
        uid = f"phone-{uuid.uuid4().hex[:10]}"
        card.add("uid").value = uid
        card.add("fn").value = name
        family, _, given = name.rpartition(" ")[::-1] if " " in name else ("", "", name)
        card.add("n").value = vobject.vcard.Name(family=name.split()[-1], given=" ".join(name.split()[:-1]))
        for address in emails:
            line = card.add("email")
            line.value = address
            line.type_param = "INTERNET"
        for key, value in extra.items():
            card.add(key.replace("_", "-")).value = value
        self.put(card)
        return uid

    def edit(self, uid: str, change) -> None:
        cards = self.cards()
        card = cards[uid]
        change(card)
        self.put(card, self.paths[uid])

    def delete(self, uid: str) -> None:
        self.cards()
        done = self.dav.request(self._full(self.paths[uid]), "DELETE")
        assert done.status in (200, 204), done.status

    def wipe(self) -> None:
        for href in self.hrefs():
            assert self.dav.request(self._full(href), "DELETE").status in (200, 204)


def phone_for(server, book: str) -> Phone:
    return Phone(server.url, book, f"{USER}/contacts" if isinstance(server, Xandikos) else USER)


@pytest.fixture
def book_name() -> str:
    return f"book-{uuid.uuid4().hex[:8]}"


def add_account(run, server_url: str, book: str, *, name: str = "home"):
    done = run("account", "add", name, "--url", server_url, "--user", USER, "--password-stdin", "--calendar",
              f"cal-{book}", "--addressbook", book, "--json", input=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    return done


def sync(run, *extra: str, ok: bool = True) -> dict:
    done = run("sync", "--json", *extra)
    out = json.loads(done.stdout) if done.stdout.strip() else {}
    if ok:
        assert done.returncode == 0, (done.stderr, out)
        return out["accounts"][0]
    return {"code": done.returncode, "stderr": done.stderr, **(out["accounts"][0] if out else {})}


def contacts(run) -> list[dict]:
    done = run("contact", "list", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
