""""Test connection": reach the server, log in, list the calendars, without saving or creating anything.

The answer is one sentence either way: what was found, or (a SyncError) what is wrong in words the user
can act on: a wrong URL, a refused login, a certificate problem, no network.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from caldav.lib import error as dav_error

from netdesk.services.sync import connection


@dataclass(frozen=True)
class Tested:
    url: str  # the URL netdesk will use (after discovery)
    user: str
    calendars: tuple[str, ...]  # display names
    calendar: str  # netdesk's own collection's name

    @property
    def has_calendar(self) -> bool:
        return self.calendar in self.calendars

    def message(self) -> str:
        count = len(self.calendars)
        found = f"{count} calendar{'' if count == 1 else 's'}"
        own = (f"netdesk will use its calendar {self.calendar!r}" if self.has_calendar
               else f"netdesk will make its calendar {self.calendar!r} when the account is added")
        return f"Connected to {self.url} as {self.user}: {found}; {own}."


def test_connection(url: str, username: str, password: str, *, ca_cert: str = "",
                    calendar: str = "netdesk") -> Tested:
    """Raises connection.SyncError with the reason when the server cannot be used."""
    if not username.strip():
        raise connection.SyncError("the account needs a user name")
    if not password:
        raise connection.SyncError("the account needs a password")
    ca_cert = connection.check_ca(ca_cert)
    target = connection.Target(connection.check_url(url, ca_cert), username.strip(), password, ca_cert)
    with connection.explained(target):
        dav = connection.client(target)
        try:
            principal = dav.principal()
            names = []
            for found in principal.calendars():
                with contextlib.suppress(dav_error.DAVError):
                    names.append(found.get_display_name() or str(found.url).rstrip("/").rsplit("/", 1)[-1])
        finally:
            dav.close()
    return Tested(target.url, target.username, tuple(names), calendar or "netdesk")
