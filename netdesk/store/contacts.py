"""Contact queries that return domain records, a contact's writes, and the denormalised search text that
feeds FTS."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

import peewee as pw

from netdesk.domain import model
from netdesk.domain.ids import ContactId
from netdesk.domain.text import fold, split_name
from netdesk.store.contact_flags import archived_from_extra
from netdesk.store.models import Contact, ContactTag, Email, Phone, Tag, database
from netdesk.store.vocabulary import TrigramVocabulary

_DIGITS = re.compile(r"\D+")


def email_key(value: str) -> str:
    return value.strip().casefold()


def phone_digits(value: str) -> str:
    """The last nine digits: enough to match +44 20 7946 0018 with 020 7946 0018."""
    return _DIGITS.sub("", value)[-9:]


def now_stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def search_text_for(contact_ids: Iterable[int]) -> None:
    """Recompute the folded search text (names, emails, organisation, title, notes, tags) for contacts."""
    ids = list(contact_ids)
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start:chunk_start + 500]
        emails = _grouped(Email.select(Email.contact, Email.value).where(Email.contact.in_(chunk)).tuples())
        tags = _grouped(
            ContactTag.select(ContactTag.contact, Tag.name).join(Tag).where(ContactTag.contact.in_(chunk)).tuples()
        )
        rows = Contact.select(
            Contact.id, Contact.name, Contact.organisation, Contact.title, Contact.notes,
            Contact.department, Contact.phonetic_given, Contact.phonetic_family,
        ).where(Contact.id.in_(chunk)).tuples()
        for cid, name, org, title, notes, dept, pg, pf in rows:
            text = fold(" | ".join([name, org, dept, title, pg, pf, *emails.get(cid, []), *tags.get(cid, []), notes]))
            Contact.update(search_text=text, sort_name=fold(name)).where(Contact.id == cid).execute()


def _grouped(pairs: Iterable[tuple[int, str]]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for key, value in pairs:
        out[key].append(value)
    return out


def load(contact_ids: Sequence[int]) -> list[model.Contact]:
    """Domain contacts in the order of `contact_ids`, in a fixed number of queries whatever the count."""
    if not contact_ids:
        return []
    result: dict[int, model.Contact] = {}
    for start in range(0, len(contact_ids), 900):
        chunk = list(contact_ids[start:start + 900])
        emails = _grouped(
            Email.select(Email.contact, Email.value).where(Email.contact.in_(chunk)).order_by(Email.position, Email.id).tuples()
        )
        phones = _grouped(
            Phone.select(Phone.contact, Phone.value).where(Phone.contact.in_(chunk)).order_by(Phone.position, Phone.id).tuples()
        )
        tags = _grouped(
            ContactTag.select(ContactTag.contact, Tag.name).join(Tag).where(ContactTag.contact.in_(chunk))
            .order_by(Tag.name).tuples()
        )
        for row in Contact.select().where(Contact.id.in_(chunk)):
            result[row.id] = to_domain(row, emails.get(row.id, []), phones.get(row.id, []), tags.get(row.id, []))
    return [result[cid] for cid in contact_ids if cid in result]


def get(contact_id: int) -> model.Contact | None:
    found = load([contact_id])
    return found[0] if found else None


def to_domain(row: Contact, emails: list[str], phones: list[str], tags: list[str]) -> model.Contact:
    return model.Contact(
        id=ContactId(row.id),
        name=row.name,
        emails=tuple(emails),
        phones=tuple(phones),
        organisation=row.organisation,
        title=row.title,
        tags=tuple(tags),
        how_met=row.how_met,
        met_on=row.met_on,
        created_on=row.created_on,
        every_days=row.every_days,
        last_contacted=row.last_contacted,
        name_ok=bool(row.name_ok),
        notes=row.notes,
        strength=row.strength,
        given_name=row.given_name,
        family_name=row.family_name,
        department=row.department,
        linkedin_url=row.linkedin_url,
        introduced_by=ContactId(row.introduced_by_id) if row.introduced_by_id else None,
        next_due=row.next_due,
        archived_on=archived_from_extra(row.extra),
    )


def ids_by_name(name: str) -> list[int]:
    """Contacts whose display name equals `name`, ignoring case and accents."""
    key = fold(name)
    return [cid for (cid,) in Contact.select(Contact.id).where(Contact.sort_name == key).order_by(Contact.id).tuples()]


def ids_by_email(address: str) -> list[int]:
    key = email_key(address)
    query = Email.select(Email.contact).where(Email.value_key == key).distinct().order_by(Email.contact)
    return [cid for (cid,) in query.tuples()]


def search_terms(text: str) -> list[str]:
    """Folded words of a query; every word must match (in any field, any order)."""
    return [word for word in fold(text).split(" ") if word]


def search_condition(query: str, vocabulary: TrigramVocabulary | None = None) -> pw.Expression | None:
    """A WHERE condition on Contact for the search box.

    Words of three characters or more go to the FTS5 trigram index in one MATCH (an implicit AND).
    Shorter words have no trigram of their own: with the index's `vocabulary` they become an OR of the
    indexed trigrams that contain them (exact, see TrigramVocabulary); without it, or when they are so
    common that the OR would be slower than a scan, they are a substring test on the same folded text.
    """
    terms = search_terms(query)
    if not terms:
        return None
    groups: list[str] = []
    scanned: list[str] = []
    for term in terms:
        if len(term) >= 3:
            groups.append(_phrase(term))
            continue
        found = vocabulary.containing(term) if vocabulary is not None else None
        if found is None:
            scanned.append(term)
        elif not found:
            return pw.SQL("0")  # no indexed text contains it: nothing can match
        else:
            groups.append("(" + " OR ".join(_phrase(t) for t in found) + ")")
    condition: pw.Expression | None = None
    if groups:
        sub = pw.SQL("(SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?)", (" AND ".join(groups),))
        condition = Contact.id.in_(sub)
    for term in scanned:
        like = Contact.search_text.contains(term)  # peewee escapes % and _ itself
        condition = like if condition is None else (condition & like)
    return condition


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def tag_condition(tag: str) -> pw.Expression:
    sub = ContactTag.select(ContactTag.contact).join(Tag).where(Tag.name == tag)
    return Contact.id.in_(sub)


def ensure_tags(names: Iterable[str]) -> dict[str, int]:
    """Ids of tags by name (case-insensitive), creating the missing ones."""
    out: dict[str, int] = {}
    for name in names:
        clean = name.strip()
        if not clean:
            continue
        existing = Tag.get_or_none(Tag.name == clean)
        if existing is None:
            existing = Tag.create(name=clean)
        out[clean] = existing.id
    return out


def in_transaction() -> bool:
    return database.in_transaction()


# -- writes of one contact (the callers hold the transaction) -------------------------------------------
LIST_FIELDS = ("emails", "phones", "tags")


def name_columns(name: str) -> dict[str, str]:
    """The columns a display name sets: the name, its split, and the folded form the list sorts by."""
    given, family = split_name(name)
    return {"name": name, "given_name": given, "family_name": family, "sort_name": fold(name)}


def exists(contact_id: int) -> bool:
    return Contact.select(Contact.id).where(Contact.id == contact_id).exists()


def create(name: str, *, created_on: dt.date, contact_id: int | None = None) -> int:
    """A new contact with only its name (`contact_id` re-creates an undone one in place); returns its id."""
    extra = {"id": contact_id} if contact_id is not None else {}
    row = Contact.create(**name_columns(name), created_on=created_on, updated_at=now_stamp(), **extra)
    return row.id


def update(contact_id: int, columns: dict) -> None:
    """Set plain columns (`name` sets its split and sort form too, `introduced_by` the referrer) and the
    lists in LIST_FIELDS; the search text follows."""
    plain = {k: v for k, v in columns.items() if k not in LIST_FIELDS and k != "name"}
    if "name" in columns:
        plain.update(name_columns(columns["name"]))
    if plain:
        Contact.update(**plain, updated_at=now_stamp()).where(Contact.id == contact_id).execute()
    # A list edit names values only: a value that stays keeps the label it had (work, home, cell), which an
    # import or the phone's address book gave it and which CardDAV carries back to the server.
    if "emails" in columns:
        labels = dict(Email.select(Email.value_key, Email.label).where(Email.contact == contact_id).tuples())
        Email.delete().where(Email.contact == contact_id).execute()
        _insert(Email, [{"contact": contact_id, "value": address, "value_key": email_key(address), "position": i,
                         "label": labels.get(email_key(address), "")}
                        for i, address in enumerate(columns["emails"])])
    if "phones" in columns:
        labels = dict(Phone.select(Phone.digits, Phone.label).where(Phone.contact == contact_id).tuples())
        Phone.delete().where(Phone.contact == contact_id).execute()
        _insert(Phone, [{"contact": contact_id, "value": number, "digits": phone_digits(number), "position": i,
                         "label": labels.get(phone_digits(number), "")}
                        for i, number in enumerate(columns["phones"])])
    if "tags" in columns:
        ContactTag.delete().where(ContactTag.contact == contact_id).execute()
        _insert(ContactTag, [{"contact": contact_id, "tag": tag_id} for tag_id in ensure_tags(columns["tags"]).values()])
    search_text_for([contact_id])


def _insert(model: type[pw.Model], rows: list[dict]) -> None:
    if rows:
        model.insert_many(rows).on_conflict_ignore().execute()


def values(contact_id: int, keys: Sequence[str]) -> dict | None:
    """The stored values of those fields (column names, `introduced_by`, and the LIST_FIELDS), or None
    when there is no such contact."""
    row = Contact.get_or_none(Contact.id == contact_id)
    if row is None:
        return None
    out: dict = {}
    for key in keys:
        if key == "emails":
            out[key] = [v for (v,) in Email.select(Email.value).where(Email.contact == contact_id)
                        .order_by(Email.position, Email.id).tuples()]
        elif key == "phones":
            out[key] = [v for (v,) in Phone.select(Phone.value).where(Phone.contact == contact_id)
                        .order_by(Phone.position, Phone.id).tuples()]
        elif key == "tags":
            out[key] = [v for (v,) in Tag.select(Tag.name).join(ContactTag).where(ContactTag.contact == contact_id)
                        .order_by(Tag.name).tuples()]
        elif key == "introduced_by":
            out[key] = row.introduced_by_id
        else:
            out[key] = getattr(row, key)
    return out


def delete(contact_id: int) -> None:
    """Remove a contact; its history goes with it (ON DELETE CASCADE)."""
    Contact.delete().where(Contact.id == contact_id).execute()


def photo(contact_id: int) -> tuple[bytes | None, str | None] | None:
    """(photo, its MIME type), or None when there is no such contact."""
    row = Contact.select(Contact.photo, Contact.photo_mime).where(Contact.id == contact_id).tuples().first()
    if row is None:
        return None
    return (bytes(row[0]) if row[0] is not None else None, row[1])


def set_photo(contact_id: int, data: bytes | None, mime: str | None) -> None:
    Contact.update(photo=data, photo_mime=mime, updated_at=now_stamp()).where(Contact.id == contact_id).execute()
