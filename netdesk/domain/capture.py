"""Which captured messages and calendar events become interactions, and with whom (issue 18).

Pure rules: the readers (exchange/mail_headers, exchange/calendar_events) turn headers and events into
`MailHeader` and `Event`; `Rules` holds what the store and the user said (the contacts' emails, the
user's own addresses, the skip list, `--since`, today); a `Tally` collects, one item at a time, the
interactions wanted, why the rest were skipped, and the exchanges with people who are not contacts yet.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

MAX_PEOPLE = 20  # more than this many people on a message or an event: a announcement, not a conversation
SUGGEST_DAYS = 90
SUGGEST_MIN = 3
_NO_REPLY = ("noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "do_not_reply", "mailer-daemon",
             "postmaster", "bounce", "notifications", "notification")


@dataclass(frozen=True, slots=True)
class Person:
    email: str  # casefolded: the key emails are matched on
    name: str = ""


@dataclass(frozen=True, slots=True)
class MailHeader:
    key: str  # "mid:<Message-ID>", else "hash:" of From, Date and Subject
    date: dt.datetime | None
    sender: Person | None
    recipients: tuple[Person, ...]  # To and Cc
    subject: str = ""
    bulk: bool = False  # List-Id, Precedence bulk/list/junk, Auto-Submitted other than "no"


@dataclass(frozen=True, slots=True)
class Event:
    key: str  # "ics:" UID "/" the occurrence's start (its RECURRENCE-ID for a moved one)
    start: dt.datetime | dt.date
    summary: str
    organiser: Person | None
    attendees: tuple[Person, ...]  # those who did not decline
    declined: frozenset[str] = frozenset()  # emails whose PARTSTAT is DECLINED
    cancelled: bool = False


@dataclass(frozen=True, slots=True)
class SourceState:
    """How far a source was read (store table `capture_source`)."""

    kind: str  # mbox maildir imap ics caldav
    location: str  # a resolved path, or imap://user@host:port/folder
    id: int = 0
    size: int = 0
    mtime_ns: int = 0
    scanned_to: int = 0  # an mbox's offset; an IMAP folder's last UID
    tail_digest: str = ""
    uidvalidity: int | None = None
    since: dt.date | None = None  # the --since it was read with (None: everything)

    def covers(self, since: dt.date | None) -> bool:
        """A run asking for mail older than the last one read must read the source again from the start."""
        return self.since is None or (since is not None and since >= self.since)


@dataclass(frozen=True, slots=True)
class Wanted:
    key: str
    contact_id: int
    on: dt.date
    note: str


@dataclass(frozen=True, slots=True)
class Exchange:
    email: str
    key: str
    name: str
    on: dt.date
    sent: bool


@dataclass(frozen=True, slots=True)
class Suggestion:
    email: str
    name: str
    count: int

    def to_json(self) -> dict:
        return {"email": self.email, "name": self.name, "count": self.count}


@dataclass(frozen=True)
class Rules:
    contacts: Mapping[str, tuple[int, ...]]  # email key → contact ids
    today: dt.date
    tz: dt.tzinfo
    me: frozenset[str] = frozenset()
    skip: frozenset[str] = frozenset()  # addresses, or domains as "@example.com" or "example.com"
    since: dt.date | None = None
    subjects: bool = True
    now: dt.datetime | None = None  # aware; events that began before it are past

    def skipped(self, email: str) -> bool:
        domain = email.rpartition("@")[2]
        return email in self.skip or domain in self.skip or f"@{domain}" in self.skip


def email_key(value: str) -> str:
    """The same key as the store's `email.value_key`."""
    return value.strip().casefold()


def is_no_reply(email: str) -> bool:
    local = email.partition("@")[0].replace(".", "")
    return any(local.startswith(word) or local.endswith(word) for word in _NO_REPLY)


def local_date(when: dt.datetime | dt.date, tz: dt.tzinfo) -> dt.date:
    if isinstance(when, dt.datetime):
        aware = when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)
        return aware.astimezone(tz).date()
    return when


@dataclass
class Tally:
    rules: Rules
    items: int = 0
    matched: int = 0
    repeats: int = 0
    skipped: Counter = field(default_factory=Counter)
    wanted: dict[tuple[str, int], Wanted] = field(default_factory=dict)
    exchanges: dict[tuple[str, str], Exchange] = field(default_factory=dict)

    def _dated(self, when: dt.datetime | dt.date | None) -> dt.date | None:
        """The local date, or None (counted) when it is missing, ahead of today or before --since."""
        if when is None:
            self.skipped["bad_date"] += 1
            return None
        on = local_date(when, self.rules.tz)
        if on > self.rules.today:
            self.skipped["future"] += 1
            return None
        if self.rules.since is not None and on < self.rules.since:
            self.skipped["before_since"] += 1
            return None
        return on

    def _want(self, key: str, people: list[Person], on: dt.date, note: str) -> bool:
        contacts = self.rules.contacts
        ids = sorted({cid for p in people for cid in contacts.get(p.email, ())})
        for cid in ids:
            if (key, cid) in self.wanted:
                self.repeats += 1  # the same message in two folders or files of this run
            else:
                self.wanted[key, cid] = Wanted(key, cid, on, note)
        return bool(ids)

    def _note(self, source: str, title: str) -> str:
        title = " ".join(title.split())
        return f"Captured from {source}: {title}" if self.rules.subjects and title else f"Captured from {source}"

    def add_mail(self, mail: MailHeader) -> None:
        self.items += 1
        rules = self.rules
        on = self._dated(mail.date)
        if on is None:
            return
        sender = mail.sender
        if mail.bulk:
            self.skipped["bulk"] += 1
            return
        if sender is not None and is_no_reply(sender.email):
            self.skipped["no_reply"] += 1
            return
        people = ([sender] if sender else []) + list(mail.recipients)
        if len({p.email for p in people}) > MAX_PEOPLE:
            self.skipped["many_recipients"] += 1
            return
        if sender is not None and rules.skipped(sender.email):
            self.skipped["skip_list"] += 1
            return
        sent = sender is not None and sender.email in rules.me
        others = [p for p in people if p.email not in rules.me and not rules.skipped(p.email)]
        direction = "sent" if sent else "received" if rules.me else ""
        label = f"mail ({direction})" if direction else "mail"
        if self._want(mail.key, others, on, self._note(label, mail.subject)):
            self.matched += 1
        else:
            self.skipped["no_contact"] += 1
        if rules.me and (sent or any(p.email in rules.me for p in mail.recipients)):
            # An exchange is the user writing to someone, or someone writing to the user (not a Cc'd third).
            partners = [p for p in mail.recipients if p.email not in rules.me] if sent else [sender]
            for p in partners:
                if p is not None and p.email not in rules.contacts and p.email not in rules.me:
                    self.exchanges.setdefault((p.email, mail.key), Exchange(p.email, mail.key, p.name, on, sent))

    def _past(self, start: dt.datetime | dt.date, on: dt.date) -> bool:
        """A timed event has begun before `now`; one without a time (or without `now`), a day before today."""
        now = self.rules.now
        if isinstance(start, dt.datetime) and now is not None:
            aware = start if start.tzinfo is not None else start.replace(tzinfo=self.rules.tz)
            return aware <= now
        return on < self.rules.today

    def add_event(self, event: Event) -> None:
        self.items += 1
        rules = self.rules
        if event.cancelled:
            self.skipped["cancelled"] += 1
            return
        if event.declined & rules.me:
            self.skipped["declined"] += 1
            return
        on = self._dated(event.start)
        if on is None:
            return
        if not self._past(event.start, on):
            self.skipped["future"] += 1
            return
        people = ([event.organiser] if event.organiser else []) + list(event.attendees)
        if len({p.email for p in people}) > MAX_PEOPLE:
            self.skipped["many_recipients"] += 1
            return
        others = [p for p in people if p.email not in rules.me and not rules.skipped(p.email)]
        if self._want(event.key, others, on, self._note("calendar", event.summary)):
            self.matched += 1
        else:
            self.skipped["no_contact"] += 1


def suggestions(counts: Mapping[str, tuple[str, int]], *, ignored: frozenset[str] = frozenset()) -> list[Suggestion]:
    """People with at least SUGGEST_MIN exchanges, most first (`counts`: email → (latest name, count))."""
    found = [Suggestion(email, name, n) for email, (name, n) in counts.items()
             if n >= SUGGEST_MIN and email not in ignored]
    return sorted(found, key=lambda s: (-s.count, s.email))
