"""What every capture shares: the rules from the store, and one transaction that logs what a run found.

A run reads its sources first, outside any transaction (a large mailbox or a slow server never holds the
store's write lock), into a `Tally`; then `apply` writes, in one transaction, the interactions not logged
before, the new reading positions, the exchanges for suggestions and the re-derived reminders. A source
that fails while it is read fails the whole run before anything is written, so the next run starts from
the same positions. `--dry-run` runs the same transaction and rolls it back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from netdesk.domain import capture as rules_of
from netdesk.domain.capture import Rules, SourceState, Suggestion, Tally
from netdesk.domain.change import Change, RecordKind
from netdesk.errors import UserFacingError
from netdesk.services import reminders
from netdesk.store import capture as store
from netdesk.store import settings
from netdesk.store.db import transaction

ME = "capture.me"  # the user's own addresses (Preferences › Capture, or `--me`)
SKIP = "capture.skip"  # addresses or domains never captured
SUBJECTS = "capture.subjects"  # false: notes say only where an interaction came from
IGNORED = "capture.ignored"  # suggestions the user dismissed
LAST_RUN = "capture.last_run"  # when the window's last run ended and what it said (capture_sources)


class CaptureError(UserFacingError):
    """A source that cannot be read: nothing was logged, the next run starts where the last one ended."""


@dataclass(frozen=True)
class Captured:
    noun: str  # "messages" or "events"
    items: int
    matched: int
    logged: int
    already_logged: int
    skipped: dict[str, int]
    suggested: list[Suggestion]
    change: Change
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {self.noun: self.items, "matched": self.matched, "logged": self.logged,
                "already_logged": self.already_logged, "skipped": dict(sorted(self.skipped.items())),
                "suggested": [s.to_json() for s in self.suggested], "warnings": list(self.warnings)}


def _addresses(values: Iterable[str]) -> frozenset[str]:
    return frozenset(rules_of.email_key(v) for v in values if v and v.strip())


def rules(*, today: dt.date, tz: dt.tzinfo, me: Iterable[str] = (), since: dt.date | None = None,
          now: dt.datetime | None = None) -> Rules:
    """The contacts' emails (one statement), the user's addresses (`me`, else the preferences), the skip list."""
    mine = _addresses(me) or _addresses(settings.get(ME, []) or [])
    return Rules(store.contact_emails(), today, tz, mine, _addresses(settings.get(SKIP, []) or []), since,
                 bool(settings.get(SUBJECTS, True)), now)


def suggested(today: dt.date) -> list[Suggestion]:
    since = today - dt.timedelta(days=rules_of.SUGGEST_DAYS - 1)
    counts = store.exchange_counts(since, rules_of.SUGGEST_MIN)
    return rules_of.suggestions(counts, ignored=_addresses(settings.get(IGNORED, []) or []))


@dataclass
class Run:
    """What one run found, and the source positions to save once it is logged."""

    noun: str
    source: str  # "mail" or "calendar": the interactions' kind and their mark
    tally: Tally
    states: list[tuple[SourceState, list[str]]] = field(default_factory=list)  # with Maildir names read
    resets: list[str] = field(default_factory=list)  # sources read again from the start (their names go)
    warnings: list[str] = field(default_factory=list)


class _DryRun(Exception):
    pass


def apply(run: Run, *, today: dt.date, dry_run: bool = False) -> Captured:
    tally = run.tally
    try:
        with transaction():
            done = store.already_logged(key for key, _ in tally.wanted)
            new = [w for pair, w in sorted(tally.wanted.items()) if pair not in done]
            written = store.log(new, run.source)
            for state, names in run.states:
                source_id = store.save_source(state)
                if state.location in run.resets:
                    store.clear_items(source_id)
                store.add_items(source_id, names)
            store.add_exchanges(tally.exchanges.values())
            store.forget_exchanges_before(today - dt.timedelta(days=rules_of.SUGGEST_DAYS))
            contacts = sorted({cid for _, cid in written})
            change = Change.of(contacts=contacts, records=[(RecordKind.INTERACTION, i) for i, _ in written])
            if contacts:
                change |= reminders.change_of(reminders.derive(today, contact_ids=contacts))
            result = Captured(run.noun, tally.items, tally.matched, len(written), len(tally.wanted) - len(new) + tally.repeats,
                              dict(tally.skipped), suggested(today), change, tuple(run.warnings))
            if dry_run:
                raise _DryRun
    except _DryRun:
        return replace(result, change=Change())
    return result


@dataclass(frozen=True)
class CaptureSettings:
    me: tuple[str, ...]
    skip: tuple[str, ...]
    subjects: bool
    ignored: tuple[str, ...]

    def to_json(self) -> dict:
        return {"me": list(self.me), "skip": list(self.skip), "subjects": self.subjects, "ignored": list(self.ignored)}


def current_settings() -> CaptureSettings:
    return CaptureSettings(tuple(settings.get(ME, []) or []), tuple(settings.get(SKIP, []) or []),
                           bool(settings.get(SUBJECTS, True)), tuple(settings.get(IGNORED, []) or []))


def _clean(values: Iterable[str]) -> list[str]:
    return sorted({rules_of.email_key(v) for v in values if v.strip()})


def save_settings(*, me: Iterable[str] | None = None, skip: Iterable[str] | None = None,
                  subjects: bool | None = None) -> Change:
    """My addresses, the skip list (addresses or domains) and whether notes keep subjects; None keeps one."""
    wanted = {ME: None if me is None else _clean(me), SKIP: None if skip is None else _clean(skip),
              SUBJECTS: subjects}
    with transaction():
        changed = [key for key, value in wanted.items() if value is not None and settings.get(key) != value]
        for key in changed:
            settings.put(key, wanted[key])
    return Change.of(settings=changed)


def ignore_suggestion(email: str) -> Change:
    """The user does not want this address suggested again (the Today panel's Ignore)."""
    with transaction():
        ignored = set(settings.get(IGNORED, []) or [])
        key = rules_of.email_key(email)
        if key in ignored:
            return Change()
        settings.put(IGNORED, sorted(ignored | {key}))
    return Change.of(settings=[IGNORED])
