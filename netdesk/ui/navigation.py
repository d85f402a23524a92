"""The window's sections, and building each one's view only when it is first shown.

Views live in their own modules and are imported on demand: start-up pays only for the section it
opens on, and a view that fails to import shows a placeholder instead of stopping the app.
"""

from __future__ import annotations

import importlib
import logging
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from netdesk.ui.context import AppContext

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    module: str
    class_name: str
    tip: str


SECTIONS = [
    Section("today", "Today", "netdesk.ui.views.today", "TodayView", "What is due, your goal, who to reach out to"),
    Section("contacts", "Contacts", "netdesk.ui.contacts_view", "ContactsView", "Everyone, searchable"),
    Section("asks", "Asks && gives", "netdesk.ui.views.asks", "AsksView", "What you asked for and gave"),
    Section("leads", "Leads && referrals", "netdesk.ui.views.leads", "LeadsView", "Close the loop"),
    Section("meetings", "Meetings", "netdesk.ui.views.meetings", "MeetingsView", "Prepared meetings"),
    Section("goals", "Goals", "netdesk.ui.views.goals", "GoalsView", "New contacts and keeping in touch"),
]
KEYS = [s.key for s in SECTIONS]


def label(section: Section) -> str:
    return section.title.replace("&&", "&")


class Placeholder(QWidget):
    """Stands in for a view that is not available in this build."""

    def __init__(self, section: Section, reason: str = "", parent: QWidget | None = None, *,
                 broken: bool = False) -> None:
        super().__init__(parent)
        why = ("This section could not be opened because of a bug; the details are in the tooltip."
               if broken else "This part of netdesk is not available yet.")
        text = QLabel(f"<h3>{label(section)}</h3><p>{why}</p>")
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setToolTip(reason)
        text.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(text)

    def refresh(self) -> None:
        pass


def build_view(section: Section, context: AppContext) -> QWidget:
    try:
        module = importlib.import_module(section.module)
        view_class: Callable[[AppContext], QWidget] = getattr(module, section.class_name)
    except (ImportError, AttributeError) as exc:
        log.info("section %s unavailable: %s", section.key, exc)
        return Placeholder(section, str(exc))
    try:
        return view_class(context)
    except Exception:  # noqa: BLE001  (one broken section must not keep the window from opening)
        details = traceback.format_exc()
        sys.stderr.write(details)
        return Placeholder(section, details, broken=True)


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
