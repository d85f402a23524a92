"""The window's capture: the sources the user added in Preferences › Capture, and one run over all of them.

The CLI names its sources on every call; the window remembers them (setting `capture.sources`) and runs
them on start and every 30 minutes. Each source is captured in its own transaction (capture_mail,
capture_imap, capture_calendar), so one that cannot be read is reported by name while the others are
logged; a failed source logs nothing and starts from the same place next time. A mail source is read one
mbox or Maildir at a time, which is what the progress counts. IMAP passwords stay in the keyring.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from netdesk.domain.capture import Suggestion
from netdesk.domain.change import Change
from netdesk.errors import InvalidValue, UserFacingError
from netdesk.exchange import mail_files
from netdesk.services import capture_mail, capture_run
from netdesk.services.capture_run import Captured
from netdesk.store import capture as capture_store
from netdesk.store import settings
from netdesk.store.db import transaction

if TYPE_CHECKING:
    from netdesk.services import capture_imap

# The calendar and IMAP readers (caldav, niquests, imapclient) are imported where a capture runs or a source
# is checked, not with this module: the window builds its capture controller right after the first paint.

SOURCES = "capture.sources"
AUTO = "capture.auto"  # false: capture only when asked (Capture now)
LAST_RUN = capture_run.LAST_RUN
KINDS = ("mail", "calendar", "account", "imap")
Progress = Callable[[int, int], None]
STEP = 1000  # progress units per mail file or source


@dataclass(frozen=True)
class Source:
    """One remembered source. `kind`: mail (an mbox, a Maildir or a mail app's profile folder), calendar
    (an .ics file), account (a CalDAV account's calendars), imap (an account on a server)."""

    kind: str
    location: str  # a path, an account name, or the IMAP host
    user: str = ""
    port: int | None = None
    security: str = "ssl"
    folders: tuple[str, ...] = ()
    ca_cert: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.user + '@' if self.user else ''}{self.location}"

    @property
    def label(self) -> str:
        if self.kind == "imap":
            port = f":{self.port}" if self.port else ""
            return f"IMAP {self.user} at {self.location}{port}"
        if self.kind == "account":
            return f"Calendars of account {self.location}"
        home = str(Path.home())
        shown = "~" + self.location[len(home):] if self.location.startswith(home + os.sep) else self.location
        return f"{'Mail' if self.kind == 'mail' else 'Calendar'}: {shown}"

    @property
    def server(self) -> capture_imap.Server:
        from netdesk.services import capture_imap

        return capture_imap.Server(self.location, self.port, self.user, self.security, self.ca_cert)

    def to_json(self) -> dict:
        data = {"kind": self.kind, "location": self.location}
        if self.kind == "imap":
            data |= {"user": self.user, "port": self.port, "security": self.security, "folders": list(self.folders),
                     "ca_cert": self.ca_cert}
        return data

    @classmethod
    def from_json(cls, data: dict) -> Source | None:
        if not isinstance(data, dict) or data.get("kind") not in KINDS or not data.get("location"):
            return None
        port = data.get("port")
        return cls(str(data["kind"]), str(data["location"]), str(data.get("user") or ""),
                   int(port) if isinstance(port, int) and not isinstance(port, bool) else None,
                   str(data.get("security") or "ssl"), tuple(str(f) for f in data.get("folders") or ()),
                   str(data.get("ca_cert") or ""))


def sources() -> list[Source]:
    found = [Source.from_json(item) for item in settings.get(SOURCES, []) or []]
    return [s for s in found if s is not None]


def auto() -> bool:
    return bool(settings.get(AUTO, True))


def set_auto(on: bool) -> Change:
    with transaction():
        settings.put(AUTO, bool(on))
    return Change.of(settings=[AUTO])


def _checked(source: Source) -> Source:
    from netdesk.services import capture_imap
    from netdesk.services.sync import accounts

    if source.kind in ("mail", "calendar"):
        path = Path(source.location).expanduser().absolute()
        if not path.exists():
            raise InvalidValue(f"{source.location}: no such file or folder")
        if source.kind == "calendar" and not path.is_file():
            raise InvalidValue(f"{source.location}: a calendar to capture is an .ics file")
        if source.kind == "mail":
            try:
                if not mail_files.sources_in(path):
                    raise InvalidValue(f"{source.location}: no mbox file, Maildir folder or Thunderbird profile there")
            except OSError as e:
                raise InvalidValue(f"cannot read {source.location}: {e.strerror or e}") from None
        return Source(source.kind, str(path))
    if source.kind == "account":
        accounts.get(source.location)  # NotFound names the account
        return source
    if source.kind == "imap":
        if not source.location.strip() or not source.user.strip():
            raise InvalidValue("an IMAP account needs a server and a user name")
        capture_imap.check_security(source.server)
        return Source("imap", source.location.strip(), source.user.strip(), source.port, source.security,
                      tuple(f.strip() for f in source.folders if f.strip()), source.ca_cert.strip())
    raise InvalidValue(f"a capture source is mail, calendar, account or imap, not {source.kind!r}")


def add_source(source: Source) -> Change:
    """Remember a source (checked first: a path that is there, a known account, an allowed connection)."""
    checked = _checked(source)
    with transaction():
        current = sources()
        if any(s.key == checked.key for s in current):
            raise InvalidValue(f"{checked.label} is captured already")
        settings.put(SOURCES, [s.to_json() for s in [*current, checked]])
    return Change.of(settings=[SOURCES])


def remove_source(key: str) -> Change:
    """Forget a source; what it logged stays (undo it from the timeline or Edit ▸ Undo)."""
    with transaction():
        current = sources()
        kept = [s for s in current if s.key != key]
        if len(kept) == len(current):
            return Change()
        settings.put(SOURCES, [s.to_json() for s in kept])
    return Change.of(settings=[SOURCES])


def found_mail(home: Path | None = None) -> list[Path]:
    """Mail apps' folders on this computer that could be added as they are (Thunderbird's profiles root,
    Evolution's and KMail's local mail), not yet captured."""
    home = home or Path.home()
    known = {s.location for s in sources()}
    roots = [".thunderbird", "snap/thunderbird/common/.thunderbird", ".var/app/org.mozilla.Thunderbird/.thunderbird",
             ".local/share/evolution/mail/local", ".local/share/local-mail", ".kde/share/apps/kmail/mail"]
    return [home / r for r in roots if (home / r).is_dir() and str(home / r) not in known
            and ((home / r / "profiles.ini").is_file() or "thunderbird" not in r.lower())]


def test_imap(source: Source, password: str | None) -> str:
    """Log in and list the folders (read-only); the password is kept in the keyring when it works."""
    from netdesk.services import capture_imap

    folders = capture_imap.check_login(source.server, password)
    return f"Connected: {len(folders)} folder{'s' if len(folders) != 1 else ''} ({', '.join(folders[:5])}" + \
        ("…)" if len(folders) > 5 else ")")


def links(interaction_ids: Sequence[int]) -> list[tuple[str, int, int]]:
    """What ties captured interactions to the mail or events they came from (kept by an undo)."""
    return capture_store.links(interaction_ids)


def relink(rows: Sequence[tuple[str, int, int]]) -> None:
    """After a redo put captured interactions back: they are captured ones again (timeline, hints)."""
    with transaction():
        capture_store.relink(rows)


# --- a run over every source ---------------------------------------------------------------------------

@dataclass(frozen=True)
class SourceResult:
    source: Source
    captured: Captured | None = None
    error: str = ""


@dataclass
class Report:
    results: list[SourceResult] = field(default_factory=list)
    change: Change = field(default_factory=Change)
    suggested: list[Suggestion] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def logged(self) -> int:
        return sum(r.captured.logged for r in self.results if r.captured)

    @property
    def failed(self) -> list[SourceResult]:
        return [r for r in self.results if r.error]

    def summary(self) -> str:
        if not self.results:
            return "Nothing to capture: add mail or calendars in Preferences › Capture"
        read = {noun: sum(getattr(r.captured, "items", 0) for r in self.results
                          if r.captured and r.captured.noun == noun) for noun in ("messages", "events")}
        parts = [f"{n:,} {noun}" for noun, n in read.items() if n]
        text = (f"Captured {self.logged:,} interaction{'s' if self.logged != 1 else ''}"
                f" from {' and '.join(parts) or 'nothing new'}")
        if self.failed:
            text += f"; {len(self.failed)} source{'s' if len(self.failed) != 1 else ''} could not be read"
        return text

    def details(self) -> str:
        lines = []
        for r in self.results:
            if r.error:
                lines.append(f"{r.source.label}: {r.error}")
            elif r.captured is not None:
                c = r.captured
                lines.append(f"{r.source.label}: {c.items:,} {c.noun} read, {c.logged:,} logged, "
                             f"{c.already_logged:,} logged before")
        return "\n".join([self.summary(), *lines, *self.warnings])


def _steps(source: Source) -> list[str]:
    """What one source is read as: its mail files one by one, else itself."""
    if source.kind != "mail":
        return [source.location]
    try:
        return [str(f.path) for f in mail_files.sources_in(Path(source.location))] or [source.location]
    except OSError:
        return [source.location]  # capture_mail says why, as the source's error


def _capture(source: Source, step: str, today: dt.date, tz: dt.tzinfo, now: dt.datetime,
             within: Progress | None = None) -> Captured:
    from netdesk.services import capture_calendar, capture_imap

    if source.kind == "mail":
        return capture_mail.capture_mail([step], today=today, tz=tz, progress=within)
    if source.kind == "calendar":
        return capture_calendar.capture_calendar([step], today=today, tz=tz, now=now)
    if source.kind == "account":
        return capture_calendar.capture_calendar([capture_calendar.ACCOUNT + step], today=today, tz=tz, now=now)
    return capture_imap.capture_imap(source.server, password=None, folders=source.folders, today=today, tz=tz)


def _merged(parts: Sequence[Captured]) -> Captured:
    first = parts[0]
    skipped: dict[str, int] = {}
    change = Change()
    for p in parts:
        for reason, n in p.skipped.items():
            skipped[reason] = skipped.get(reason, 0) + n
        change |= p.change
    return Captured(first.noun, sum(p.items for p in parts), sum(p.matched for p in parts),
                    sum(p.logged for p in parts), sum(p.already_logged for p in parts), skipped,
                    parts[-1].suggested, change, tuple(dict.fromkeys(w for p in parts for w in p.warnings)))


def run_all(*, today: dt.date, tz: dt.tzinfo, now: dt.datetime, chosen: Sequence[Source] | None = None,
            progress: Progress | None = None) -> Report:
    """Capture every remembered source (or `chosen`); progress(done, total) counts mail files and sources in
    thousandths (a large mbox moves its own thousand as it is read)."""
    plan = [(source, _steps(source)) for source in (sources() if chosen is None else chosen)]
    total = sum(len(steps) for _, steps in plan) * STEP
    done = 0
    report = Report()

    def within(part: int, whole: int) -> None:
        if progress is not None:
            progress(done + min(STEP - 1, part * STEP // max(whole, 1)), total)

    if progress is not None:
        progress(0, total)
    for source, steps in plan:
        parts: list[Captured] = []
        try:
            for step in steps:
                parts.append(_capture(source, step, today, tz, now, within))
                done += STEP
                if progress is not None:
                    progress(done, total)
        except UserFacingError as e:
            report.results.append(SourceResult(source, _merged(parts) if parts else None, str(e)))
            done += (len(steps) - len(parts)) * STEP
            if progress is not None:
                progress(done, total)
        else:
            report.results.append(SourceResult(source, _merged(parts)))
        for p in parts:
            report.change |= p.change
    report.warnings = list(dict.fromkeys(w for r in report.results if r.captured for w in r.captured.warnings))
    report.suggested = capture_run.suggested(today)
    with transaction():
        settings.put(LAST_RUN, {"at": now.isoformat(timespec="seconds"), "summary": report.summary(),
                                "failed": {r.source.key: r.error for r in report.failed}})
    report.change |= Change.of(settings=[LAST_RUN])  # the suggestions may have moved with the exchanges read
    return report


def last_run() -> tuple[str, str] | None:
    """(when, what it said) of the window's last run, or None before the first."""
    found = settings.get(LAST_RUN)
    return (str(found.get("at", "")), str(found.get("summary", ""))) if isinstance(found, dict) else None


def last_errors() -> dict[str, str]:
    """Source key → why the last run could not read it."""
    found = settings.get(LAST_RUN)
    failed = found.get("failed") if isinstance(found, dict) else None
    return {str(k): str(v) for k, v in failed.items()} if isinstance(failed, dict) else {}

