"""Reaching a CalDAV server through the `caldav` package: the URL rules of SYNC.md (HTTPS with
certificate checks, plain HTTP only to loopback), RFC 6764 discovery from a plain host name, one clear
message per failure, and netdesk's own calendar collection (found or made)."""

from __future__ import annotations

import contextlib
import ipaddress
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import caldav
import niquests
from caldav.discovery import DiscoveryError, discover_caldav
from caldav.elements import cdav, ical
from caldav.lib import error as dav_error

from netdesk.errors import UserFacingError

TIMEOUT = float(os.environ.get("NETDESK_SYNC_TIMEOUT", "20"))  # seconds per request
WELL_KNOWN = "/.well-known/caldav"
COLOUR = "#2E7D6B"
DESCRIPTION = "Reminders and meetings from netdesk. netdesk rewrites everything here but completion, moved dates and deletions."


class SyncError(UserFacingError):
    """The server could not be used: nothing was changed locally, every change stays waiting."""


class Unreachable(SyncError):
    """No answer at all (no network, nothing listening, too slow): worth trying again later by itself."""


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


def check_url(url: str, ca_cert: str = "") -> str:
    """The URL as netdesk will use it; a plain host name is discovered (RFC 6764: SRV, /.well-known)."""
    url = url.strip()
    if not url:
        raise SyncError("the account needs a server URL (--url)")
    if "://" not in url:
        return check_url(discover(url, ca_cert))
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise SyncError(f"{url} is not a CalDAV server URL (https://host/path)")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise SyncError(f"{url}: plain http is only allowed to this computer (127.0.0.1, ::1); use https://")
    return url


def discover(host: str, ca_cert: str = "") -> str:
    """The CalDAV URL of a plain host name (`example.org`, `example.org:8443`, `ada@example.org`).

    RFC 6764 through the caldav package (SRV and TXT records, then https://host/.well-known/caldav).
    caldav compares a redirect's host with the name typed, port included, so a name with a port (and
    this computer, where plain http is allowed) asks /.well-known/caldav here, same host only (RFC 6764
    section 8). Nothing found: the host's root, which the login check then tries."""
    verify: bool | str = ca_cert or True
    parts = urlsplit(f"//{host.strip().rsplit('@', 1)[-1].rstrip('/')}")
    if not parts.hostname:
        raise SyncError(f"{host!r} is not a host name or a CalDAV server URL")
    loopback = is_loopback(parts.hostname)
    if parts.port is None and not loopback:
        try:
            found = discover_caldav(host.strip(), timeout=TIMEOUT, ssl_verify_cert=verify)
        except (DiscoveryError, OSError, niquests.exceptions.RequestException):
            found = None
        return found.url if found else f"https://{parts.netloc}/"
    schemes = ("https", "http") if loopback else ("https",)
    for scheme in schemes:
        found, answered = _well_known(f"{scheme}://{parts.netloc}", parts.hostname, verify)
        if found or answered:  # a server speaking https (a certificate problem included) stays https
            return found or f"{scheme}://{parts.netloc}/"
    return f"{schemes[-1]}://{parts.netloc}/"


def _well_known(base: str, hostname: str, verify: bool | str) -> tuple[str | None, bool]:
    """(the URL /.well-known/caldav points to, whether the server answered in this scheme at all)."""
    try:
        answer = niquests.get(base + WELL_KNOWN, timeout=TIMEOUT, verify=verify, allow_redirects=False)
    except niquests.exceptions.SSLError as e:
        return None, "wrong version number" not in _chain(e) and "record layer" not in _chain(e)
    except (OSError, niquests.exceptions.RequestException):
        return None, False
    if answer.status_code in (301, 302, 303, 307, 308) and answer.headers.get("Location"):
        target = urljoin(base + WELL_KNOWN, answer.headers["Location"])
        return (target if urlsplit(target).hostname == hostname else None), True
    return (base + WELL_KNOWN if answer.status_code in (200, 207) else None), True


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
    parts = urlsplit(target.url)
    host = parts.netloc
    try:
        yield
    except dav_error.AuthorizationError as e:
        if "forbidden" in str(getattr(e, "reason", "")).lower():
            raise SyncError(f"{host} does not let {target.username!r} use {getattr(e, 'url', '') or target.url} "
                            "(403 Forbidden): check the URL, it may be another user's or no calendar "
                            "home at all") from None
        raise SyncError(f"{host} refused the login for {target.username!r} (wrong user or password, or "
                        f"an app-specific password is needed): {getattr(e, 'reason', '') or 'unauthorized'}") from None
    except niquests.exceptions.SSLError as e:
        raise SyncError(f"certificate problem with {host}: {_certificate(e)}") from None
    except niquests.exceptions.Timeout:
        raise Unreachable(f"{host} did not answer in {TIMEOUT:g} s (offline, or the server is too slow)") from None
    except niquests.exceptions.ConnectionError as e:
        raise Unreachable(f"cannot reach {host}: {_unreachable(e, parts.hostname or host)}") from None
    except niquests.exceptions.RequestException as e:
        raise SyncError(f"cannot talk to {host}: {_short(e)}") from None
    except dav_error.DAVError as e:
        said = _reason(e)
        if said[:3] in ("501", "405"):  # WebDAV's methods unknown there: a web server, not a CalDAV one
            raise SyncError(f"no CalDAV service at {target.url} (check the URL): {said}") from None
        if said[:1] == "5" and said[:3].isdigit():  # the server's own trouble, not netdesk's request
            raise SyncError(f"{host} had a problem ({said}); the changes stay waiting for the next sync") from None
        if isinstance(e, dav_error.NotFoundError | dav_error.PropfindError):
            raise SyncError(f"no CalDAV service at {target.url} (check the URL): {said}") from None
        raise SyncError(f"{host} answered with an error: {said}") from None


def _chain(e: BaseException) -> str:
    """Every message down the exception's causes, lower case (urllib3 wraps the socket's error)."""
    seen, texts = set(), []
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        texts.append(f"{type(e).__name__} {e}")
        e = e.__cause__ or e.__context__
    return " ".join(texts).lower()


def _unreachable(e: Exception, hostname: str) -> str:
    text = _chain(e) + " " + " ".join(str(a) for a in e.args).lower()
    if "name or service not known" in text or "nameresolution" in text or "failed to resolve" in text \
            or "nodename nor servname" in text or "getaddrinfo" in text:
        return f"the name {hostname} is not known (no network, or a typo in the host name)"
    if "refused" in text:
        return "nothing is listening there (the server is down, or the port is wrong)"
    if "unreachable" in text or "no route" in text:
        return "no network (the network or the host is unreachable)"
    return f"no network, or nothing listening there ({_short(e)})"


def _certificate(e: Exception) -> str:
    text = _chain(e) + " " + " ".join(str(a) for a in e.args).lower()
    if "self-signed" in text or "self signed" in text or "unable to get local issuer" in text:
        return ("its certificate is not signed by an authority this computer trusts; a self-signed server "
                "needs its CA file (--ca-cert FILE)")
    if "expired" in text:
        return "its certificate has expired"
    if "hostname mismatch" in text or "doesn't match" in text or "not valid for" in text:
        return "its certificate is for another host name"
    if "wrong version number" in text or "record layer" in text or "packet length" in text:
        return "it does not speak https on that port (try http:// to this computer, or another port)"
    return f"{_short(e)} (a self-signed server needs its CA file: --ca-cert FILE)"


def _reason(e: Exception) -> str:
    """What the server said: caldav keeps it in `reason`, or (some of its errors) in `url`."""
    reason = getattr(e, "reason", "") or ""
    if not reason or reason == dav_error.DAVError.reason:
        reason = str(getattr(e, "url", "") or "")
    first = " ".join(str(reason).split("\n", 1)[0].split())
    return first[:200] if first else _short(e)


def _short(e: Exception) -> str:
    text = " ".join(str(e).split())
    return text[:200] if text else type(e).__name__


class _Client(caldav.DAVClient):
    """Sends Basic credentials with the first request, as every server netdesk presets accepts them:
    caldav otherwise asks without, learns the scheme from the 401, and asks again, and Radicale delays
    every unauthenticated answer by a second (its `[auth] delay`). A server that refuses Basic (a Baïkal
    set to Digest) gets caldav's own negotiation, once."""

    _negotiated = False

    def request(self, url, method="GET", body="", headers=None):  # noqa: D102  (caldav's signature)
        try:
            return super().request(url, method, body, headers or {})
        except dav_error.AuthorizationError:
            if self._negotiated or self.auth_type != "basic":
                raise
            self._negotiated = True
            self.auth, self.auth_type = None, None
            return super().request(url, method, body, headers or {})


def client(target: Target) -> caldav.DAVClient:
    return _Client(url=target.url, username=target.username, password=target.password, auth_type="basic",
                   ssl_verify_cert=target.verify, timeout=TIMEOUT, enable_rfc6764=False)


def clone(dav: caldav.DAVClient) -> caldav.DAVClient:
    """Another connection to the same server with the same login (for parallel uploads)."""
    return _Client(url=str(dav.url), username=dav.username, password=dav.password, auth_type="basic",
                   ssl_verify_cert=dav.ssl_verify_cert, timeout=TIMEOUT, enable_rfc6764=False)


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
