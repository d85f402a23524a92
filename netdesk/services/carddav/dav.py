"""CardDAV (RFC 6352) through the `caldav` package's DAV client: its requests, its XML elements (the few
CardDAV ones it lacks are declared here on its `BaseElement`) and its multistatus parser.

The address book is found under the principal's addressbook-home-set by display name or by the last
segment of its path, or made there (extended MKCOL, RFC 5689). Changes come from one sync-collection
REPORT (RFC 6578), or a Depth 1 PROPFIND of ETags where the server has no sync tokens; bodies from
addressbook-multiget REPORTs, a hundred cards each. Writes are conditional, always.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar
from urllib.parse import quote, unquote, urlsplit

import caldav
from caldav.elements import dav
from caldav.elements.base import BaseElement, ValuedBaseElement

from netdesk.services.sync.connection import SyncError

CARDDAV = "urn:ietf:params:xml:ns:carddav"
CONTENT_TYPE = "text/vcard; charset=utf-8"
ACCEPTED = (200, 201, 204)
MULTIGET = 100


class AddressbookHomeSet(BaseElement):
    tag: ClassVar[str] = f"{{{CARDDAV}}}addressbook-home-set"


class Addressbook(BaseElement):
    tag: ClassVar[str] = f"{{{CARDDAV}}}addressbook"


class AddressData(BaseElement):
    tag: ClassVar[str] = f"{{{CARDDAV}}}address-data"


class AddressbookMultiget(BaseElement):
    tag: ClassVar[str] = f"{{{CARDDAV}}}addressbook-multiget"


class AddressbookDescription(ValuedBaseElement):
    tag: ClassVar[str] = f"{{{CARDDAV}}}addressbook-description"


class ExtendedMkcol(BaseElement):
    tag: ClassVar[str] = "{DAV:}mkcol"


def path_of(url: str) -> str:
    return unquote(urlsplit(str(url)).path)


def _refused(what: str, response) -> SyncError:
    return SyncError(f"the server refused {what}: {response.status} {response.reason or ''}".rstrip())


def _children(client: caldav.DAVClient, url: str) -> dict[str, dict]:
    query = dav.Propfind() + [dav.Prop() + [dav.ResourceType(), dav.DisplayName()]]
    response = client.propfind(url, str(query), depth=1)
    if response.status not in (207, 200):
        raise _refused(f"listing {url}", response)
    return response.find_objects_and_props()


def _is_book(props: dict) -> bool:
    kind = props.get(dav.ResourceType.tag)
    return kind is not None and kind.find(Addressbook.tag) is not None


def _name(props: dict) -> str:
    shown = props.get(dav.DisplayName.tag)
    return (shown.text or "").strip() if shown is not None else ""


def home(client: caldav.DAVClient) -> str:
    principal = client.principal()
    query = dav.Propfind() + [dav.Prop() + [AddressbookHomeSet()]]
    response = client.propfind(str(principal.url), str(query), depth=0)
    for props in response.find_objects_and_props().values():
        found = props.get(AddressbookHomeSet.tag)
        if found is not None:
            href = found.find(dav.Href.tag)
            if href is not None and href.text:
                return str(client.url.join(href.text.strip()))
    return str(principal.url)  # servers that keep address books beside calendars (Radicale does both)


def books(client: caldav.DAVClient) -> list[tuple[str, str]]:
    """(name, URL) of every address book under the addressbook-home-set; the name is the display name, or
    the last segment of the path where there is none (what `find_or_make` matches)."""
    root = home(client)
    found = []
    for href, props in _children(client, root).items():
        if _is_book(props):
            found.append((_name(props) or href.rstrip("/").rsplit("/", 1)[-1], str(client.url.join(quote(href)))))
    return sorted(found, key=lambda b: (b[0].casefold(), b[1]))


def find_or_make(client: caldav.DAVClient, name: str) -> str:
    """The URL of the address book called `name` (display name, or its path's last segment)."""
    root = home(client)
    books = {href: props for href, props in _children(client, root).items() if _is_book(props)}
    for href, props in books.items():
        if name in (_name(props), href.rstrip("/").rsplit("/", 1)[-1]):
            return str(client.url.join(quote(href)))
    url = f"{root.rstrip('/')}/{quote(name, safe='')}/"
    body = ExtendedMkcol() + [dav.Set() + [dav.Prop() + [dav.ResourceType() + [dav.Collection(), Addressbook()],
                                                         dav.DisplayName(name)]]]
    response = client.request(url, "MKCOL", str(body), {"Content-Type": 'application/xml; charset="utf-8"'})
    if response.status not in (200, 201):
        raise _refused(f"making the address book {name!r} (make it on the server, or name an existing one)",
                       response)
    return url


@dataclass
class Listing:
    changed: dict[str, str | None] = field(default_factory=dict)  # path -> etag
    deleted: list[str] = field(default_factory=list)  # paths
    token: str | None = None
    full: bool = False  # every member listed: a member not listed is gone


def changes(client: caldav.DAVClient, url: str, token: str | None) -> Listing:
    """What changed since `token`; a full listing where there is none, or the server lacks (or forgot) it."""
    if token is not None:
        query = dav.SyncCollection() + [dav.SyncToken(value=token), dav.SyncLevel(value="1"), dav.Prop() + [dav.GetEtag()]]
        response = client.report(url, str(query), depth=0)
        if response.status == 207:
            return listing(response, url, full=False)
    query = dav.SyncCollection() + [dav.SyncToken(), dav.SyncLevel(value="1"), dav.Prop() + [dav.GetEtag()]]
    response = client.report(url, str(query), depth=0)
    if response.status == 207:
        return listing(response, url, full=True)
    query = dav.Propfind() + [dav.Prop() + [dav.GetEtag(), dav.ResourceType()]]
    response = client.propfind(url, str(query), depth=1)
    if response.status != 207:
        raise _refused(f"listing the address book {url}", response)
    return listing(response, url, full=True, token=None)


def listing(response, url: str, full: bool, token: str | None = "") -> Listing:
    """The members a sync-collection REPORT or a PROPFIND names: changed (with ETags) and deleted.
    `token` "" takes the response's own sync token."""
    objects = response.find_objects_and_props()
    out = Listing(token=getattr(response, "sync_token", None) if token == "" else token, full=full)
    own = path_of(url).rstrip("/")
    for href, props in objects.items():
        if href.rstrip("/") == own or href.endswith("/"):
            continue
        status = response.statuses.get(href) or ""
        etag = props.get(dav.GetEtag.tag)
        if " 404 " in status or (etag is None and not props):
            out.deleted.append(href)
        else:
            out.changed[href] = etag.text if etag is not None else None
    return out


def bodies(client: caldav.DAVClient, url: str, paths: list[str]) -> dict[str, tuple[str | None, str]]:
    """path -> (etag, vCard text), a multiget per hundred; a card gone meanwhile is left out."""
    out: dict[str, tuple[str | None, str]] = {}
    for start in range(0, len(paths), MULTIGET):
        chunk = paths[start:start + MULTIGET]
        query = AddressbookMultiget() + [dav.Prop() + [dav.GetEtag(), AddressData()],
                                         *[dav.Href(value=quote(p)) for p in chunk]]
        response = client.report(url, str(query), depth=1)
        if response.status != 207:
            for path in chunk:  # a server without multiget: one GET each
                got = get(client, path)
                if got is not None:
                    out[path] = got
            continue
        for href, props in response.find_objects_and_props().items():
            data = props.get(AddressData.tag)
            if data is not None and data.text:
                etag = props.get(dav.GetEtag.tag)
                out[href] = (etag.text if etag is not None else None, data.text)
    return out


def get(client: caldav.DAVClient, path: str) -> tuple[str | None, str] | None:
    """(etag, text) of one card, or None when it is gone."""
    response = client.request(str(client.url.join(quote(path))), "GET", "", {"Accept": "text/vcard, text/x-vcard"})
    if response.status == 404 or response.status == 410:
        return None
    if response.status not in ACCEPTED:
        raise _refused(f"reading {path}", response)
    return response.headers.get("ETag"), response.raw


def put(client: caldav.DAVClient, path: str, text: str, etag: str | None, new: bool) -> tuple[int, str | None]:
    """(status, new etag). `new`: If-None-Match: *; else If-Match the last known ETag."""
    condition = {"If-None-Match": "*"} if new else ({"If-Match": etag} if etag else {})
    response = client.put(str(client.url.join(quote(path))), text, {"Content-Type": CONTENT_TYPE, **condition})
    if response.status in ACCEPTED:
        return response.status, response.headers.get("ETag")
    if response.status in (412, 404):
        return response.status, None
    raise _refused(f"the upload of {path}", response)


def delete(client: caldav.DAVClient, path: str, etag: str | None) -> int:
    headers = {"If-Match": etag} if etag else {}
    response = client.request(str(client.url.join(quote(path))), "DELETE", "", headers)
    if response.status in (*ACCEPTED, 404, 410, 412):
        return response.status
    raise _refused(f"the removal of {path}", response)


def href_for(book_url: str, uid: str) -> str:
    """A new card's path, from its UID (so a PUT repeated after a crash meets its own first copy)."""
    name = uid.removeprefix("urn:uuid:").replace("/", "_")
    return f"{path_of(book_url).rstrip('/')}/{name}.vcf"

