"""Reasons to get in touch (PRODUCT.md habits 6 and 7): for a keep-in-touch contact due this week, share
something you recently passed on to others that matches them, else say hello when it has been long, else
give them a career update."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from netdesk.domain import matcher
from netdesk.domain.model import Contact, Reminder

SHARE_WINDOW_DAYS = 60  # articles and invitations older than this are stale news
SAY_HELLO_AFTER_DAYS = 120
SHARE_KINDS = ("article", "event")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A keep-in-touch contact due this week, with a reason to get in touch and, maybe, something to share."""

    reminder_id: int
    contact_id: int
    contact: str
    due: dt.date
    reason: str
    share: str = ""
    share_link: str | None = None


@dataclass(frozen=True, slots=True)
class Shareable:
    text: str
    link: str | None
    words: tuple[str, ...]


def shareables(newest_first: Iterable[tuple[str, str | None]]) -> list[Shareable]:
    """Distinct texts, oldest first, with their keywords worked out once (not once per contact).

    A text given twice keeps its newest link.
    """
    seen: dict[str, Shareable] = {}
    for text, link in reversed(list(newest_first)):
        seen.pop(text, None)
        seen[text] = Shareable(text, link, tuple(matcher.keywords(text)))
    return list(seen.values())


def suggest(reminder: Reminder, person: Contact, shareable: Sequence[Shareable], today: dt.date) -> Suggestion:
    best = matcher.best_of(matcher.Candidate.of(person), [(s.text, s.words) for s in shareable])
    if best is not None:
        found, index = best
        item = shareable[index]
        return Suggestion(reminder.id, person.id, person.name, reminder.due,
                          f"Share “{item.text}” ({'; '.join(found.reasons)})", item.text, item.link)
    last = person.last_contacted
    if last is None or (today - last).days >= SAY_HELLO_AFTER_DAYS:
        since = "since you met" if last is None else f"since {last.strftime('%B %Y')}"
        reason = f"Say hello: you have not been in touch {since}"
    else:
        reason = "Give a career update: tell them what you are working on now"
    return Suggestion(reminder.id, person.id, person.name, reminder.due, reason)
