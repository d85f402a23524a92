"""Etiquette helpers over the store: name permission in letters, the monthly goal, the give-back
matcher, the invitation composer, and the contact edits that feed the rules (cadence, tags, permission).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from netdesk.domain import composer, goals, letters, matcher, model
from netdesk.domain.ids import ContactId
from netdesk.domain.text import fold
from netdesk.errors import InvalidValue, NotFound
from netdesk.services import reminders
from netdesk.store import contacts as q
from netdesk.store import settings
from netdesk.store.models import Contact, ContactTag, Interaction, Tag, database

TEMPLATE_KEY = "composer.template"
MATCH_CANDIDATES = 5000  # enough to rank well; keeps a vague article on a 100k store quick


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
    folded = fold(text)
    forms = []
    rows = Contact.select(Contact.id, Contact.name, Contact.sort_name, Contact.given_name, Contact.family_name) \
        .where(Contact.name_ok == 0).order_by(Contact.sort_name, Contact.id).tuples()
    for cid, name, sort_name, given, family in rows:
        # Cheap prefilter: some word of the name must occur at all before any regex is built.
        heads = [(sort_name.split() or [""])[0], fold(given).split(" ")[0], fold(family).split(" ")[0]]
        # In scripts written without spaces the letter may still space the name: test its first character.
        heads = [h[:1] if h and letters.unspaced_script(h[0]) else h for h in heads]
        if any(h and h in folded for h in heads):
            forms.append(letters.NameForms(cid, name, given, family))
    return q.load(letters.named_in(text, forms))


# --- monthly goal ----------------------------------------------------------------------------------

def goal_progress(year: int, month: int) -> goals.GoalProgress:
    """New contacts in the month: met-on counts, else the day the contact was added."""
    start, end = goals.month_bounds(year, month)
    count = Contact.select().where(
        (Contact.met_on.is_null(False) & (Contact.met_on >= start) & (Contact.met_on < end))
        | (Contact.met_on.is_null() & (Contact.created_on >= start) & (Contact.created_on < end))
    ).count()
    return goals.GoalProgress(year, month, settings.rule_settings().monthly_goal, count)


# --- give-back matcher -----------------------------------------------------------------------------

def match(text: str, *, tags: Sequence[str] = (), limit: int = 20) -> list[matcher.Match]:
    words = matcher.keywords(text)
    wanted_tags = {fold(t) for t in tags} | set(words)
    if not wanted_tags:
        raise InvalidValue("give some words of the article, or --tag")
    tag_ids = [tid for tid, name in Tag.select(Tag.id, Tag.name).tuples() if fold(name) in wanted_tags]
    ids: set[int] = set()
    if tag_ids:
        ids |= {cid for (cid,) in ContactTag.select(ContactTag.contact).where(ContactTag.tag.in_(tag_ids))
                .limit(MATCH_CANDIDATES).tuples()}
    long_words = [w for w in words if len(w) >= 3]
    if long_words:
        from peewee import SQL

        query = " OR ".join('"' + w.replace('"', '""') + '"' for w in long_words)
        ids |= {cid for (cid,) in Contact.select(Contact.id).where(
            Contact.id.in_(SQL("(SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?)", (query,)))
        ).limit(MATCH_CANDIDATES).tuples()}
    candidates = [matcher.Candidate(c.id, c.name, c.tags, c.organisation, c.title, c.notes, c.strength)
                  for c in q.load(sorted(ids))]
    return matcher.rank(candidates, text, tags, limit)


# --- invitation composer ---------------------------------------------------------------------------

def template() -> str:
    return settings.get(TEMPLATE_KEY, composer.DEFAULT_TEMPLATE)


def set_template(text: str | None) -> str:
    """Save a new template (None restores the default); an unknown placeholder is refused."""
    if text is None:
        with database.atomic():
            settings.put(TEMPLATE_KEY, composer.DEFAULT_TEMPLATE)
        return composer.DEFAULT_TEMPLATE
    if not text.strip():
        raise InvalidValue("the template is empty")
    try:
        composer.check_template(text)
    except ValueError as exc:
        raise InvalidValue(str(exc)) from None
    with database.atomic():
        settings.put(TEMPLATE_KEY, text)
    return text


def compose(contact_id: ContactId, *, template_text: str | None = None) -> tuple[str, list[str]]:
    row = Contact.get_or_none(Contact.id == contact_id)
    if row is None:
        raise NotFound(f"no contact with id {contact_id}")
    last = Interaction.select(Interaction.kind, Interaction.on_date).where(Interaction.contact == contact_id) \
        .order_by(Interaction.on_date.desc(), Interaction.id.desc()).first()
    facts = composer.ComposeFacts(
        name=row.name, first_name=row.given_name, how_met=row.how_met, title=row.title,
        organisation=row.organisation, last_kind=last.kind if last else "",
        last_on=last.on_date.isoformat() if last else "",
    )
    try:
        return composer.compose(template_text if template_text is not None else template(), facts)
    except ValueError as exc:
        raise InvalidValue(str(exc)) from None


# --- contact edits that feed the rules ----------------------------------------------------------------

def set_contact(contact_id: ContactId, *, today: dt.date, every_days: int | None | object = ...,
                add_tags: Sequence[str] = (), remove_tags: Sequence[str] = (), name_ok: bool | None = None,
                how_met: str | None = None, met_on: dt.date | None | object = ...,
                introduced_by: ContactId | None | object = ..., organisation: str | None = None,
                title: str | None = None, offer: str | None = None) -> model.Contact:
    """Edit what `contact set` covers; `...` means "leave as it is". Re-derives that contact's reminders."""
    if Contact.get_or_none(Contact.id == contact_id) is None:
        raise NotFound(f"no contact with id {contact_id}")
    if every_days is not ... and every_days is not None and int(every_days) <= 0:  # type: ignore[arg-type]
        raise InvalidValue(f"--every must be a positive number of days, not {every_days}")
    if introduced_by is not ... and introduced_by == contact_id:
        raise InvalidValue("a contact cannot have introduced themselves")
    values: dict = {}
    if every_days is not ...:
        values["every_days"] = every_days
    if name_ok is not None:
        values["name_ok"] = name_ok
    if how_met is not None:
        values["how_met"] = how_met.strip()
    if met_on is not ...:
        values["met_on"] = met_on
    if introduced_by is not ...:
        values["introduced_by"] = introduced_by
    if organisation is not None:
        values["organisation"] = organisation.strip()
    if title is not None:
        values["title"] = title.strip()
    if offer is not None:
        values["offer"] = offer.strip()  # habit 8: the standing offer to return a favour
    with database.atomic():
        if values:
            values["updated_at"] = q.now_stamp()
            Contact.update(**values).where(Contact.id == contact_id).execute()
        for tag_id in q.ensure_tags(add_tags).values():
            ContactTag.insert(contact=contact_id, tag=tag_id).on_conflict_ignore().execute()
        folded = {fold(t) for t in remove_tags if t.strip()}
        if folded:
            drop = [tid for tid, name in Tag.select(Tag.id, Tag.name).tuples() if fold(name) in folded]
            ContactTag.delete().where((ContactTag.contact == contact_id) & ContactTag.tag.in_(drop)).execute()
        q.search_text_for([contact_id])
        reminders.derive(today, contact_ids=[contact_id])
    return q.get(contact_id)


def tag_every(tag: str, every_days: int | None, *, today: dt.date) -> int:
    """Set a tag's keep-in-touch cadence (creating the tag, so contacts tagged later get it too);
    returns how many contacts carry the tag now."""
    if every_days is not None and every_days <= 0:
        raise InvalidValue(f"a cadence is a positive number of days, not {every_days}")
    if not tag.strip():
        raise InvalidValue("name the tag")
    with database.atomic():
        tag_id = q.ensure_tags([tag]).get(tag.strip())
        members = [cid for (cid,) in ContactTag.select(ContactTag.contact).where(ContactTag.tag == tag_id).tuples()]
        Tag.update(every_days=every_days).where(Tag.id == tag_id).execute()
        reminders.derive(today, contact_ids=members)
    return len(members)
