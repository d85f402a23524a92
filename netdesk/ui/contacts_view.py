"""The Contacts section: search and filters above the SQL-backed table, the detail card beside it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelection, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.change import Change
from netdesk.services import contact_list
from netdesk.ui import options, shortcuts_keys
from netdesk.ui.contact_detail import ContactDetailView
from netdesk.ui.contacts_model import AVATAR_SIZE, DUE_FILTERS, ContactsModel, Role
from netdesk.ui.context import AppContext
from netdesk.ui.first_run import NoMatchPanel, WelcomePanel

ROW_HEIGHT = 30
DEFAULT_WIDTHS = [180, 140, 96, 90, 64]


class ContactsView(QWidget):
    """Signals:
        contact_selected(int): the current contact changed (0 when none).
    """

    contact_selected = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None, *, hold_card: bool = False) -> None:
        """`hold_card`: leave the card empty until `detail.release()` (the window releases it after its
        first paint, so start-up shows the list without waiting for the card)."""
        super().__init__(parent)
        self.context = context
        self._hold_card = hold_card
        self.model = ContactsModel(self, today_fn=context.today_fn)
        self.model.completed.connect(self._on_list_complete)
        # A selection to restore once the whole list is in (it was not among the first rows).
        self._pending_selection: int | None = None
        self.model.deferred = True
        self._build()
        self._restore_state()
        self.model.deferred = False
        self._unseen = Change()  # writes made while the list was hidden, applied when it is shown
        context.bus.data_changed.connect(self.apply_change)
        self.reload_now()  # the one id query of start-up

    # -- construction ----------------------------------------------------------------------
    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search names, emails, organisations, tags, notes…")
        self.search.setAccessibleName("Search contacts")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(options.SEARCH_DEBOUNCE_MS.get())
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._apply_search_now)
        self.search.installEventFilter(self)
        shortcuts_keys.pass_undo_through(self.search)  # Ctrl+Z undoes the last write when nothing is typed

        self.tag_filter = QComboBox()
        self.tag_filter.setAccessibleName("Filter by tag")
        self.tag_filter.setMinimumContentsLength(12)
        self.tag_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.due_filter = QComboBox()
        self.due_filter.setAccessibleName("Filter by due date")
        for key, label in DUE_FILTERS.items():
            self.due_filter.addItem(label, key)
        self.tag_filter.activated.connect(self._apply_filters)
        self.due_filter.activated.connect(self._apply_filters)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.tag_filter)
        bar.addWidget(self.due_filter)

        self.table = QTableView()
        self.table.setAccessibleName("Contacts")
        self.table.setModel(self.model)
        self.table.setIconSize(QSize(AVATAR_SIZE, AVATAR_SIZE))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list for the card: no keyboard trap
        vertical = self.table.verticalHeader()
        vertical.hide()
        # Fixed row heights: the view never asks the model for size hints of 100k rows.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in enumerate(DEFAULT_WIDTHS):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.welcome = WelcomePanel()
        self.no_match = NoMatchPanel()
        self.no_match.clear_requested.connect(self.clear_filters)
        self.list_stack = QStackedWidget()
        for page in (self.table, self.no_match):
            self.list_stack.addWidget(page)

        self.count_label = QLabel()
        self.count_label.setAccessibleName("Number of contacts listed")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(bar)
        left_layout.addWidget(self.list_stack, 1)
        left_layout.addWidget(self.count_label)

        self.detail = ContactDetailView(self.context)
        if self._hold_card:
            self.detail.hold()
        self.splitter = QSplitter()
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        browse = QWidget()
        browse_layout = QVBoxLayout(browse)
        browse_layout.setContentsMargins(8, 8, 8, 8)
        browse_layout.addWidget(self.splitter)
        # An empty store gets the whole area for the welcome: no search box, no empty card beside it.
        self.outer = QStackedWidget()
        self.outer.addWidget(browse)
        self.outer.addWidget(self.welcome)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.outer)

    def _restore_state(self) -> None:
        header_state = options.CONTACTS_HEADER.get()
        if not header_state.isEmpty():
            self.table.horizontalHeader().restoreState(header_state)
            # The restored sort indicator does not re-sort the model by itself.
            header = self.table.horizontalHeader()
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        splitter_state = options.CONTACTS_SPLITTER.get()
        if not splitter_state.isEmpty():
            self.splitter.restoreState(splitter_state)
        else:
            self.splitter.setSizes([620, 460])
        self.model.tag = options.CONTACTS_TAG_FILTER.get() or None
        self.model.due_filter = options.CONTACTS_DUE_FILTER.get() if options.CONTACTS_DUE_FILTER.get() in DUE_FILTERS else "all"
        self.due_filter.setCurrentIndex(max(0, self.due_filter.findData(self.model.due_filter)))

    def save_state(self) -> None:
        options.CONTACTS_HEADER.set(self.table.horizontalHeader().saveState())
        options.CONTACTS_SPLITTER.set(self.splitter.saveState())
        options.CONTACTS_TAG_FILTER.set(self.model.tag or "")
        options.CONTACTS_DUE_FILTER.set(self.model.due_filter)

    # -- behaviour ---------------------------------------------------------------------------
    def apply_change(self, change: Change) -> None:
        """After a write: re-read what `change` names, now if the list is on screen, else when next shown."""
        self._unseen = self._unseen | change
        if self.isVisible():
            self._catch_up()

    def refresh(self) -> None:
        """Re-read everything (the list, the tags, the card)."""
        self.apply_change(Change.all())

    def showEvent(self, event) -> None:
        """Override QWidget.showEvent: catch up with writes made while hidden."""
        if self._unseen:
            self._catch_up()
        super().showEvent(event)

    def _catch_up(self) -> None:
        change, self._unseen = self._unseen, Change()
        if change.everything:
            self.reload_now()
            return
        selected = self.selected_contact_id()
        loads = self.detail.loads
        applied = self.model.apply(change)
        if applied.tags_changed:
            self._fill_tags()
        if applied.ids_reread:
            self._after_filter(selected)  # a model reset drops the selection; keep the user's place
        if self.detail.loads == loads and change.touches_contact(self.detail.contact_id):
            self.detail.reload()

    def reload_now(self) -> None:
        self._unseen = Change()
        # A model reset drops the selection; keep the user's place across it.
        selected = self.selected_contact_id()
        self._fill_tags()
        loads = self.detail.loads
        self.model.refresh()
        self._after_filter(selected)
        if self.detail.loads == loads:
            # No row was (re)selected, so the card was not read since the write (a model reset clears the
            # selection without a signal; re-selecting a row reads the card).
            self.detail.reload()

    def _fill_tags(self) -> None:
        current = self.model.tag
        names = contact_list.tag_names()
        if current and current not in names:
            current = None
            self.model.tag = None
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem("All tags", "")
        for name in names:
            self.tag_filter.addItem(f"#{name}", name)
        self.tag_filter.setCurrentIndex(max(0, self.tag_filter.findData(current or "")))
        self.tag_filter.blockSignals(False)

    def _update_list_page(self) -> None:
        count = self.model.rowCount()
        empty_store = count == 0 and not self.model.filtered
        self.outer.setCurrentIndex(1 if empty_store else 0)
        if count:
            self.list_stack.setCurrentWidget(self.table)
        elif self.model.filtered:
            self.no_match.set_search(self.model.search)
            self.list_stack.setCurrentWidget(self.no_match)
        # Until the background reader has the rest, only the first rows are known: "100+".
        shown = f"{count:,}" if self.model.complete else f"{count:,}+"
        plural = "s" if count != 1 or not self.model.complete else ""
        self.count_label.setText(f"{shown} matching contact{plural}" if self.model.filtered else f"{shown} contact{plural}")

    def _apply_search_now(self) -> None:
        self._search_timer.stop()
        self._apply_search()

    def _apply_search(self) -> None:
        selected = self.selected_contact_id()
        self.model.set_search(self.search.text())
        self._after_filter(selected)

    def _apply_filters(self) -> None:
        selected = self.selected_contact_id()
        self.model.set_filters(tag=self.tag_filter.currentData(), due_filter=self.due_filter.currentData())
        self._after_filter(selected)

    def _after_filter(self, selected: int | None) -> None:
        self._update_list_page()
        self._pending_selection = None
        if selected is not None and not self.select_contact(selected, reveal=False) and not self.model.complete:
            # Maybe further down: decide when the rest of the list is in (milliseconds away), rather
            # than show the first hit now and jump back to the kept contact a moment later.
            self._pending_selection = selected
            return
        self._ensure_selection()

    def _on_list_complete(self) -> None:
        self._update_list_page()
        pending, self._pending_selection = self._pending_selection, None
        if pending is not None and self.selected_contact_id() is None:
            self.select_contact(pending, reveal=False)
        self._ensure_selection()

    def _ensure_selection(self) -> None:
        # The card always shows someone the list shows: the kept selection, else the first row
        # (so a search shows its best hit at once), else nobody.
        if self.selected_contact_id() is None:
            if self.model.rowCount():
                self.table.selectRow(0)
            else:
                self.detail.show_contact(None)

    def clear_filters(self) -> None:
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._search_timer.stop()
        self.tag_filter.setCurrentIndex(0)
        self.due_filter.setCurrentIndex(0)
        self.model.search = ""
        self.model.set_filters(tag=None, due_filter="all")
        self._update_list_page()

    def showing_welcome(self) -> bool:
        return self.outer.currentWidget() is self.welcome

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def apply_preferences(self) -> None:
        """Take what the Preferences dialog sets for this view: the search delay."""
        self._search_timer.setInterval(options.SEARCH_DEBOUNCE_MS.get())

    def selected_contact_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.data(rows[0], Role.CONTACT_ID)

    def _find_row(self, contact_id: int) -> int:
        row = self.model.row_of(contact_id)
        if row < 0 and not self.model.complete:
            self.model.ensure_complete()  # asked for by name: worth reading the rest of the list now
            row = self.model.row_of(contact_id)
        return row

    def select_contact(self, contact_id: int, *, reveal: bool = True) -> bool:
        """Select and scroll to a contact; `reveal` clears the filters if they hide it."""
        row = self._find_row(contact_id) if reveal else self.model.row_of(contact_id)
        if row < 0 and reveal and self.model.filtered:
            # Asked to show someone the filters hide: show everyone rather than nothing.
            self.clear_filters()
            row = self._find_row(contact_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        # Arriving from elsewhere (a link, another section), the row sits mid-list with context around it;
        # a selection kept across a refresh only needs to stay in view.
        hint = QAbstractItemView.ScrollHint.PositionAtCenter if reveal else QAbstractItemView.ScrollHint.EnsureVisible
        self.table.scrollTo(self.model.index(row, 0), hint)
        return True

    def eventFilter(self, watched, event) -> bool:
        """Override QObject.eventFilter: Down in the search box goes to the list, Escape clears the search."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Down and self.model.rowCount():
                if self._search_timer.isActive():
                    self._apply_search_now()
                if self.selected_contact_id() is None:
                    self.table.selectRow(0)
                self.table.setFocus(Qt.FocusReason.TabFocusReason)
                return True
            if event.key() == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                self._apply_search_now()
                return True
        return super().eventFilter(watched, event)

    def _selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        contact_id = self.selected_contact_id()
        self.detail.show_contact(contact_id)
        self.contact_selected.emit(contact_id or 0)
