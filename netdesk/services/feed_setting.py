"""Whether the subscription feed should be served, read without the calendar code.

The window asks this right after its first paint; `services.calendar` imports the iCalendar writer, which
costs about 0.2 s of a frozen window, so the question lives here and the writer loads only when the feed runs.
"""

from __future__ import annotations

from netdesk.store import settings

K_FEED_ON = "calendar.feed_enabled"


def feed_enabled() -> bool:
    return bool(settings.get(K_FEED_ON, False))
