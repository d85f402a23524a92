"""The one introduction-chain walk: nearest first, stops at a repeat, at the limit, or where the chain ends."""

from __future__ import annotations

import itertools

from netdesk.store import referrals
from netdesk.store.models import Contact


def _people(*names: str) -> list[int]:
    return [Contact.create(name=n, created_on="2026-03-01", updated_at="2026-03-01T00:00:00Z").id for n in names]


def _introduce(who: int, by: int | None) -> None:
    Contact.update(introduced_by=by).where(Contact.id == who).execute()


def test_chain_is_nearest_first_and_ends_with_the_root(store):
    ana, bob, carol = _people("Ana", "Bob", "Carol")
    _introduce(ana, bob)
    _introduce(bob, carol)
    assert referrals.chain(ana) == [(bob, "Bob"), (carol, "Carol")]
    assert referrals.chain(carol) == []


def test_chain_stops_at_a_loop_in_bad_data(store):
    ana, bob, carol = _people("Ana", "Bob", "Carol")
    _introduce(ana, bob)
    _introduce(bob, carol)
    _introduce(carol, ana)  # a loop the edit check would refuse, written behind its back
    assert referrals.chain(ana) == [(bob, "Bob"), (carol, "Carol")]
    _introduce(carol, bob)  # a loop that does not pass through the start
    assert referrals.chain(ana) == [(bob, "Bob"), (carol, "Carol")]


def test_chain_stops_at_the_limit(store):
    ids = _people(*(f"P{i}" for i in range(referrals.CHAIN_LIMIT + 5)))
    for who, by in itertools.pairwise(ids):
        _introduce(who, by)
    walked = referrals.chain(ids[0])
    assert [cid for cid, _ in walked] == ids[1:referrals.CHAIN_LIMIT + 1]
    assert len(referrals.chain(ids[0], 3)) == 3


def test_first_starts_the_walk_elsewhere(store):
    ana, bob, carol, dan = _people("Ana", "Bob", "Carol", "Dan")
    _introduce(ana, dan)
    _introduce(bob, carol)
    _introduce(carol, ana)  # the chain from the referrer leads back to the contact: it ends there
    assert referrals.chain(ana, first=bob) == [(bob, "Bob"), (carol, "Carol")]
