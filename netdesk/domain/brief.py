"""The meeting brief (PRODUCT.md habit 4): who led you here, who they are, what is still open.

Pure formatting over facts the service gathers; it never depends on the reminder table, so deriving
the prepare reminder (whose detail is this brief) twice gives the same text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class BriefFacts:
    contact: str
    at: dt.datetime
    purpose: str = ""
    organisation: str = ""
    title: str = ""
    how_met: str = ""
    referred_by: str | None = None
    # Oldest first: chain[0] introduced chain[1], ..., the last one is the person you meet.
    chain: Sequence[str] = ()
    referrals: Sequence[str] = ()
    interactions: Sequence[tuple[dt.date, str, str]] = ()
    open_asks: Sequence[tuple[dt.date, str, str]] = ()
    open_loops: Sequence[str] = field(default_factory=tuple)


def render(facts: BriefFacts) -> str:
    lines = [f"Meeting with {facts.contact} on {facts.at.strftime('%Y-%m-%d %H:%M')} ({facts.at.strftime('%z') or 'local'})"]
    lines.append(f"Purpose: {facts.purpose}" if facts.purpose else "Purpose: not recorded; make it clear before you go")
    if facts.referred_by:
        lines.append(f"Referred by: {facts.referred_by}")
    if len(facts.chain) > 1:
        lines.append("Referral chain: " + " → ".join(facts.chain))
    for referral in facts.referrals:
        lines.append(f"Referral: {referral}")
    role = " at ".join(part for part in (facts.title, facts.organisation) if part)
    if role:
        lines.append(f"Role: {role}")
    if facts.how_met:
        lines.append(f"How you met: {facts.how_met}")
    if facts.interactions:
        lines.append("Last interactions:")
        lines += [f"- {on.isoformat()} {kind}" + (f": {note}" if note else "") for on, kind, note in facts.interactions]
    else:
        lines.append("Last interactions: none logged")
    if facts.open_asks:
        lines.append("Open asks:")
        lines += [f"- {on.isoformat()} ({effort}): {purpose}" for on, effort, purpose in facts.open_asks]
    if facts.open_loops:
        lines.append("Open loops:")
        lines += [f"- {loop}" for loop in facts.open_loops]
    return "\n".join(lines)
