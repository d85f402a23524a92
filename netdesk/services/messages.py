"""Messages (CLI.md "Messages"): the draft a reminder's habit calls for, the templates and words the user
edits, and "sent", which closes the loop in one transaction.

netdesk never sends mail: the draft goes to the user's own mail program as a mailto: URL.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from netdesk.domain import drafts
from netdesk.domain.change import Change, Recorded
from netdesk.domain.contact_values import is_email
from netdesk.domain.drafts import Draft, DraftFacts, Person, Preferences
from netdesk.domain.ids import ReminderId
from netdesk.domain.kinds import InteractionKind, ReminderKind
from netdesk.domain.message_templates import DEFAULTS, FIELDS, Template, check
from netdesk.errors import InvalidValue, NotFound
from netdesk.services import leads, recording, reminders
from netdesk.services.records import RowState, capture, open_favours_and_leads
from netdesk.store import draft_facts, settings
from netdesk.store.db import transaction

__all__ = ["draft", "preferences", "preview", "sent", "sent_touches", "set_preferences", "set_template",
           "template", "templates"]


def _facts(reminder_id: int, today: dt.date) -> DraftFacts:
    found = draft_facts.facts(reminder_id, today)
    if found is None:
        raise NotFound(f"no reminder with id {reminder_id}")
    return found


def draft(reminder_id: int, *, today: dt.date) -> Draft:
    """The message for one reminder, from the user's template for its kind (else the default)."""
    facts = _facts(reminder_id, today)
    _prefs, edited = draft_facts.message_settings()
    try:
        return drafts.draft(facts, today, edited)
    except ValueError as exc:  # a template stored by hand that no longer checks
        raise InvalidValue(str(exc)) from None


# --- templates and the user's words ---------------------------------------------------------------------

def template(kind: ReminderKind) -> Template:
    return templates()[kind]


def templates() -> dict[ReminderKind, Template]:
    """Every kind's template: the user's where they edited it, else the default."""
    _prefs, edited = draft_facts.message_settings()
    return {kind: edited.get(kind, DEFAULTS[kind]) for kind in ReminderKind}


def fields(kind: ReminderKind) -> tuple[str, ...]:
    return FIELDS[kind]


def _checked(kind: ReminderKind, subject: str, body: str) -> Template:
    candidate = Template(subject.strip(), body.strip("\n"))
    try:
        check(kind, candidate)
    except ValueError as exc:
        raise InvalidValue(str(exc)) from None
    return candidate


def set_template(kind: ReminderKind, subject: str | None, body: str | None) -> Change:
    """Save a kind's template (None for both restores the default); an unknown placeholder is refused."""
    key = draft_facts.template_key(kind)
    if subject is None and body is None:
        with transaction():
            settings.put(key, None)
        return Change.of(settings=[key])
    current = template(kind)
    checked = _checked(kind, current.subject if subject is None else subject, current.body if body is None else body)
    with transaction():
        settings.put(key, checked.to_json())
    return Change.of(settings=[key])


def preview(kind: ReminderKind, subject: str, body: str, *, today: dt.date, on: int | None = None) -> Draft:
    """The template drafted on reminder `on` (one of its kind), else the newest real reminder of its kind;
    on sample facts when there is none."""
    checked = _checked(kind, subject, body)
    reminder_id = on if on is not None else draft_facts.newest_of_kind(kind)
    if reminder_id is not None:
        facts = dataclasses.replace(_facts(reminder_id, today), kind=kind)
    else:
        facts = dataclasses.replace(_SAMPLE, kind=kind, preferences=preferences())
    return drafts.draft(facts, today, {kind: checked})


_SAMPLE = DraftFacts(
    0, ReminderKind.THANK_YOU, Person("Chloé Martin", "Chloé", "Designer", "Acme", True, ("chloe@example.org",)),
    source="favour", what="introduced me to the design team", on=None, outcome="I start in May",
    other=Person("Kenji Sato", "Kenji", "Engineer", "Initech", True), why="a role in the platform team",
    last_note="your move to Lyon", brief="Brief: how you met, their role, your last interactions.")


def preview_choices(kind: ReminderKind) -> list[tuple[int, str]]:
    """(reminder id, contact name) of the newest reminders of a kind: whom a template can be previewed on."""
    return draft_facts.recent_of_kind(kind)


def preferences() -> Preferences:
    prefs, _templates = draft_facts.message_settings()
    return prefs


def set_preferences(*, signature: str | None = None, offer: str | None = None, news: str | None = None,
                    my_email: str | None = None) -> Change:
    """The user's own words (None leaves one as it is): their name, standing offer, news, own address."""
    given = {name: value.strip() for name, value in
             (("signature", signature), ("offer", offer), ("news", news), ("my_email", my_email)) if value is not None}
    if given.get("my_email") and not is_email(given["my_email"]):
        raise InvalidValue(f"{given['my_email']!r} is not an email address")
    keys = [draft_facts.PREFERENCE_KEYS[name] for name in given]
    with transaction():
        for name, value in given.items():
            settings.put(draft_facts.PREFERENCE_KEYS[name], value)
    return Change.of(settings=keys)


# --- sent: the loop closed ------------------------------------------------------------------------------

def _open_reminder(reminder_id: int):
    reminder = reminders.get(reminder_id)
    if reminder.contact_id is None:
        raise InvalidValue(f"reminder {reminder_id} has no contact any more (they were deleted)")
    if not reminder.status.is_active:
        raise InvalidValue(f"reminder {reminder_id} is already {reminder.status.value}")
    return reminder


def sent(reminder_id: ReminderId, *, on: dt.date, today: dt.date, logged: int | None = None) -> Recorded:
    """The message went out: close what the kind closes, and log an `email` interaction. One transaction.

    thank-you → thanks recorded (as the window's Thank does); close-the-loop → the lead reported; the rest →
    the reminder done. Closing comes first: the email then moves a keep-in-touch on to its next occurrence.
    A meeting brief is mail to yourself, so it is only marked done. The `Recorded` names the interaction
    (None of it for a brief: then its id is the reminder's). `logged` names an email interaction already
    in the store (mail that capture saw): then no second one is logged and the `Recorded` names that one.
    """
    with transaction():
        reminder = _open_reminder(reminder_id)
        contact_id = reminder.contact_id
        if reminder.kind is ReminderKind.THANK_YOU:
            change = recording.record_thanks(contact_id, on=on, today=today, note="thanked by email").change
        elif reminder.kind is ReminderKind.CLOSE_THE_LOOP:
            change = leads.mark_reported(reminder.source_id, on=on, today=today).change
        else:
            change = Change()
        if reminders.get(reminder_id).status.is_active:
            change |= reminders.mark_done(reminder_id, today=today)
        change |= Change.of(reminders=[reminder_id], contacts=[contact_id])
        if reminder.kind is ReminderKind.PREPARE:
            return Recorded(int(reminder_id), int(contact_id), change)
        if logged is not None:
            return Recorded(int(logged), int(contact_id), change)
        logged = recording.log_interaction(contact_id, InteractionKind.EMAIL.value, on=on, today=today,
                                           note=f"Sent: {reminder.title}")
        return Recorded(logged.id, int(contact_id), change | logged.change)


def sent_touches(reminder_id: int) -> list[RowState]:
    """The rows `sent` will change besides those it creates, captured before it runs (for undo)."""
    reminder = reminders.get(reminder_id)
    rows = capture("reminder", [reminder_id])
    if reminder.kind is ReminderKind.THANK_YOU and reminder.contact_id is not None:
        rows += open_favours_and_leads(reminder.contact_id)
    elif reminder.kind is ReminderKind.CLOSE_THE_LOOP:
        rows += capture("lead", [reminder.source_id])
    return rows

