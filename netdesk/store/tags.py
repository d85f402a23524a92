"""Tags as the rules see them: their keep-in-touch cadence, who carries them, tagging and untagging."""

from __future__ import annotations

from collections.abc import Iterable

from netdesk.domain.text import fold
from netdesk.store.contacts import ensure_tags
from netdesk.store.models import ContactTag, Tag

__all__ = ["ensure_tags", "ids_by_folded_name", "members", "count_members", "cadences", "set_cadence", "set_cadences",
           "tag_contact", "untag_contact"]


def ids_by_folded_name(names: Iterable[str]) -> list[int]:
    """Ids of the tags whose name folds to one of `names` (case and accents ignored)."""
    wanted = {fold(name) for name in names if name.strip()}
    if not wanted:
        return []
    return [tid for tid, name in Tag.select(Tag.id, Tag.name).tuples() if fold(name) in wanted]


def members(tag_ids: Iterable[int], *, limit: int | None = None) -> list[int]:
    """Contacts carrying any of the tags, each once, in id order."""
    ids = list(tag_ids)
    if not ids:
        return []
    query = (ContactTag.select(ContactTag.contact).where(ContactTag.tag.in_(ids)).distinct()
             .order_by(ContactTag.contact))
    if limit is not None:
        query = query.limit(limit)
    return [cid for (cid,) in query.tuples()]


def count_members(name: str) -> int:
    """How many contacts carry the tag called `name` (0 when there is no such tag)."""
    return ContactTag.select().join(Tag).where(Tag.name == name.strip()).count()


def cadences() -> dict[str, int | None]:
    """Every tag's keep-in-touch cadence in days (None: the tag sets none), by tag name."""
    return dict(Tag.select(Tag.name, Tag.every_days).order_by(Tag.name).tuples())


def set_cadence(tag_id: int, every_days: int | None) -> None:
    Tag.update(every_days=every_days).where(Tag.id == tag_id).execute()


def set_cadences(cadences_by_name: dict[str, int | None]) -> list[int]:
    """Set the cadence of each named tag that exists; returns the contacts carrying a tag that changed."""
    changed: list[int] = []
    current = dict(Tag.select(Tag.name, Tag.id).where(Tag.name.in_(list(cadences_by_name))).tuples())
    previous = cadences()
    for name, every in cadences_by_name.items():
        if name in current and previous.get(name) != every:
            set_cadence(current[name], every)
            changed.append(current[name])
    return members(changed)


def tag_contact(contact_id: int, names: Iterable[str]) -> None:
    """Add tags (created when new) to a contact; a tag it already has stays as it is."""
    for tag_id in ensure_tags(names).values():
        ContactTag.insert(contact=contact_id, tag=tag_id).on_conflict_ignore().execute()


def untag_contact(contact_id: int, names: Iterable[str]) -> None:
    """Remove the tags (matched case- and accent-blind) from a contact."""
    drop = ids_by_folded_name(names)
    if drop:
        ContactTag.delete().where((ContactTag.contact == contact_id) & ContactTag.tag.in_(drop)).execute()
