"""The three-way merge on its own: one side's change taken, lists as sets, conflicts only for a field changed
differently on both sides, and (hypothesis) nothing either side wrote is ever lost."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from netdesk.exchange.card import ContactRecord
from netdesk.services.carddav.fields import LISTS, SCALARS, merge, normal, of_record, parse, same


def card(**fields) -> dict:
    record = ContactRecord(name="Grace Hopper", given_name="Grace", family_name="Hopper",
                           emails=[("grace@example.org", "work")], tags=["navy"])
    for key, value in fields.items():
        setattr(record, key, value)
    return normal(record, "uid-1")[0].fields


def test_one_side_changed_takes_that_side():
    base = card()
    local = card(title="Rear Admiral")
    remote = card(emails=[("grace@example.org", "work"), ("g@navy.mil", "")])
    out = merge(local, base, remote)
    assert out.conflicts == {}
    assert out.local["title"] == "Rear Admiral"
    assert same("emails", out.local["emails"], [["grace@example.org", "work"], ["g@navy.mil", ""]])
    assert out.local == out.server


def test_same_edit_on_both_sides_is_no_conflict_and_a_removal_is_honoured():
    base = card(tags=["navy", "cobol"])
    local = card(title="Admiral", tags=["navy"])
    remote = card(title="Admiral", tags=["navy", "cobol", "compilers"])
    out = merge(local, base, remote)
    assert out.conflicts == {}
    assert sorted(out.local["tags"]) == ["compilers", "navy"]


def test_a_field_changed_both_ways_is_a_conflict_local_kept_server_unchanged():
    out = merge(card(title="Mathematician"), card(), card(title="Codebreaker"))
    assert out.conflicts == {"title": ("Mathematician", "Codebreaker")}
    assert out.local["title"] == "Mathematician" and out.server["title"] == "Codebreaker"
    again = merge(out.local, out.server, out.server, frozenset({"title"}))  # until the user chooses
    assert again.conflicts == {"title": ("Mathematician", "Codebreaker")}


def test_a_reserialised_card_is_no_change():
    text = normal(ContactRecord(name="Ada Lovelace", emails=[("ada@example.org", "home")], tags=["maths", "poetry"],
                                notes="line one\nline two"), "uid-2")[1]
    lines = text.strip().split("\r\n")
    shuffled = "\r\n".join([lines[0], lines[1], *reversed(lines[2:-1]), lines[-1]]).replace("EMAIL;TYPE=home",
                                                                                            "email;type=home")
    assert not any(not same(n, of_record(parse(text)).fields[n], normal(parse(shuffled), "uid-2")[0].fields[n])
                   for n in (*SCALARS, *LISTS))


EDITS = st.lists(st.tuples(st.sampled_from(["title", "notes", "organisation", "emails", "tags"]),
                           st.sampled_from(["a", "b", "c", ""])), max_size=4)


def _apply(fields: dict, edits) -> dict:
    out = copy.deepcopy(fields)
    for name, value in edits:
        if name == "emails":
            if value:
                out["emails"].append([f"{value}@example.org", ""])
            elif out["emails"]:
                out["emails"].pop(0)
        elif name == "tags":
            if value:
                out["tags"].append(value)
            elif out["tags"]:
                out["tags"].pop(0)
        else:
            out[name] = value
    return out


@settings(max_examples=200, deadline=None)
@given(EDITS, EDITS)
def test_nothing_either_side_wrote_is_lost(mine, theirs):
    base = card()
    local, remote = _apply(base, mine), _apply(base, theirs)
    out = merge(local, base, remote)
    for name in ("title", "notes", "organisation"):
        for side in (local, remote):
            if side[name] != base[name]:  # written on that side: kept, or beside it in a conflict
                assert out.local[name] == side[name] or side[name] in out.conflicts.get(name, ())
    for name in ("emails", "tags"):
        keys = {str(e).casefold() for e in out.local[name]}
        for side in (local, remote):
            added = [e for e in side[name] if e not in base[name]]
            assert all(str(e).casefold() in keys for e in added)
        removed = [e for e in base[name] if e not in local[name] or e not in remote[name]]
        assert not any(str(e).casefold() in keys for e in removed)
    settled = merge(out.local, out.server, out.server, frozenset(out.conflicts))  # a second sync changes nothing
    assert settled.local == out.local and settled.server == out.server
