"""Global identity (SYNC.md "Identity", issue 17): every record has a UID made where it is made; a
reminder's UID derives from its rule and its source record's UID, so two installations that hold the same
history derive the same reminders with the same UIDs. Local integer ids never leave the store."""

from __future__ import annotations

import uuid

# Fixed forever: every netdesk derives reminder UIDs in this namespace (uuid5 of netdesk's own URL).
REMINDER_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://netdesk.invalid/reminder")

# The history tables whose rows travel as VJOURNAL, and the reminder actions.
HISTORY_TABLES = ("interaction", "favour", "thanks", "lead", "referral", "ask", "give", "meeting", "reminder_action")


def new_uid() -> str:
    return str(uuid.uuid4())


def reminder_uid_from(kind: str, source: str, source_uid: str) -> str:
    """The reminder that rule `kind` calls for on the record whose global UID is `source_uid`."""
    return f"{uuid.uuid5(REMINDER_NAMESPACE, f'{kind}/{source}/{source_uid}')}@netdesk"


def contact_default_uid(store_id: str, contact_id: int) -> str:
    """A contact's UID when its vCard brought none: the one its exports and its card on the server use
    (the same formula as `services.exporting.default_uid`)."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'netdesk:{store_id}:{contact_id}')}"
