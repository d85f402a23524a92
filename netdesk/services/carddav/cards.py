"""One card's reconciliation: the contact in netdesk, the card on the server and the last synced copy
(the base) merged field by field, then written where they differ: the server first (a conditional PUT),
then netdesk with the new ETag and base in one transaction. A crash between the two leaves a server
copy that already holds both sides' changes, which the next sync merges to the same result.
"""

from __future__ import annotations

import base64
import collections
import datetime as dt
import queue
from dataclasses import dataclass, field

import caldav

from netdesk.domain.change import Change
from netdesk.domain.sync_account import Account
from netdesk.domain.text import fold
from netdesk.exchange.card import ContactRecord, display_name
from netdesk.services import contact_archive
from netdesk.services.carddav import dav
from netdesk.services.carddav.fields import (
    LISTS,
    SCALARS,
    Card,
    base_json,
    merge,
    normal,
    of_record,
    parse,
    render,
    same,
    to_record,
)
from netdesk.services.exporting import default_uid
from netdesk.services.sync import connection
from netdesk.services.sync.connection import SyncError
from netdesk.store import card_sync as state
from netdesk.store import card_write, export_reads, settings
from netdesk.store.db import transaction

RETRIES = 3  # a 412 fetches, merges and writes again; past that someone keeps editing
PARALLEL = 2  # connections for a first upload of many cards (as the calendar's push: Radicale on 2 cores)
PARALLEL_FROM = 20  # new cards; fewer go one by one on the sync's own connection


@dataclass
class Tally:
    pushed: int = 0
    pulled: int = 0
    archived: int = 0
    created: int = 0  # cards the push made (If-None-Match)
    offered: int = 0  # cards offered as likely duplicates of contacts (a first sync)
    touched: set[int] = field(default_factory=set)  # contacts this sync reconciled
    change: Change = field(default_factory=Change)


def local_record(contact_id: int) -> ContactRecord | None:
    if not state.contact_exists(contact_id):
        return None
    return next(iter(export_reads.records([contact_id])))


def local_card(contact_id: int, uid: str) -> tuple[Card, ContactRecord] | None:
    record = local_record(contact_id)
    if record is None:
        return None
    return normal(record, uid)[0], record


def differs(a: dict, b: dict) -> bool:
    return any(not same(name, a.get(name), b.get(name)) for name in (*SCALARS, *LISTS))


def _conflict_value(name: str, value, card: Card):
    if name == "photo" and value and card.photo:
        return {"digest": value, "mime": card.photo[1], "base64": base64.b64encode(card.photo[0]).decode("ascii")}
    return value


class Reconciler:
    """The cards of one account's address book, one at a time."""

    def __init__(self, client: caldav.DAVClient, account: Account, book_url: str, today: dt.date, *,
                 first: bool = False) -> None:
        """`first`: the first sync with this address book, where a card that looks like a contact (the same
        name or phone, not the same UID, email or LinkedIn URL) is offered as a likely duplicate instead of
        being made a second contact."""
        self.client, self.account, self.book_url, self.today = client, account, book_url, today
        self.first = first
        self.tally = Tally()
        self._uids: dict[str, int] | None = None
        self._store_id: str | None = None
        self._taken: set[int] | None = None  # contacts paired or archived (a first sync asks for each new card)
        self._matched: dict[str, int | None] = {}

    # -- identity -------------------------------------------------------------------------------------
    def uid_for(self, contact_id: int, record: ContactRecord) -> str:
        """The contact's UID: the one its vCard brought, else the one its exports have always used."""
        for entry in record.extra.get("vcard", []):
            if str(entry[1]).upper() == "UID":
                uid = str(entry[3]).replace("\\", "")
                held = state.item(self.account.id, uid)
                if held is None or held.contact_id == contact_id:
                    return uid
        if self._store_id is None:
            self._store_id = settings.store_id() or "netdesk"
        return default_uid(self._store_id, contact_id)

    def match(self, uid: str, record: ContactRecord) -> int | None:
        """The contact a new server card is (SYNC.md identity): the same UID, else the same email address,
        else the same LinkedIn profile; never one already paired with another card, never an archived one.
        The answer is kept for the card, so a retry after a 412 pairs the same contact."""
        if uid in self._matched:
            return self._matched[uid]
        if self._taken is None:
            self._taken = state.unavailable(self.account.id)
        if self._uids is None:
            store_id = settings.store_id() or "netdesk"
            self._uids = {default_uid(store_id, cid): cid for cid in state.all_contact_ids()}
            self._uids.update(state.kept_uids())
        found = self._uids.get(uid)
        if found is not None and state.is_archived(found) and found not in state.paired_contacts(self.account.id):
            self._matched[uid] = found  # archived when the card went; the card is back (an undo on the phone)
            return found
        if found is None or found in self._taken or not state.contact_exists(found):
            by_email = sorted(state.ids_by_emails([e for e, _ in record.emails]) - self._taken)
            found = by_email[0] if by_email else state.id_by_linkedin(record.linkedin_url)
        if found is not None and found in self._taken:
            found = None
        if found is not None:
            self._taken.add(found)
        self._matched[uid] = found
        return found

    # -- a card that changed on the server ------------------------------------------------------------
    def remote(self, path: str, etag: str | None, text: str, contact_id: int | None = None) -> None:
        record = parse(text, f"{path} on the server")
        uid = _uid(record) or path
        for attempt in range(RETRIES):
            item = state.item(self.account.id, uid)
            if item is None:
                item = state.item_at(self.account.id, path)
            if self._remote_once(path, etag, uid, record, item, contact_id):
                return
            got = dav.get(self.client, path)  # a 412: the card moved on again
            if got is None:
                return
            etag, text = got
            record = parse(text, f"{path} on the server")
            if attempt == RETRIES - 1:
                break
        raise SyncError(f"{path} kept changing on the server while netdesk merged it; sync again")

    def _remote_once(self, path, etag, uid, record, item, contact_id) -> bool:
        if record.extra.get("kind") == "group" or not display_name(record):
            with transaction():  # not a person (an Apple group card) or nothing to show: left alone
                state.put_item(self.account.id, state.CardItem(uid, None, path, etag, {}))
            return True
        remote, _text = normal(record, uid)
        remote.uids = [e for e in record.extra.get("vcard", []) if str(e[1]).upper() == "UID"]
        if item is not None and item.contact_id is None and is_offer(item.base):
            return self._offered(uid, path, etag, record, remote, item)
        if item is not None and item.contact_id is None and item.base == {}:
            return True
        if item is None:
            contact_id = contact_id if contact_id is not None else self.match(uid, record)
            if contact_id is None:
                likely = self._likely(record) if self.first else []
                if likely:
                    with transaction():  # neither side gets a double until the user says who this is
                        state.put_item(self.account.id, state.CardItem(uid, None, path, etag, offer(record, likely)))
                    self.tally.offered += 1
                    return True
                self._create(uid, path, etag, remote)
                return True
            base = None
        else:
            contact_id, base = item.contact_id, item.base
            if contact_id is None or not state.contact_exists(contact_id):
                if base and not differs(remote.fields, base):  # deleted in netdesk, untouched on the server
                    return self._delete_remote(item, etag)
                self._create(uid, path, etag, remote)  # edited on the server: the edit wins
                return True
        if item is None and state.is_archived(contact_id):  # matched by UID: its card came back
            self.tally.change |= contact_archive.restore(contact_id, today=self.today)
        found = local_card(contact_id, uid)
        assert found is not None
        local, record_now = found
        return self._merge(uid, path, etag, contact_id, local, record_now, base, remote)

    # -- likely duplicates (a first sync) ---------------------------------------------------------------
    def _likely(self, record: ContactRecord) -> list[tuple[int, str, str]]:
        if self._taken is None:
            self._taken = state.unavailable(self.account.id)
        found = state.likely_contacts(fold(display_name(record) or ""), [p for p, _ in record.phones])
        return [entry for entry in found if entry[0] not in self._taken and state.contact_exists(entry[0])]

    def _offered(self, uid, path, etag, record, remote: Card, item: state.CardItem) -> bool:
        """A card offered as a likely duplicate: still waiting (kept, its summary as the server has it now),
        or decided: linked to the contact the user named (merged field by field, as a first sync pairs a
        card), or a separate person (a contact of its own)."""
        decided = item.base.get("decided")
        if decided is None:
            still = [c for c in item.base["offer"] if state.contact_exists(c) and c not in self._unavailable()]
            with transaction():
                if still:
                    kept = {**offer(record, []), "offer": still, "reasons": item.base.get("reasons", {})}
                    state.put_item(self.account.id, state.CardItem(uid, None, path, etag, kept))
                else:  # the contacts it looked like are gone or paired since: the card is a contact of its own
                    state.forget_item(self.account.id, uid)
            if not still:
                self._create(uid, path, etag, remote)
            return True
        contact_id = int(decided) if decided != "new" else None
        if contact_id is None or not state.contact_exists(contact_id) or contact_id in self._unavailable():
            self._create(uid, path, etag, remote)
            return True
        found = local_card(contact_id, uid)
        assert found is not None
        local, record_now = found
        self._matched[uid] = contact_id
        return self._merge(uid, path, etag, contact_id, local, record_now, None, remote)

    def _unavailable(self) -> set[int]:
        return state.unavailable(self.account.id)

    def _create(self, uid: str, path: str, etag: str | None, remote: Card) -> None:
        record = to_record(remote)
        with transaction():
            contact_id = card_write.create(record, display_name(record), self.today)
            state.put_item(self.account.id, state.CardItem(uid, contact_id, path, etag, base_json(remote)))
            state.done(self.account.id, contact_id)
        if self._taken is None:
            self._taken = state.unavailable(self.account.id)
        self._taken.add(contact_id)  # paired now: never matched (or offered) for another card of this sync
        self.tally.pulled += 1
        self.tally.touched.add(contact_id)
        self.tally.change |= Change.of(contacts=[contact_id])

    def _delete_remote(self, item: state.CardItem, etag: str | None) -> bool:
        status = dav.delete(self.client, item.href, etag)
        if status == 412:
            return False
        with transaction():
            state.forget_item(self.account.id, item.uid)
        self.tally.pushed += 1
        return True

    def _merge(self, uid, path, etag, contact_id, local: Card, record_now: ContactRecord, base, remote: Card) -> bool:
        open_now = state.open_conflicts(self.account.id, contact_id)
        merged = merge(local.fields, base, remote.fields, frozenset(open_now))
        photos = {c.fields["photo"]: c.photo for c in (remote, local) if c.photo}
        server = Card(merged.server, photos.get(merged.server["photo"]), local.uids)
        if merged.server["photo"] and server.photo is None:
            return False  # the server's photo is kept, and only the server has its bytes: fetch it first
        new_base, new_etag = remote.fields, etag
        if differs(merged.server, remote.fields):
            text = _render(server, record_now, uid)
            status, new_etag = dav.put(self.client, path, text, etag, new=False)
            if status in (412, 404):
                return False
            new_base = of_record(parse(text)).fields
            self.tally.pushed += 1
        result = Card(merged.local, photos.get(merged.local["photo"]), local.uids)
        with transaction():
            now = local_card(contact_id, uid)
            queued_again = now is not None and differs(now[0].fields, local.fields)
            if queued_again:  # edited in netdesk during this sync: that edit goes on top, and stays queued
                result = Card(merge(now[0].fields, local.fields, merged.local).local,
                              photos.get(merged.local["photo"]) or now[0].photo, local.uids)
            if differs(result.fields, (now[0] if now else local).fields):
                record = to_record(result, record_now.extra)
                card_write.replace(contact_id, record, display_name(record) or record_now.name,
                                   photo=result.fields["photo"] != local.fields["photo"])
                self.tally.pulled += 1
                self.tally.change |= Change.of(contacts=[contact_id])
            for name, (mine, theirs) in merged.conflicts.items():
                state.set_conflict(self.account.id, contact_id, name, _conflict_value(name, mine, local),
                                   _conflict_value(name, theirs, remote))
            for name in set(open_now) - set(merged.conflicts):
                state.drop_conflict(self.account.id, contact_id, name)
            state.put_item(self.account.id, state.CardItem(uid, contact_id, path, new_etag, new_base))
            if not queued_again:
                state.done(self.account.id, contact_id)
        self.tally.touched.add(contact_id)
        return True

    # -- a contact that changed in netdesk ------------------------------------------------------------
    def local(self, contact_id: int, upto: int) -> None:
        item = state.item_of_contact(self.account.id, contact_id)
        if state.is_archived(contact_id) or (item is None and not state.contact_exists(contact_id)):
            with transaction():
                state.done(self.account.id, contact_id, upto)
            return
        for _attempt in range(RETRIES):
            if self._local_once(contact_id, item, upto):
                return
            item = state.item_of_contact(self.account.id, contact_id)  # None: gone there, so made anew
        raise SyncError(f"the card of contact {contact_id} kept changing on the server; sync again")

    def _local_once(self, contact_id: int, item: state.CardItem | None, upto: int) -> bool:
        record = local_record(contact_id)
        if record is None and item is None:
            return True
        if record is None:  # deleted in netdesk: deleted on the server, unless it was edited there
            status = dav.delete(self.client, item.href, item.etag)
            if status == 412:
                return self._refetch(item.href, None)
            with transaction():
                state.forget_item(self.account.id, item.uid)
                state.done(self.account.id, contact_id, upto)
            self.tally.pushed += 1
            return True
        uid = item.uid if item else self.uid_for(contact_id, record)
        local, text = normal(record, uid)
        if item is None:
            path = dav.href_for(self.book_url, uid)
            status, etag = dav.put(self.client, path, text, None, new=True)
            if status in (412, 404):  # already there (a PUT before a crash, or another client): merge
                return self._refetch(path, contact_id)
            with transaction():
                state.put_item(self.account.id, state.CardItem(uid, contact_id, path, etag, base_json(local)))
                state.done(self.account.id, contact_id, upto)
            self.tally.pushed += 1
            self.tally.created += 1
            return True
        if not differs(local.fields, item.base):
            with transaction():
                state.done(self.account.id, contact_id, upto)
            return True
        # The server is assumed unchanged since the last sync; a 412 says otherwise, and then it is fetched.
        theirs = Card(dict(item.base), local.photo if local.fields["photo"] == item.base["photo"] else None, [])
        return self._merge(uid, item.href, item.etag, contact_id, local, record, item.base, theirs) \
            or self._refetch(item.href, contact_id)

    # -- a first upload of many new cards, on parallel connections ----------------------------------------
    def upload_new(self, contact_ids: list[int], upto: int) -> None:
        """Contacts without a card on the server, each PUT with If-None-Match on PARALLEL connections and
        each answer recorded here, in order, as `_local_once` records one. A card already there (a PUT before
        a crash, another client) is merged one by one afterwards, as ever."""
        from concurrent.futures import ThreadPoolExecutor

        clients: queue.SimpleQueue = queue.SimpleQueue()
        for _n in range(PARALLEL):
            clients.put(connection.clone(self.client))

        def send(path: str, text: str):
            client = clients.get()
            try:
                return dav.put(client, path, text, None, new=True)
            finally:
                clients.put(client)

        later: list[int] = []
        flying: collections.deque = collections.deque()
        todo = iter(contact_ids)
        pool = ThreadPoolExecutor(PARALLEL, thread_name_prefix="netdesk-cards")
        try:
            while True:
                while len(flying) < 4 * PARALLEL and (contact_id := next(todo, None)) is not None:
                    record = local_record(contact_id)
                    if record is None:
                        later.append(contact_id)
                        continue
                    uid = self.uid_for(contact_id, record)
                    local, text = normal(record, uid)
                    path = dav.href_for(self.book_url, uid)
                    flying.append((contact_id, uid, path, local, pool.submit(send, path, text)))
                if not flying:
                    break
                contact_id, uid, path, local, future = flying.popleft()
                status, etag = future.result()
                if status in (412, 404):
                    later.append(contact_id)
                    continue
                with transaction():
                    state.put_item(self.account.id, state.CardItem(uid, contact_id, path, etag, base_json(local)))
                    state.done(self.account.id, contact_id, upto)
                self.tally.pushed += 1
                self.tally.created += 1
                self.tally.touched.add(contact_id)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            while not clients.empty():
                clients.get().close()
        for contact_id in later:
            self.local(contact_id, upto)
            self.tally.touched.add(contact_id)

    def _refetch(self, path: str, contact_id: int | None) -> bool:
        got = dav.get(self.client, path)
        if got is None:
            held = state.item_at(self.account.id, path)
            if held is not None:
                with transaction():
                    state.forget_item(self.account.id, held.uid)
            return False
        etag, text = got
        self.remote(path, etag, text, contact_id)
        return True

    # -- a card deleted on the server -----------------------------------------------------------------
    def deleted(self, item: state.CardItem) -> None:
        """Archived in netdesk when unchanged here; edited here, the edit wins and goes back up, once."""
        current = state.item(self.account.id, item.uid)
        if current is None or current.href != item.href:
            return  # the card moved to another href (the listing shows it there too), or is already handled
        item = current
        found = local_card(item.contact_id, item.uid) if item.contact_id is not None else None
        if found is None or state.is_archived(item.contact_id):
            with transaction():
                state.forget_item(self.account.id, item.uid)
            return
        local, record = found
        if item.base and not differs(local.fields, item.base):
            with transaction():
                self.tally.change |= contact_archive.archive(item.contact_id, today=self.today)
                state.forget_item(self.account.id, item.uid)
                state.done(self.account.id, item.contact_id)
            self.tally.archived += 1
            self.tally.touched.add(item.contact_id)
            self.tally.change |= Change.of(contacts=[item.contact_id])
            return
        text = normal(record, item.uid)[1]
        status, etag = dav.put(self.client, item.href, text, None, new=True)
        if status in (412, 404):
            self._refetch(item.href, item.contact_id)
            return
        with transaction():
            state.put_item(self.account.id, state.CardItem(item.uid, item.contact_id, item.href, etag,
                                                           base_json(local)))
            state.done(self.account.id, item.contact_id)
        self.tally.pushed += 1
        self.tally.created += 1
        self.tally.touched.add(item.contact_id)


def is_offer(base: dict) -> bool:
    return "offer" in base


def offer(record: ContactRecord, likely: list[tuple[int, str, str]]) -> dict:
    """The base of an offered card: the contacts it looks like (and why), and what it says (to be shown)."""
    return {"offer": [cid for cid, _n, _r in likely], "reasons": {str(cid): why for cid, _n, why in likely},
            "decided": None,
            "card": {"name": display_name(record) or "", "emails": [e for e, _ in record.emails],
                     "phones": [p for p, _ in record.phones], "organisation": record.organisation or ""}}


def _uid(record: ContactRecord) -> str | None:
    for entry in record.extra.get("vcard", []):
        if str(entry[1]).upper() == "UID":
            return str(entry[3]).replace("\\", "") or None
    return None


def _render(card: Card, record_now: ContactRecord, uid: str) -> str:
    return render(to_record(card, record_now.extra), uid)
