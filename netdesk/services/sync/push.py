"""The push: make the collection exactly the reminders and meetings, with conditional writes only.

A new object is PUT with `If-None-Match: *`, a changed one with `If-Match` its last ETag, a meeting
deleted in netdesk is DELETEd with `If-Match`. The href derives from the UID, so re-sending an object
whose first PUT reached the server before a crash (its ETag never recorded) meets a 412: netdesk fetches
the server's copy, takes back what the phone may have done, and writes its own with the new ETag.
"""

from __future__ import annotations

import collections
import datetime as dt
import queue
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import quote

import caldav

from netdesk.domain.sync_account import Account, Item
from netdesk.services.sync import connection
from netdesk.services.sync.connection import SyncError
from netdesk.services.sync.pull import digest, take_back
from netdesk.store import accounts, outbox
from netdesk.store.db import transaction

CONTENT_TYPE = 'text/calendar; charset="utf-8"'
ACCEPTED = (200, 201, 204)
PARALLEL = 2  # connections for a large upload: Radicale on 2 cores took ~20% less time with 2, no gain from 4
PARALLEL_FROM = 20  # writes; fewer go one by one on the sync's own connection


@dataclass
class Pushed:
    count: int = 0
    merged: int = 0  # 412s resolved by fetching the server's copy
    created: int = 0  # objects new to the server (or met there unrecorded): a listing after the push follows
    level: bool = False  # the last round found the server already equal to the store (nothing to write)


def href_for(calendar_url: str, uid: str) -> str:
    return f"{calendar_url.rstrip('/')}/{quote(uid, safe='')}.ics"


def _refused(what: str, response) -> SyncError:
    status = f"{response.status} {response.reason or ''}".rstrip()
    if response.status >= 500:  # the server's own trouble: worth trying again later, nothing was lost
        return SyncError(f"the server had a problem with {what} ({status}); the changes stay waiting for "
                         "the next sync")
    return SyncError(f"the server refused {what}: {status}")


def _fetch(dav: caldav.DAVClient, href: str):
    """(etag, body) of the server's copy, or None when it is gone."""
    got = dav.request(href, "GET")
    if got.status == 404:
        return None
    if got.status not in ACCEPTED:
        raise _refused(f"reading {href}", got)
    raw = got.raw
    return got.headers.get("ETag"), raw.encode() if isinstance(raw, str) else raw


def put_one(dav: caldav.DAVClient, account: Account, uid: str, body: bytes, item: Item | None, upto: int,
            today: dt.date) -> str:
    """'put', 'merged' (a 412: the server's copy was taken back; render again) or 'same'."""
    href, condition = _target(account, uid, item)
    return _settle(dav, account, uid, href, body, _send(dav, href, body, condition), upto, today)


def _target(account: Account, uid: str, item: Item | None) -> tuple[str, dict]:
    href = item.href if item else href_for(account.calendar_url, uid)
    return href, {"If-Match": item.etag} if item and item.etag else {"If-None-Match": "*"}


def _send(dav: caldav.DAVClient, href: str, body: bytes, condition: dict):
    return dav.put(href, body.decode(), {"Content-Type": CONTENT_TYPE, **condition})


def _settle(dav: caldav.DAVClient, account: Account, uid: str, href: str, body: bytes, response, upto: int,
            today: dt.date) -> str:
    """What the server answered to one PUT, recorded (on the store's thread)."""
    if response.status in ACCEPTED:
        with transaction():  # the server has it: its ETag and the outbox entry go together
            accounts.put_item(account.id, Item(uid, href, response.headers.get("ETag"), digest(body)))
            outbox.done(account.id, uid, upto)
        return "put"
    if response.status in (412, 404):
        server = _fetch(dav, href)
        if server is None:  # gone meanwhile: next round creates it
            with transaction():
                accounts.forget_item(account.id, uid)
            return "merged"
        etag, remote = server
        take_back(account, uid, href, etag, remote, today)
        return "same" if digest(remote) == digest(body) else "merged"
    raise _refused(f"the upload of {uid}", response)


def _put_parallel(dav: caldav.DAVClient, account: Account, writes: list[tuple[str, bytes]], held: dict[str, Item],
                  upto: int, today: dt.date, step: Callable[[str], bool]) -> None:
    """The PUTs on PARALLEL connections, each answer recorded here in order; `step(outcome)` False stops
    sending (what is in flight is still recorded). A failure raises once the connections are idle: a PUT
    that reached the server unrecorded meets If-None-Match next time (fetched, compared, not doubled)."""
    clients: queue.SimpleQueue = queue.SimpleQueue()
    for _n in range(PARALLEL):
        clients.put(connection.clone(dav))

    def send(href: str, body: bytes, condition: dict):
        client = clients.get()
        try:
            return _send(client, href, body, condition)
        finally:
            clients.put(client)

    pool = ThreadPoolExecutor(PARALLEL, thread_name_prefix="netdesk-upload")
    flying: collections.deque = collections.deque()
    todo = iter(writes)
    try:
        going = True
        while True:
            while going and len(flying) < 2 * PARALLEL and (nxt := next(todo, None)) is not None:
                uid, body = nxt
                href, condition = _target(account, uid, held.get(uid))
                flying.append((uid, href, body, pool.submit(send, href, body, condition)))
            if not flying:
                return
            uid, href, body, future = flying.popleft()
            going = step(_settle(dav, account, uid, href, body, future.result(), upto, today)) and going
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        while not clients.empty():
            clients.get().close()


def delete_one(dav: caldav.DAVClient, account: Account, item: Item) -> None:
    for _attempt in range(3):
        headers = {"If-Match": item.etag} if item.etag else {}
        response = dav.request(item.href, "DELETE", "", headers)
        if response.status in (*ACCEPTED, 404):
            with transaction():
                accounts.forget_item(account.id, item.uid)
            return
        if response.status != 412:
            raise _refused(f"the removal of {item.href}", response)
        server = _fetch(dav, item.href)  # edited elsewhere since: it is still netdesk's to remove
        if server is None:
            with transaction():
                accounts.forget_item(account.id, item.uid)
            return
        item = Item(item.uid, item.href, server[0], item.digest)
    raise SyncError(f"{item.href} kept changing on the server while netdesk removed it")


def plan(objects: list[tuple[str, bytes]], held: dict[str, Item]) -> tuple[list[tuple[str, bytes]], list[Item]]:
    """What differs from what the server holds: objects to write, and objects to remove."""
    wanted = {uid for uid, _body in objects}
    writes = [(uid, body) for uid, body in objects if (item := held.get(uid)) is None or item.digest != digest(body)]
    removals = [item for uid, item in held.items() if uid not in wanted]
    return writes, removals


def differs(objects: list[tuple[str, bytes]], held: dict[str, Item]) -> bool:
    writes, removals = plan(objects, held)
    return bool(writes or removals)


def run(dav: caldav.DAVClient, account: Account, objects: list[tuple[str, bytes]], upto: int, today: dt.date,
        progress: Callable[[int, int], bool] | None = None, into: Pushed | None = None) -> tuple[Pushed, bool]:
    """One round. Returns what was written, and whether a 412 asks for another round (render again).

    `progress(done, total)` returning False stops between two writes (the rest stays waiting). `into`
    counts the writes as they happen, so a round cut short by an error still says what it wrote."""
    held = accounts.items(account.id)
    writes, removals = plan(objects, held)
    pushed, again = into if into is not None else Pushed(), False
    total = len(writes) + len(removals)
    pushed.level = not total
    pushed.created += sum(1 for uid, _body in writes if uid not in held)
    state = {"done": 0, "again": False}

    def step(outcome: str) -> bool:
        if outcome == "put":
            pushed.count += 1
        else:
            pushed.merged += 1
            state["again"] = state["again"] or outcome == "merged"
        state["done"] += 1
        return progress is None or bool(progress(state["done"], total))

    if progress is not None and total and not progress(0, total):
        return pushed, False
    if len(writes) >= PARALLEL_FROM:
        _put_parallel(dav, account, writes, held, upto, today, step)
    else:
        for uid, body in writes:
            if not step(put_one(dav, account, uid, body, held.get(uid), upto, today)):
                break
    if state["done"] < len(writes):
        return pushed, False  # cancelled: the rest stays waiting
    again = state["again"]
    for item in removals:
        delete_one(dav, account, item)
        pushed.count += 1
    return pushed, again
