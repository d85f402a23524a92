"""Reaching a CalDAV server through the `caldav` package: the URL rules of SYNC.md (HTTPS with
certificate checks, plain HTTP only to loopback), RFC 6764 discovery from a plain host name, one clear
message per failure, and netdesk's own calendar collection (found or made)."""

from __future__ import annotations

import contextlib
import ipaddress
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import caldav
import niquests
from caldav.discovery import DiscoveryError, discover_caldav
from caldav.elements import cdav, ical
from caldav.lib import error as dav_error

from netdesk.errors import UserFacingError

TIMEOUT = 20  # seconds per request
COLOUR = "#2E7D6B"
DESCRIPTION = "Reminders and meetings from netdesk. netdesk rewrites everything here but completion, moved dates and deletions."


class SyncError(UserFacingError):
    """The server could not be used: nothing was changed locally, every change stays waiting."""


@dataclass(frozen=True)
class Target:
    url: str
    username: str
    password: str
    ca_cert: str = ""

    @property
    def verify(self) -> bool | str:
        return self.ca_cert or True


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> str:
    """The URL as netdesk will use it; a plain host name is discovered (RFC 6764: SRV, /.well-known)."""
    url = url.strip()
    if not url:
        raise SyncError("the account needs a server URL (--url)")
    if "://" not in url:
        host = urlsplit(f"//{url}").hostname
        if is_loopback(host):
            return check_url(f"http://{url}/")
        try:
            found = discover_caldav(url, timeout=TIMEOUT)
        except (DiscoveryError, OSError, niquests.exceptions.RequestException):
            found = None
        return check_url(found.url if found else f"https://{url}/")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise SyncError(f"{url} is not a CalDAV server URL (https://host/path)")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise SyncError(f"{url}: plain http is only allowed to this computer (127.0.0.1, ::1); use https://")
    return url


def check_ca(path: str) -> str:
    if not path:
        return ""
    resolved = Path(path).expanduser().resolve()
    if not resolved.is_file():
        raise SyncError(f"--ca-cert {path}: no such file")
    return str(resolved)


@contextlib.contextmanager
def explained(target: Target) -> Iterator[None]:
    """Turn what the network and the server say into one `error:` line a user can act on."""
    host = urlsplit(target.url).netloc
    try:
        yield
    except dav_error.AuthorizationError as e:
        raise SyncError(f"{host} refused the login for {target.username!r} (wrong user or password, or "
                        f"an app-specific password is needed): {getattr(e, 'reason', '') or 'unauthorized'}") from None
    except niquests.exceptions.SSLError as e:
        raise SyncError(f"certificate problem with {host}: {_short(e)}. A self-signed server needs --ca-cert FILE")\
            from None
    except niquests.exceptions.Timeout:
        raise SyncError(f"{host} did not answer in {TIMEOUT} s (offline or too slow)") from None
    except niquests.exceptions.ConnectionError as e:
        raise SyncError(f"cannot reach {host} (no network, or nothing listening there): {_short(e)}") from None
    except niquests.exceptions.RequestException as e:
        raise SyncError(f"cannot talk to {host}: {_short(e)}") from None
    except (dav_error.NotFoundError, dav_error.PropfindError) as e:
        raise SyncError(f"no CalDAV service at {target.url} (check the URL): {_short(e)}") from None
    except dav_error.DAVError as e:
        raise SyncError(f"{host} answered with an error: {_short(e)}") from None


def _short(e: Exception) -> str:
    text = " ".join(str(e).split())
    return text[:200] if text else type(e).__name__


def client(target: Target) -> caldav.DAVClient:
    return caldav.DAVClient(url=target.url, username=target.username, password=target.password,
                            ssl_verify_cert=target.verify, timeout=TIMEOUT, enable_rfc6764=False)


def find_or_make_calendar(dav: caldav.DAVClient, name: str) -> caldav.Calendar:
    """netdesk's own collection, by display name, else made with a colour and a description.

    It holds VEVENT and VTODO: meetings are events whatever the reminders are."""
    principal = dav.principal()
    for calendar in principal.calendars():
        with contextlib.suppress(dav_error.DAVError):
            if calendar.get_display_name() == name:
                return calendar
    made = principal.make_calendar(name=name, supported_calendar_component_set=["VEVENT", "VTODO"])
    with contextlib.suppress(dav_error.DAVError):  # a server may refuse the optional properties
        made.set_properties([ical.CalendarColor(COLOUR), cdav.CalendarDescription(DESCRIPTION)])
    return made


def calendar_at(dav: caldav.DAVClient, url: str) -> caldav.Calendar:
    return caldav.Calendar(client=dav, url=url)
