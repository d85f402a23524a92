"""How many contact conflicts and likely duplicates wait for the user: what the window's status bar shows at
any time, so it imports neither the DAV client nor the vCard code (services/carddav/conflicts, duplicates)."""

from __future__ import annotations

from netdesk.store import card_sync as state


def conflicts() -> int:
    return state.conflict_count_all()


def duplicates() -> int:
    return sum(1 for _a, card in state.offers() if card.base.get("decided") is None)
