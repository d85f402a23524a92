"""The window's sections, and building each one's view only when it is first shown.

Each view's module is imported inside its section's `build`, on first show: start-up pays only for the
section it opens on. Every view ships with netdesk; one that raises while it is built (an import
included) is a bug, shown as such in its page with the traceback on stderr, while the other sections
keep working.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from netdesk.ui.context import AppContext


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    tip: str
    build: Callable[[AppContext], QWidget]


def _today(context: AppContext) -> QWidget:
    from netdesk.ui.views.today import TodayView

    return TodayView(context)


def _contacts(context: AppContext) -> QWidget:
    from netdesk.ui.contacts_view import ContactsView

    return ContactsView(context)


def _asks(context: AppContext) -> QWidget:
    from netdesk.ui.views.asks import AsksView

    return AsksView(context)


def _leads(context: AppContext) -> QWidget:
    from netdesk.ui.views.leads import LeadsView

    return LeadsView(context)


def _meetings(context: AppContext) -> QWidget:
    from netdesk.ui.views.meetings import MeetingsView

    return MeetingsView(context)


def _goals(context: AppContext) -> QWidget:
    from netdesk.ui.views.goals import GoalsView

    return GoalsView(context)


SECTIONS = [
    Section("today", "Today", "What is due, your goal, who to reach out to", _today),
    Section("contacts", "Contacts", "Everyone, searchable", _contacts),
    Section("asks", "Asks && gives", "What you asked for and gave", _asks),
    Section("leads", "Leads && referrals", "Close the loop", _leads),
    Section("meetings", "Meetings", "Prepared meetings", _meetings),
    Section("goals", "Goals", "New contacts and keeping in touch", _goals),
]
KEYS = [s.key for s in SECTIONS]


def label(section: Section) -> str:
    return section.title.replace("&&", "&")


class Placeholder(QWidget):
    """Stands in for a view that raised while it was built (a bug): says so, with the traceback as tooltip."""

    def __init__(self, section: Section, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        text = QLabel(f"<h3>{label(section)}</h3><p>This section could not be opened because of a bug;"
                      " the details are in the tooltip.</p>")
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setToolTip(details)
        text.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(text)

    def refresh(self) -> None:
        pass


def build_view(section: Section, context: AppContext) -> QWidget:
    try:
        return section.build(context)
    except Exception:  # noqa: BLE001  (one broken section must not keep the window from opening)
        details = traceback.format_exc()
        sys.stderr.write(details)
        return Placeholder(section, details)


class SectionStack(QStackedWidget):
    """One page per section; a page's view is built on first `show_section`."""

    def __init__(self, context: AppContext, parent: QWidget | None = None,
                 prebuilt: dict[str, QWidget] | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._pages: dict[str, QWidget] = {}
        self.views: dict[str, QWidget] = dict(prebuilt or {})
        for section in SECTIONS:
            page = QWidget()
            page.setObjectName(f"section_{section.key}")
            QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
            self._pages[section.key] = page
            self.addWidget(page)
            if section.key in self.views:
                page.layout().addWidget(self.views[section.key])

    def view(self, key: str) -> QWidget:
        if key not in self.views:
            section = SECTIONS[KEYS.index(key)]
            view = build_view(section, self._context)
            self.views[key] = view
            self._pages[key].layout().addWidget(view)
        return self.views[key]

    def show_section(self, key: str) -> QWidget:
        view = self.view(key)
        self.setCurrentWidget(self._pages[key])
        return view

    def current_key(self) -> str:
        for key, page in self._pages.items():
            if page is self.currentWidget():
                return key
        return KEYS[0]
