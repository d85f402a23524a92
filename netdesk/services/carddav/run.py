"""One contact sync of one account (SYNC.md): pull what changed on the server since the sync token, merge
it card by card, then push what changed in netdesk (the contact outbox). The token is kept only once
every change it reported is in netdesk, so an interrupted sync is simply done again, and a card already
merged is recognised by its ETag.

The mass-delete guard: a sync that would archive (or delete on the server) more than half of the cards it
holds, and more than ten, stops before touching anything and asks for `--allow-mass-delete`. That is
what a wiped or wrong address book looks like.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import caldav

from netdesk.domain.change import Change
from netdesk.domain.sync_account import Account
from netdesk.errors import ImportRefused
from netdesk.services.carddav import dav
from netdesk.services.carddav.cards import PARALLEL_FROM, Reconciler
from netdesk.services.sync.connection import SyncError
from netdesk.store import card_sync as state
from netdesk.store.db import transaction

MASS_SHARE = 0.5
MASS_FLOOR = 10


@dataclass
class ContactsResult:
    pushed: int = 0
    pulled: int = 0
    archived: int = 0
    conflicts: int = 0
    pending: int = 0
    change: Change = field(default_factory=Change)
    errors: list[str] = field(default_factory=list)
    duplicates: int = 0  # cards offered as likely duplicates, waiting for the user (`duplicates`)


def wanted(account: Account) -> bool:
    """Contacts sync where the account names an address book and contacts are not turned off."""
    return bool(account.contacts and account.addressbook)


def pending(account: Account) -> int:
    return state.pending(account.id) if wanted(account) else 0


def _guard(what: str, count: int, held: int, allow: bool) -> None:
    if count > MASS_FLOOR and count > MASS_SHARE * max(held, 1) and not allow:
        raise SyncError(f"{what} {count} of the {held} contacts netdesk syncs there, so nothing was changed; if "
                        "that is what you meant, sync again with --allow-mass-delete")


def sync_contacts(client: caldav.DAVClient, account: Account, *, today: dt.date, allow_mass_delete: bool = False,
                  dry_run: bool = False) -> ContactsResult:
    book = state.book(account.id)
    if book is None and dry_run:  # nothing is made on the server by a dry run: every contact would go up
        return ContactsResult(pushed=len(state.all_contact_ids()))
    if book is None:
        url = dav.find_or_make(client, account.addressbook)
        with transaction():
            state.set_book(account.id, url)
        book = state.book(account.id)
        assert book is not None
    upto = state.high_water(account.id)
    listing, changed, gone = _plan(client, account, book.url, book.sync_token, allow_mass_delete)
    people = sum(1 for item in state.items(account.id).values() if item.contact_id is not None)
    queued = state.queued(account.id, upto)
    if not book.first_done:
        queued = list(dict.fromkeys([*queued, *state.all_contact_ids()]))
    deleting = [cid for cid in queued if not state.contact_exists(cid)
                and state.item_of_contact(account.id, cid) is not None]
    _guard("netdesk would delete on the server", len(deleting), people, allow_mass_delete)
    if dry_run:
        return ContactsResult(pushed=len(queued), pulled=len(changed) + len(gone),
                              conflicts=state.conflict_count(account.id), pending=state.pending(account.id))
    work = Reconciler(client, account, book.url, today, first=not book.first_done)
    unreadable = _pull(work, client, book.url, listing, changed, gone)
    _decided(work, client, account)
    held = state.offered_contacts(account.id)  # neither sent nor paired until the user says who they are
    fresh = [cid for cid in queued if cid not in held and cid not in work.tally.touched
             and state.item_of_contact(account.id, cid) is None and state.contact_exists(cid)
             and not state.is_archived(cid)]
    if len(fresh) >= PARALLEL_FROM:  # a first upload: on parallel connections
        work.upload_new(fresh, upto)
    for contact_id in queued:
        if contact_id in held:  # kept queued: once the user answers, the next sync sends or pairs it
            with transaction():
                state.keep_queued(account.id, contact_id)
            continue
        if contact_id not in work.tally.touched:
            work.local(contact_id, upto)
        with transaction():  # reconciled as the store was at `upto`; a later write stays queued
            state.done(account.id, contact_id, upto)
    if work.tally.created and not unreadable:
        # The token predates the cards the push made: a server may leave a card made and deleted since out
        # of the next listing (Xandikos does), so the phone's deletion would never be seen. Listing again
        # from it moves the token past the push (netdesk's own cards come back with their ETags: skipped).
        listing, changed, gone = _plan(client, account, book.url, listing.token, allow_mass_delete)
        unreadable = _pull(work, client, book.url, listing, changed, gone)
    with transaction():
        if not unreadable:
            state.set_token(account.id, listing.token)
        state.set_first_done(account.id)
    tally = work.tally
    return ContactsResult(tally.pushed, tally.pulled, tally.archived, state.conflict_count(account.id),
                          state.pending(account.id), tally.change, unreadable,
                          duplicates=sum(1 for _a, card in state.offers(account.id)
                                         if card.base.get("decided") is None))


def _decided(work: Reconciler, client: caldav.DAVClient, account: Account) -> None:
    """Offers the user answered since (`duplicate link|separate`, the window): the card read again and
    linked to the contact named, or made a contact of its own."""
    for _account, card in state.offers(account.id):
        if card.base.get("decided") is None or card.uid in work._matched:
            continue
        got = dav.get(client, card.href)
        if got is None:  # gone from the server meanwhile
            with transaction():
                state.forget_item(account.id, card.uid)
            continue
        work.remote(card.href, *got)


def _plan(client: caldav.DAVClient, account: Account, book_url: str, token: str | None,
          allow_mass_delete: bool) -> tuple[dav.Listing, list[str], list[state.CardItem]]:
    """What the server says changed since `token`: cards to fetch, and cards gone (the guard checked)."""
    listing = dav.changes(client, book_url, token)
    held = state.items(account.id)
    by_path = {item.href: item for item in held.values()}
    changed = [p for p, etag in listing.changed.items()
               if (item := by_path.get(p)) is None or etag is None or item.etag != etag]
    gone = [by_path[p] for p in listing.deleted if p in by_path]
    if listing.full:
        gone += [item for path, item in by_path.items() if path not in listing.changed and item not in gone]
    people = sum(1 for item in held.values() if item.contact_id is not None)
    archiving = [item for item in gone if item.contact_id is not None and state.contact_exists(item.contact_id)]
    _guard("the address book on the server lost", len(archiving), people, allow_mass_delete)
    return listing, changed, gone


def _pull(work: Reconciler, client: caldav.DAVClient, book_url: str, listing: dav.Listing, changed: list[str],
          gone: list[state.CardItem]) -> list[str]:
    """Merge what changed on the server; returns what could not be read (left alone there)."""
    bodies = dav.bodies(client, book_url, changed)
    unreadable: list[str] = []
    for path in changed:
        if path in bodies:
            etag, text = bodies[path]
            try:
                work.remote(path, etag or listing.changed.get(path), text)
            except ImportRefused as e:  # left as it is on the server; the token stays, so it is read again
                unreadable.append(f"a card on the server cannot be read, and was left alone: {e}")
    for item in gone:
        work.deleted(item)
    return unreadable


def add_to(result, client: caldav.DAVClient, account: Account, *, today: dt.date, allow_mass_delete: bool,
           dry_run: bool) -> None:
    """The contact sync of an account folded into the account's sync result (services/sync/run.py)."""
    if not wanted(account):
        return
    found = sync_contacts(client, account, today=today, allow_mass_delete=allow_mass_delete, dry_run=dry_run)
    result.pushed += found.pushed
    result.pulled += found.pulled
    result.archived += found.archived
    result.conflicts += found.conflicts
    if hasattr(result, "duplicates"):
        result.duplicates += found.duplicates
    result.errors += found.errors
    if hasattr(result, "change"):
        result.change |= found.change
