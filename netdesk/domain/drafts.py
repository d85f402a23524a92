"""The message a reminder's habit calls for (PRODUCT.md), drafted from the facts: pure, like the composer.

Short and personal: a thank-you says what they did, when, and offers to return the favour; a
close-the-loop tells the giver what came of their lead; an expect-call says who will call and why; a
check-back asks whether the introduction helped; a keep-in-touch hello offers something (a match for
their interests, your news, or a question about what you last talked about). A line whose facts are
missing is left out (see `message_templates.fill`), so no placeholder or empty value ever shows.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from netdesk.domain import matcher, names, reach_out
from netdesk.domain.contact_values import is_email
from netdesk.domain.kinds import AskStatus
from netdesk.domain.kinds import ReminderKind as K
from netdesk.domain.message_templates import DEFAULTS, Template, fill

DEFAULT_OFFER = "If there is ever anything I can do for you in return, please just ask."
MAILTO_LIMIT = 1800  # longer mailto: URLs are cut off by some mail programs; the window copies the body instead
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_EMAIL_IN_TEXT = re.compile(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"']+\.[^\s<>()\[\],;:\"'.]+")


@dataclass(frozen=True, slots=True)
class Person:
    """Someone a draft is to or about."""

    name: str = ""
    given_name: str = ""
    title: str = ""
    organisation: str = ""
    name_ok: bool = False
    emails: tuple[str, ...] = ()

    @property
    def role(self) -> str:
        return " at ".join(part for part in (self.title.strip(), self.organisation.strip()) if part)


@dataclass(frozen=True, slots=True)
class Preferences:
    """The user's own words (Preferences, Messages): their name, their standing offer, their news."""

    signature: str = ""
    offer: str = ""
    news: str = ""
    my_email: str = ""


@dataclass(frozen=True, slots=True)
class DraftFacts:
    """Everything one reminder's draft may say. Empty strings and None mean "not known"."""

    reminder_id: int
    kind: K
    contact: Person
    source: str = ""
    what: str = ""  # the favour, the lead, the ask
    on: dt.date | None = None  # when it happened (favour, lead, referral; an ask's resolution)
    ask_status: str = ""
    outcome: str = ""
    contact_offer: str = ""  # the standing offer kept on the contact (habit 8)
    other: Person = field(default_factory=Person)  # a referral's other side
    why: str = ""  # a referral's note
    tags: tuple[str, ...] = ()
    notes: str = ""
    shares: tuple[tuple[str, str | None], ...] = ()  # recent gives to others, newest first
    last_on: dt.date | None = None
    last_note: str = ""
    brief: str = ""
    meeting_day: dt.date | None = None
    preferences: Preferences = field(default_factory=Preferences)


@dataclass(frozen=True, slots=True)
class Draft:
    reminder_id: int
    kind: K
    to: tuple[str, ...]
    subject: str
    body: str
    warnings: tuple[str, ...] = ()

    @property
    def mailto(self) -> str:
        return mailto(self.to, self.subject, self.body)

    def to_json(self) -> dict:
        return {"reminder": self.reminder_id, "kind": self.kind.value, "to": list(self.to), "subject": self.subject,
                "body": self.body, "mailto": self.mailto, "warnings": list(self.warnings)}


def mailto(to: Sequence[str], subject: str, body: str) -> str:
    """A mailto: URL (RFC 6068), every field percent-encoded as UTF-8.

    Line breaks stay as written, so the body decoded from the URL is the body exactly; mail programs
    read %0A as a line break.
    """
    address = ",".join(urllib.parse.quote(a, safe="@") for a in to)
    query = "&".join(f"{key}={urllib.parse.quote(value, safe='')}" for key, value in (("subject", subject),
                                                                                     ("body", body)))
    return f"mailto:{address}?{query}"


def day_words(day: dt.date | None, today: dt.date) -> str:
    """'3 March' this year, '3 March 2025' another year; empty when unknown."""
    if day is None:
        return ""
    words = f"{day.day} {_MONTHS[day.month - 1]}"
    return words if day.year == today.year else f"{words} {day.year}"


def greeting_name(person: Person) -> str:
    """How to greet them: the given name, else the display name's given part, else the whole name.

    Names in Chinese, Japanese or Korean script (山田太郎) are greeted by the whole name: a bare given
    name would be too familiar, and a guess at where it starts too often wrong.
    """
    name = " ".join(person.name.split())
    if names.is_family_first_script(name):
        return name
    if person.given_name.strip():
        return person.given_name.strip()
    given, _family = names.split_name(name) if name else ("", "")
    return given or name


def sentence(text: str) -> str:
    """A fact as it sits inside a sentence: one line, no final full stop (the template adds its own)."""
    return " ".join(text.split()).rstrip(".")


def _full_sentence(text: str) -> str:
    clean = " ".join(text.split())
    return clean if not clean or clean[-1] in ".!?…。！？" else clean + "."


def _occasion(facts: DraftFacts) -> str:
    if facts.source == "lead":
        return "the lead you gave me"
    if facts.source == "ask":
        return ("taking the time to consider my request" if facts.ask_status == AskStatus.DECLINED.value
                else "your help with my request")
    return "what you did for me"


def _share(facts: DraftFacts) -> tuple[str, str]:
    """Something recently passed on to others that matches their tags and interests (the give-back matcher)."""
    items = reach_out.shareables(facts.shares)
    who = matcher.Candidate(0, facts.contact.name, facts.tags, facts.contact.organisation, facts.contact.title,
                            facts.notes)
    best = matcher.best_of(who, [(s.text, s.words) for s in items])
    if best is None:
        return "", ""
    item = items[best[1]]
    return sentence(item.text), (item.link or "").strip()


def values(facts: DraftFacts, today: dt.date) -> dict[str, str]:
    """Every placeholder's text for this reminder (empty when the fact is not known)."""
    prefs = facts.preferences
    out = {"first_name": greeting_name(facts.contact), "name": " ".join(facts.contact.name.split()),
           "signature": " ".join(prefs.signature.split()), "what": sentence(facts.what),
           "when": day_words(facts.on, today), "outcome": sentence(facts.outcome), "news": sentence(prefs.news)}
    if facts.kind is K.THANK_YOU:
        out["occasion"] = _occasion(facts)
        out["offer"] = _full_sentence(facts.contact_offer) or _full_sentence(prefs.offer) or DEFAULT_OFFER
    elif facts.kind is K.FOLLOW_UP:
        out["giver"] = out["name"] if facts.contact.name_ok else ""
    elif facts.kind is K.EXPECT_CALL:
        out |= {"seeker": " ".join(facts.other.name.split()), "seeker_role": facts.other.role,
                "why": sentence(facts.why),
                "permission": "Thank you for letting me pass on your name." if facts.contact.name_ok else ""}
    elif facts.kind is K.CHECK_BACK:
        out |= {"target": " ".join(facts.other.name.split()), "target_role": facts.other.role}
    elif facts.kind is K.KEEP_IN_TOUCH:
        share, link = _share(facts)
        out |= {"share": share, "share_link": link, "last_on": day_words(facts.last_on, today),
                "last_note": sentence(facts.last_note)}
    elif facts.kind is K.PREPARE:
        out |= {"brief": facts.brief.strip(), "meeting_day": day_words(facts.meeting_day, today)}
    return out


def recipients(facts: DraftFacts) -> tuple[str, ...]:
    """Who the message goes to: the contact; a lead's own address from its text; yourself for a brief."""
    if facts.kind is K.PREPARE:
        mine = facts.preferences.my_email.strip()
        return (mine,) if mine and is_email(mine) else ()
    if facts.kind is K.FOLLOW_UP:
        return tuple(dict.fromkeys(m.group(0) for m in _EMAIL_IN_TEXT.finditer(facts.what)))
    return facts.contact.emails[:1]


def _warnings(facts: DraftFacts, to: tuple[str, ...]) -> list[str]:
    name = " ".join(facts.contact.name.split()) or "this contact"
    out = []
    if not to and facts.kind is K.FOLLOW_UP:
        out.append("no address for the lead's contact is known; add it in your mail program")
    elif not to and facts.kind is not K.PREPARE:
        out.append(f"{name} has no email address; add one with `netdesk contact set` --email")
    if facts.kind is K.FOLLOW_UP and not facts.contact.name_ok:
        out.append(f"{name} has not cleared the use of their name, so the draft does not mention them")
    if facts.kind is K.EXPECT_CALL and not facts.contact.name_ok:
        out.append(f"{name} has not cleared the use of their name: ask them before {facts.other.name or 'anyone'} "
                   f"calls")
    return out


def draft(facts: DraftFacts, today: dt.date, templates: Mapping[K, Template] | None = None) -> Draft:
    """The draft for one reminder from its template (the user's, else the default)."""
    template = (templates or {}).get(facts.kind) or DEFAULTS[facts.kind]
    subject, body = fill(facts.kind, template, values(facts, today))
    to = recipients(facts)
    return Draft(facts.reminder_id, facts.kind, to, subject, body, tuple(_warnings(facts, to)))
