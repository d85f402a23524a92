"""What each kind of server needs to be added as an account: its URL (fixed, or made from the host
name the user types), what the user name is, what password it wants, and what it keeps.

Pure data for the Accounts page (and anyone else); nothing here talks to a server.
"""

from __future__ import annotations

from dataclasses import dataclass

from netdesk.errors import InvalidValue


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    url: str  # "{host}" is replaced by what the user types; no "{host}" means a fixed URL
    user_hint: str
    password_hint: str
    history: bool = True  # stores VJOURNAL (SYNC.md: iCloud and Google do not)
    host_hint: str = ""

    @property
    def needs_host(self) -> bool:
        return "{host}" in self.url


PRESETS: tuple[Preset, ...] = (
    Preset("nextcloud", "Nextcloud", "https://{host}/remote.php/dav/",
           "your Nextcloud login name",
           "your password, or an app password (Settings ▸ Security ▸ Devices & sessions) if you use two-factor "
           "login", host_hint="cloud.example.org"),
    Preset("icloud", "iCloud", "https://caldav.icloud.com/",
           "your Apple ID (its email address)",
           "an app-specific password, not your Apple ID password: make one at account.apple.com ▸ Sign-In and "
           "Security ▸ App-Specific Passwords", history=False),
    Preset("fastmail", "Fastmail", "https://caldav.fastmail.com/dav/",
           "your full Fastmail address",
           "an app password with CalDAV access: Settings ▸ Privacy & Security ▸ Manage app passwords"),
    Preset("radicale", "Radicale", "{host}",  # found by /.well-known/caldav; http only on this computer
           "the user in Radicale's users file",
           "that user's password", host_hint="radicale.example.org:5232 (or 127.0.0.1:5232 on this computer)"),
    Preset("baikal", "Baïkal", "https://{host}/dav.php/",
           "the user made in Baïkal's admin page",
           "that user's password", host_hint="dav.example.org"),
    Preset("other", "Any CalDAV server", "{host}",
           "your user name on that server",
           "your password (or the app password the server asks for)",
           host_hint="a host name to discover (example.org), or the CalDAV URL"),
)

BY_KEY = {p.key: p for p in PRESETS}


def preset(key: str) -> Preset:
    try:
        return BY_KEY[key]
    except KeyError:
        raise InvalidValue(f"no server preset {key!r} (one of {', '.join(BY_KEY)})") from None


def url_for(chosen: Preset, host: str) -> str:
    """The URL to check for this preset and host: a fixed one, the host placed in the pattern, or (any
    CalDAV server) what was typed, a plain host name being discovered later (RFC 6764)."""
    host = host.strip()
    if not chosen.needs_host:
        return chosen.url
    if not host:
        raise InvalidValue(f"{chosen.label} needs the server's host name")
    if chosen.url == "{host}" or "://" in host:
        return host  # a full URL is used as typed; a plain name is discovered
    return chosen.url.replace("{host}", host.strip("/"))
