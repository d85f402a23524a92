"""Etiquette use cases: name permission in letters, the monthly goal, the give-back matcher, the invitation
composer, and the contact edits that feed the rules (cadence, tags, permission).

Reads go through the store; every write is one transaction that re-derives the reminders it moves and
returns the `Change` it made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from netdesk.domain import composer, goals, letters, matcher, model
from netdesk.domain.change import Change
from netdesk.domain.contact_values import check_emails
from netdesk.domain.ids import ContactId
from netdesk.errors import InvalidValue, NotFound
from netdesk.services import reminders
from netdesk.store import activity, contact_facts, contact_flags, settings, tags
from netdesk.store import contacts as contact_store
from netdesk.store.db import transaction

TEMPLATE_KEY = "composer.template"
MATCH_CANDIDATES = 5000  # enough to rank well; keeps a vague article on a 100k store quick
KEEP = ...  # `set_contact`: leave this field as it is (None is a value: "no cadence", "unknown")


def derived(today: dt.date, contact_ids: Iterable[int] | None = None) -> Change:
    """Re-derive the reminders (of `contact_ids`, or all) inside the caller's transaction: the `Change`
    names the reminders written and the contacts whose due date moved with them."""
    return reminders.change_of(reminders.derive(today, contact_ids=contact_ids))


# --- name permission -------------------------------------------------------------------------------

def read_letter(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig", errors="replace")
    except FileNotFoundError:
        raise NotFound(f"no such file: {path}") from None
    except IsADirectoryError:
        raise InvalidValue(f"{path} is a folder, not a letter") from None
    except OSError as exc:
        raise InvalidValue(f"cannot read {path}: {exc.strerror}") from None


def check_letter(text: str) -> list[model.Contact]:
    """Contacts named in the letter who have not cleared the use of their name."""
    return contact_store.load(letters.unpermitted_named_in(text, contact_facts.names_without_permission()))


# --- monthly goal ----------------------------------------------------------------------------------

def goal_progress(year: int, month: int) -> goals.GoalProgress:
    """New contacts in the month: met-on counts, else the day the contact was added."""
    start, end = goals.month_bounds(year, month)
    return goals.GoalProgress(year, month, settings.rule_settings().monthly_goal,
                              activity.new_contacts_between(start, end))


# --- give-back matcher -----------------------------------------------------------------------------

def match(text: str, *, tags: Sequence[str] = (), limit: int = 20) -> list[matcher.Match]:
    words = matcher.keywords(text)
    if not words and not any(t.strip() for t in tags):
        raise InvalidValue("give some words of the article, or --tag")
    ids = set(_tagged(list(tags) + words))
    ids |= set(contact_facts.ids_matching_words([w for w in words if len(w) >= 3], limit=MATCH_CANDIDATES))
    candidates = [matcher.Candidate.of(c) for c in contact_store.load(sorted(ids))]
    return matcher.rank(candidates, text, tags, limit)


def _tagged(names: Sequence[str]) -> list[int]:
    return tags.members(tags.ids_by_folded_name(names), limit=MATCH_CANDIDATES)


# --- invitation composer ---------------------------------------------------------------------------

def template() -> str:
    return settings.get(TEMPLATE_KEY, composer.DEFAULT_TEMPLATE)


def set_template(text: str | None) -> Change:
    """Save a new template (None restores the default); an unknown placeholder is refused."""
    if text is None:
        text = composer.DEFAULT_TEMPLATE
    elif not text.strip():
        raise InvalidValue("the template is empty")
    try:
        composer.check_template(text)
    except ValueError as exc:
        raise InvalidValue(str(exc)) from None
    with transaction():
        settings.put(TEMPLATE_KEY, text)
    return Change.of(settings=[TEMPLATE_KEY])


def compose(contact_id: ContactId, *, template_text: str | None = None) -> tuple[str, list[str]]:
    facts = contact_facts.compose_facts(contact_id)
    if facts is None:
        raise NotFound(f"no contact with id {contact_id}")
    try:
        return composer.compose(template_text if template_text is not None else template(), facts)
    except ValueError as exc:
        raise InvalidValue(str(exc)) from None


# --- contact edits that feed the rules ----------------------------------------------------------------

def _stripped(**values: str | None) -> dict:
    return {key: value.strip() for key, value in values.items() if value is not None}


def set_contact(contact_id: ContactId, *, today: dt.date, every_days: int | None | object = KEEP,
                add_tags: Sequence[str] = (), remove_tags: Sequence[str] = (), name_ok: bool | None = None,
                how_met: str | None = None, met_on: dt.date | None | object = KEEP,
                introduced_by: ContactId | None | object = KEEP, organisation: str | None = None,
                title: str | None = None, offer: str | None = None, birthday: str | None | object = KEEP,
                add_emails: Sequence[str] = (), anniversary: str | None | object = KEEP) -> Change:
    """Edit what `contact set` covers; `KEEP` (and None for text) leaves a field as it is. `add_emails`
    adds addresses the contact does not have yet (the one email rule applies).

    One transaction: the edit, the search text, and that contact's reminders re-derived.
    """
    if every_days is not KEEP and every_days is not None and int(every_days) <= 0:  # type: ignore[arg-type]
        raise InvalidValue(f"--every must be a positive number of days, not {every_days}")
    if introduced_by is not KEEP and introduced_by == contact_id:
        raise InvalidValue("a contact cannot have introduced themselves")
    # The standing offer is habit 8: what you would do in return for their favours.
    values = _stripped(how_met=how_met, organisation=organisation, title=title, offer=offer)
    values |= {key: value for key, value in (("every_days", every_days), ("met_on", met_on),
                                              ("introduced_by", introduced_by), ("birthday", birthday),
                                              ("anniversary", anniversary))
               if value is not KEEP}
    if name_ok is not None:
        values["name_ok"] = name_ok
    with transaction():
        if not contact_facts.exists(contact_id):
            raise NotFound(f"no contact with id {contact_id}")
        before = contact_flags.cadences([contact_id])
        contact_facts.update_rule_fields(contact_id, values)
        if add_emails:
            have = contact_store.values(contact_id, ["emails"])["emails"]
            known = {address.casefold() for address in have}
            new = [a for a in dict.fromkeys(check_emails(add_emails)) if a.casefold() not in known]
            if new:
                contact_store.update(contact_id, {"emails": [*have, *new]})
        tags.tag_contact(contact_id, add_tags)
        tags.untag_contact(contact_id, remove_tags)
        contact_facts.refresh_search_text([contact_id])
        contact_flags.start_new_cadences(before, today)  # a new cadence counts from today
        return Change.of(contacts=[contact_id]) | derived(today, [contact_id])


def tag_size(tag: str) -> int:
    """How many contacts carry the tag."""
    return tags.count_members(tag)


def tag_every(tag: str, every_days: int | None, *, today: dt.date) -> Change:
    """Set a tag's keep-in-touch cadence (creating the tag, so contacts tagged later get it too).

    The `Change` names every contact that carries the tag now, whether or not a reminder moved.
    """
    if every_days is not None and every_days <= 0:
        raise InvalidValue(f"a cadence is a positive number of days, not {every_days}")
    if not tag.strip():
        raise InvalidValue("name the tag")
    with transaction():
        tag_id = tags.ensure_tags([tag])[tag.strip()]
        members = tags.members([tag_id])
        before = contact_flags.cadences(members)
        tags.set_cadence(tag_id, every_days)
        contact_flags.start_new_cadences(before, today)
        return Change.of(contacts=members) | derived(today, members)
