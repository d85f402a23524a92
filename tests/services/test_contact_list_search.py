"""The contact list's fast paths give exactly what the plain query gives: the first ids of a keystroke
(bounded ordered walk, else the index), short words through the trigram vocabulary, and the background
reader that fetches the rest."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from netdesk.domain.text import fold
from netdesk.sample import generate, write_store
from netdesk.services import contact_list, contacts
from netdesk.services.background_reader import LatestReader
from netdesk.store import contacts as q
from netdesk.store.db import change_signature, store_path
from netdesk.store.list_search import scan_first
from netdesk.store.models import Contact, database
from tests.conftest import TODAY


@pytest.fixture
def reader():
    return contact_list.ListReader()


@pytest.fixture
def network(store):
    write_store(generate(600, TODAY, interactions=0))
    contacts.add_contact("Zq Edge", today=TODAY, notes="ends with qz")  # a word at the very start and end
    return store


def _words(count: int) -> list[str]:
    """Short and long words that occur in the store's texts, and a few that do not."""
    texts = [t for (t,) in database.execute_sql("SELECT search_text FROM contact ORDER BY id")]
    found: set[str] = set()
    for text in texts[::7]:
        for size in (1, 2, 3, 5):
            for start in range(0, max(1, len(text) - size), 11):
                word = text[start:start + size]
                if word.strip() == word and word:
                    found.add(word)
    return sorted(found)[:count] + ["zq", "qz", "xq", "ж", "ё", "zzzz", "an li", "a b"]


def _wait_for(qtbot, predicate):
    """The first truthy value of `predicate` (the vocabulary arrives from a background thread)."""
    found: list = []
    qtbot.waitUntil(lambda: bool(found.append(predicate()) or found[-1]), timeout=20_000)
    return found[-1]


def test_the_bounded_walk_is_the_plain_query_or_declines(network):
    words = _words(150)
    answered = declined = 0
    for word in words:
        terms = q.search_terms(word)
        for descending in (False, True):
            for tag in (None, "mentor"):
                expected = contacts.list_ids(search=word, tag=tag, descending=descending)
                found = scan_first(terms, tag=tag, descending=descending, limit=20, budget=60)
                if found is None:
                    declined += 1
                else:
                    answered += 1
                    assert found == expected[:20], (word, descending, tag)
                # A budget covering everyone always answers.
                assert scan_first(terms, tag=tag, descending=descending, limit=20, budget=10_000) == expected[:20]
    assert answered and declined  # both ways were exercised


def test_first_ids_are_the_head_of_the_full_list(network, reader):
    cases = [{}, {"search": "a"}, {"search": "an"}, {"search": "ana"}, {"search": "zzzz"}, {"tag": "mentor"},
             {"search": "e", "tag": "mentor"}, {"due_by": TODAY, "order": "next_due"}, {"search": "o", "due_by": TODAY},
             {"order": "organisation", "descending": True}, {"search": "qz"}, {"search": "a", "descending": True}]
    for case in cases:
        expected = contacts.list_ids(**case)
        for limit in (1, 25, 100, 1000):
            ids, complete = reader.first_ids(**case, limit=limit)
            assert list(ids) == expected[:limit], (case, limit)
            assert complete == (len(expected) < limit), (case, limit)


def test_short_words_through_the_vocabulary_match_exactly(network, reader, monkeypatch, qtbot):
    monkeypatch.setattr(contact_list, "VOCABULARY_MIN_CONTACTS", 0)
    vocabulary = _wait_for(qtbot, reader.current_vocabulary)
    short = [w for w in _words(400) if len(w) < 3]
    used = 0
    for word in short:
        if vocabulary.containing(fold(word)):
            used += 1
        assert list(reader.ordered_ids(search=word)) == contacts.list_ids(search=word), word
        assert list(reader.ordered_ids(search=f"{word} e")) == contacts.list_ids(search=f"{word} e"), word
    assert used > 20  # most short words really went through the index
    # The two-letter word that only ends a text, and the one that only starts a name, are found.
    edge = contacts.list_ids(search="Zq Edge")
    assert list(reader.ordered_ids(search="qz")) == edge
    sql, _ = Contact.select(Contact.id).where(q.search_condition("qz", vocabulary)).sql()
    assert "MATCH" in sql and "LIKE" not in sql


def test_the_vocabulary_is_not_used_once_the_store_changed(network, reader, monkeypatch, qtbot):
    monkeypatch.setattr(contact_list, "VOCABULARY_MIN_CONTACTS", 0)
    _wait_for(qtbot, reader.current_vocabulary)
    added = contacts.add_contact("Xj Newcomer", today=TODAY)  # 'xj' is in no older text
    assert reader.current_vocabulary() is None  # our own write changed the signature
    assert list(reader.ordered_ids(search="xj")) == [added.id]
    fresh = _wait_for(qtbot, reader.current_vocabulary)
    assert fresh.containing("xj")
    assert list(reader.ordered_ids(search="xj")) == [added.id]

    # A write by another connection (the CLI while the window is open) counts too.
    before = change_signature()
    other = sqlite3.connect(store_path())
    with other:
        other.execute("UPDATE contact SET search_text = 'vw moved' WHERE id = ?", (added.id,))
    other.close()
    assert change_signature() != before
    assert reader.current_vocabulary() is None
    assert list(reader.ordered_ids(search="vw")) == [added.id]


def test_a_newer_job_supersedes_and_interrupts_the_running_one(network):
    reader = LatestReader("test")
    path = store_path()
    started = threading.Event()
    outcomes: list = []

    def slow(conn):
        started.set()
        try:
            # Counts to a billion unless interrupted: seconds of work, so the interrupt must be what ends it.
            return conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1e9)"
                                " SELECT count(*) FROM n").fetchone()
        except sqlite3.OperationalError as exc:
            outcomes.append(("slow interrupted", str(exc)))
            raise

    done = threading.Event()
    reader.submit(path, slow, lambda result: outcomes.append(("slow done", result)))
    assert started.wait(10)
    reader.submit(path, lambda conn: conn.execute("SELECT count(*) FROM contact").fetchone()[0],
                  lambda result: (outcomes.append(("count", result)), done.set()))
    assert done.wait(30)
    assert outcomes == [("slow interrupted", "interrupted"), ("count", 601)]


def test_errors_reach_the_caller_and_cancel_calls_nothing(network, qtbot):
    reader = LatestReader("test")
    path = store_path()
    got: list = []
    done = threading.Event()
    reader.submit(path, lambda conn: conn.execute("SELECT nope FROM contact"), lambda r: (got.append(r), done.set()))
    assert done.wait(10)
    assert isinstance(got[0], sqlite3.OperationalError) and "nope" in str(got[0])

    started, release = threading.Event(), threading.Event()

    def waits(conn):
        started.set()
        release.wait(10)
        return "late"

    reader.submit(path, waits, got.append)
    assert started.wait(10)
    reader.cancel()
    release.set()
    _wait_for(qtbot, lambda: not reader.busy)
    assert got == [got[0]]  # the cancelled job's result was dropped


def test_the_reader_cannot_write(network):
    reader = LatestReader("test")
    got: list = []
    done = threading.Event()
    reader.submit(store_path(), lambda conn: conn.execute("DELETE FROM contact"), lambda r: (got.append(r), done.set()))
    assert done.wait(10)
    assert isinstance(got[0], sqlite3.OperationalError) and "readonly" in str(got[0]).replace("-", "")
    assert contacts.list_ids() and len(contacts.list_ids()) == 601


def test_blanks_sort_last_in_both_directions(store):
    import datetime as dt

    from netdesk.services import contacts as contact_service
    from netdesk.store import contact_list as cl

    today = dt.date(2026, 3, 10)
    with_org = contact_service.add_contact("Ann", organisation="Acme", today=today)
    blank = contact_service.add_contact("Bob", today=today)
    other = contact_service.add_contact("Cy", organisation="Zeta", today=today)
    ids = [c.id if hasattr(c, "id") else c for c in (with_org, blank, other)]
    assert cl.list_ids(order="organisation") == [ids[0], ids[2], ids[1]]
    assert cl.list_ids(order="organisation", descending=True) == [ids[2], ids[0], ids[1]]
    for order in ("next_due", "last_contacted", "strength"):
        assert len(cl.list_ids(order=order, descending=True)) == 3
