"""The history's VJOURNAL collection over CalDAV, through the `caldav` package's client and elements.

The collection is found among the principal's calendars by display name or by the last segment of its
path, or made (MKCALENDAR asking for VJOURNAL only). Whether the server stores VJOURNAL there is read
from its `supported-calendar-component-set` (RFC 4791 5.2.3). Changes come from one sync-collection
REPORT (the same listing as contacts), bodies from calendar-multiget REPORTs; writes are conditional.
"""

from __future__ import annotations

from urllib.parse import quote

import caldav
from caldav.elements import cdav, dav

from netdesk.services.carddav.dav import Listing, listing, path_of
from netdesk.services.sync.connection import SyncError

CONTENT_TYPE = 'text/calendar; charset="utf-8"'
ACCEPTED = (200, 201, 204)
MULTIGET = 100

__all__ = ["Listing", "bodies", "changes", "delete", "find_or_make", "get", "href_for", "path_of", "put"]


def _refused(what: str, response) -> SyncError:
    status = f"{response.status} {response.reason or ''}".rstrip()
    if response.status >= 500:
        return SyncError(f"the server had a problem with {what} ({status}); the history stays waiting for the "
                         "next sync")
    return SyncError(f"the server refused {what}: {status}")


def _supports_journal(calendar: caldav.Calendar) -> bool:
    try:
        found = calendar.get_supported_components()
    except Exception:  # noqa: BLE001 - a server that does not say: RFC 4791 means every component then
        return True
    return not found or "VJOURNAL" in {str(c).upper() for c in found}


def find_or_make(client: caldav.DAVClient, name: str) -> tuple[str, bool]:
    """(URL, whether it stores VJOURNAL) of the calendar called `name`, made when there is none."""
    principal = client.principal()
    for calendar in principal.calendars():
        segment = str(calendar.url).rstrip("/").rsplit("/", 1)[-1]
        if name in (calendar.get_display_name(), segment):
            return str(calendar.url), _supports_journal(calendar)
    try:
        made = principal.make_calendar(name=name, supported_calendar_component_set=["VJOURNAL"])
    except caldav.lib.error.DAVError as e:
        return "", False if "VJOURNAL" in str(e) else _raise(name, e)
    return str(made.url), _supports_journal(made)


def _raise(name: str, error: Exception) -> bool:
    raise SyncError(f"the server refused to make the history calendar {name!r}: {error}") from error


def _report(client: caldav.DAVClient, url: str, token: str | None):
    query = dav.SyncCollection() + [dav.SyncToken(value=token) if token else dav.SyncToken(), dav.SyncLevel(value="1"),
                                    dav.Prop() + [dav.GetEtag()]]
    try:
        response = client.report(url, str(query), depth=0)
    except caldav.lib.error.DAVError:  # caldav raises on a 403 (RFC 6578 3.2: no such report here)
        return None
    return response if response.status == 207 else None


def changes(client: caldav.DAVClient, url: str, token: str | None) -> Listing:
    """What changed since `token`; a full listing where there is none, or the server lacks (or forgot) it."""
    response = _report(client, url, token) if token else None
    full = response is None
    if response is None:
        response = _report(client, url, None)
    token_now = getattr(response, "sync_token", None) if response is not None else None
    if response is None:
        query = dav.Propfind() + [dav.Prop() + [dav.GetEtag(), dav.ResourceType()]]
        response = client.propfind(url, str(query), depth=1)
        if response.status != 207:
            raise _refused(f"listing the history calendar {url}", response)
    return listing(response, url, full=full, token=token_now)


def bodies(client: caldav.DAVClient, url: str, paths: list[str]) -> dict[str, tuple[str | None, str]]:
    """path -> (etag, calendar text), a multiget per hundred; an object gone meanwhile is left out."""
    out: dict[str, tuple[str | None, str]] = {}
    for start in range(0, len(paths), MULTIGET):
        chunk = paths[start:start + MULTIGET]
        query = cdav.CalendarMultiGet() + [dav.Prop() + [dav.GetEtag(), cdav.CalendarData()],
                                           *[dav.Href(value=quote(p)) for p in chunk]]
        response = client.report(url, str(query), depth=1)
        if response.status != 207:
            for path in chunk:
                got = get(client, path)
                if got is not None:
                    out[path] = got
            continue
        for href, props in response.find_objects_and_props().items():
            data = props.get(cdav.CalendarData.tag)
            if data is not None and data.text:
                etag = props.get(dav.GetEtag.tag)
                out[href] = (etag.text if etag is not None else None, data.text)
    return out


def get(client: caldav.DAVClient, path: str) -> tuple[str | None, str] | None:
    response = client.request(str(client.url.join(quote(path))), "GET", "", {"Accept": "text/calendar"})
    if response.status in (404, 410):
        return None
    if response.status not in ACCEPTED:
        raise _refused(f"reading {path}", response)
    raw = response.raw
    return response.headers.get("ETag"), raw.decode("utf-8") if isinstance(raw, bytes) else raw


def put(client: caldav.DAVClient, path: str, body: bytes, etag: str | None, new: bool) -> tuple[int, str | None]:
    """(status, new etag); 412 or 404 when the server's copy is not the one netdesk knew."""
    condition = {"If-None-Match": "*"} if new else ({"If-Match": etag} if etag else {})
    response = client.put(str(client.url.join(quote(path))), body.decode("utf-8"),
                          {"Content-Type": CONTENT_TYPE, **condition})
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


def href_for(url: str, uid: str) -> str:
    """A record's path from its UID, so a PUT repeated after a crash meets its own first copy (a 412)."""
    return f"{path_of(url).rstrip('/')}/{quote(uid, safe='')}.ics"
