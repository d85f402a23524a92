"""The contact card beside the list: who they are, how you met, what is missing, and everything that happened.

Fields are edited in place; each finished edit becomes an EditContactCommand on the shared undo stack.
The card re-reads the store on `reload()` (after any write, undo or redo).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netdesk.errors import UserFacingError
from netdesk.services import contact_edit, contact_list
from netdesk.services.contact_edit import ContactDetail
from netdesk.ui import card_edits, shortcuts_keys
from netdesk.ui.avatar import avatar_pixmap, is_dark, scaled_photo
from netdesk.ui.card_parts import KIND_LABELS, composer_available, escape, introducer_field, rule
from netdesk.ui.card_parts import heading as section_heading
from netdesk.ui.card_reach import ReachLabel, colour_links
from netdesk.ui.commands import push
from netdesk.ui.contact_commands import EditContactCommand
from netdesk.ui.context import AppContext
from netdesk.ui.views import record_actions
from netdesk.ui.views.flow import flow_row

AVATAR_SIZE = 64

class ContactDetailView(QWidget):
    """Signals:
        log_requested(int): "Log interaction…" for this contact.
        favour_requested(int): "Record favour…" for this contact.
        compose_requested(int): "Compose invitation…" for this contact.
    """

    log_requested = Signal(int)
    favour_requested = Signal(int)
    compose_requested = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.contact_id: int | None = None
        self.current: ContactDetail | None = None
        self.loads = 0  # how many times the card was read (a refresh skips a second read)
        self._held = False
        self._build()
        self.show_contact(None)

    # -- construction ----------------------------------------------------------------------
    def _line(self, key: str, accessible: str, placeholder: str = "", edit: QLineEdit | None = None) -> QLineEdit:
        edit = edit if edit is not None else QLineEdit()
        edit.setAccessibleName(accessible)
        edit.setPlaceholderText(placeholder)
        edit.setFrame(False)  # reads as text until focused; the form stays calm
        edit.editingFinished.connect(lambda: self._commit_line(key, edit))
        return edit

    def _build(self) -> None:
        self.avatar = QLabel()
        self.avatar.setFixedSize(AVATAR_SIZE, AVATAR_SIZE)
        self.avatar.setAccessibleName("Photo")
        self.name_edit = self._line("name", "Name")
        font = self.name_edit.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.name_edit.setFont(font)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.photo_button = QPushButton("Photo")
        self.photo_button.setAccessibleName("Photo")
        photo_menu = QMenu(self.photo_button)
        self.choose_photo_action = photo_menu.addAction("Choose a photo…", self._choose_photo)
        self.remove_photo_action = photo_menu.addAction("Remove the photo", self.remove_photo)
        self.photo_button.setMenu(photo_menu)
        heading = QVBoxLayout()
        heading.addWidget(self.name_edit)
        heading.addWidget(self.subtitle)
        top = QHBoxLayout()
        top.addWidget(self.avatar, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(heading, 1)
        top.addWidget(self.photo_button, 0, Qt.AlignmentFlag.AlignTop)

        self.completeness = QProgressBar()
        self.completeness.setRange(0, 100)
        self.completeness.setAccessibleName("Completeness")
        self.completeness.setFormat("%p% complete")
        self.completeness.setMaximumHeight(16)
        self.missing_label = QLabel()
        self.missing_label.setWordWrap(True)

        self.fields = {
            "organisation": self._line("organisation", "Organisation"),
            "title": self._line("title", "Title", "role or job title"),
            "emails": self._line("emails", "Emails", "name@example.org, …"),
            "phones": self._line("phones", "Phones"),
            "tags": self._line("tags", "Tags", "comma-separated"),
            "how_met": self._line("how_met", "How we met", "e.g. spoke after her talk at PyCon"),
            "met_on": self._line("met_on", "When we met", "YYYY-MM-DD"),
            "introduced_by": self._line("introduced_by", "Introduced by", "name, email or id", introducer_field()),
        }
        self.every = QSpinBox()
        self.every.setAccessibleName("Keep in touch every (days)")
        self.every.setRange(0, 3650)
        self.every.setSpecialValueText("never")
        self.every.setSuffix(" days")
        self.every.editingFinished.connect(self._commit_every)
        self.strength = QSpinBox()
        self.strength.setAccessibleName("Strength")
        self.strength.setRange(0, 5)
        self.strength.setSuffix(" of 5")
        self.strength.editingFinished.connect(
            lambda: self._commit({"strength": self.strength.value()}) if self.current
            and self.strength.value() != self.current.contact.strength else None)
        self.name_ok = QCheckBox("I may use their name")
        self.name_ok.setToolTip("They agreed that you mention their name when you write to others")
        self.name_ok.setAccessibleName("Permission to use their name")
        self.name_ok.clicked.connect(lambda checked: self._commit({"name_ok": bool(checked)}))
        self.chain_label = QLabel()
        self.chain_label.setWordWrap(True)
        self.chain_label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                                 | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.chain_label.linkActivated.connect(lambda href: self.context.open_contact(int(href.split(":")[1])))
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes")
        self.notes.setPlaceholderText("Private notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(64)
        self.notes.installEventFilter(self)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # a narrow card puts fields under labels
        labels = {"organisation": "Organisation", "title": "Title", "emails": "Email", "phones": "Phone",
                  "tags": "Tags", "how_met": "How we met", "met_on": "Met on", "introduced_by": "Introduced by"}
        for key, edit in self.fields.items():
            form.addRow(labels[key] + ":", edit)
            if key == "introduced_by":
                form.addRow("", self.chain_label)
        form.addRow("Keep in touch:", self.every)
        form.addRow("Strength:", self.strength)
        self.name_ok.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)  # a click beside it is not on it
        form.addRow(self.name_ok)
        form.addRow("Notes:", self.notes)
        # Ctrl+Z in a field with nothing typed undoes the last change, as everywhere else in the window.
        shortcuts_keys.pass_undo_through(self.name_edit, *self.fields.values(), self.notes, self.every,
                                         self.strength)

        self.reach = ReachLabel()  # every email, phone and profile as a link; addresses, birthday, nickname
        self.balance_label = QLabel()
        self.balance_label.setAccessibleName("Give and take balance")
        self.balance_label.setWordWrap(True)
        self.reminders_label = QLabel()
        self.reminders_label.setWordWrap(True)
        self.reminders_label.setAccessibleName("Open reminders")
        self.reminders_label.linkActivated.connect(
            lambda href: _write_draft(self.context, int(href.split(":")[1]), self))

        self.timeline = QTreeWidget()
        self.timeline.setAccessibleName("Timeline")
        self.timeline.setHeaderLabels(["Date", "What", "Details"])
        self.timeline.setRootIsDecorated(False)
        self.timeline.setUniformRowHeights(True)
        self.timeline.setAlternatingRowColors(True)
        self.timeline.setMinimumHeight(140)
        self.timeline.setColumnWidth(0, 92)
        self.timeline.setColumnWidth(1, 240)
        self.timeline.setToolTip("F2 or Enter edits the selected record, Delete deletes it (both undoable)")
        # Every record can be corrected where it is shown: a context menu, F2 (and Enter), Delete.
        record_actions.install(self.timeline, self.context, self.timeline_record)
        self.timeline.itemActivated.connect(lambda *_: self.edit_timeline_record())

        self.log_button = QPushButton("Log interaction…")
        self.favour_button = QPushButton("Record favour…")
        self.compose_button = QPushButton("Compose invitation…")
        self.compose_button.setToolTip("Draft a short, personal invitation from how you met")
        for button, signal in ((self.log_button, self.log_requested), (self.favour_button, self.favour_requested),
                               (self.compose_button, self.compose_requested)):
            button.setAccessibleName(button.text().rstrip("…"))
            button.clicked.connect(lambda _=False, s=signal: s.emit(self.contact_id or 0))
        # A wrapping row: at 800×600 the card is narrow, and it must scroll down, never sideways.
        actions = flow_row([self.log_button, self.favour_button, self.compose_button])

        card = self.card = QWidget()
        card.setObjectName("contactCard")
        body = QVBoxLayout(card)
        body.setContentsMargins(6, 6, 8, 6)  # the card sits in a scroll area; keep its width for the fields
        body.addLayout(top)
        body.addWidget(self.completeness)
        body.addWidget(self.missing_label)
        body.addWidget(actions)
        body.addWidget(rule())
        body.addLayout(form)
        body.addWidget(rule())
        body.addWidget(section_heading("Reach them"))
        body.addWidget(self.reach)
        body.addWidget(section_heading("Give and take"))
        body.addWidget(self.balance_label)
        body.addWidget(section_heading("Open reminders"))
        body.addWidget(self.reminders_label)
        body.addWidget(section_heading("Timeline"))
        body.addWidget(self.timeline, 1)
        # Fields read as plain text until hovered or focused: a card to read, that can be edited in place.
        card.setStyleSheet(
            # A field keeps a faint underline at rest, so it reads as something to type in (issue 19 item 5).
            "#contactCard QLineEdit { background: transparent; border: 1px solid transparent; border-radius: 3px;"
            " border-bottom-color: palette(mid); padding: 1px 3px; }"
            "#contactCard QLineEdit:hover { border-color: palette(mid); }"
            "#contactCard QLineEdit:focus { background: palette(base); border-color: palette(highlight); }"
        )
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(card)

        self.placeholder = QLabel("Select a contact to see their card.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setEnabled(False)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    # -- showing -----------------------------------------------------------------------------
    def show_contact(self, contact_id: int | None) -> None:
        self.contact_id = contact_id
        self.reload()

    def hold(self) -> None:
        """Show nothing until `release`: the window's start-up paints the list first, the card after."""
        self._held = True

    def release(self) -> None:
        if self._held:
            self._held = False
            self.reload()

    def reload(self) -> None:
        if self._held:
            return  # read on release
        self.loads += 1
        detail = None
        if self.contact_id is not None:
            try:
                detail = contact_edit.detail(self.contact_id)
            except UserFacingError:
                self.contact_id = None  # deleted (an undone "New contact")
        self.current = detail
        if detail is None:
            self.stack.setCurrentIndex(0)
            return
        self.stack.setCurrentIndex(1)
        self._fill(detail)

    def _fill(self, d: ContactDetail) -> None:
        c = d.contact
        photo = None
        if d.has_photo:
            blob = contact_list.photos([c.id]).get(c.id)
            photo = scaled_photo(blob) if blob else None
        self.avatar.setPixmap(avatar_pixmap(c.name, photo, AVATAR_SIZE, self.devicePixelRatioF()))
        self.remove_photo_action.setEnabled(d.has_photo)
        if not (self.name_edit.hasFocus() and self.name_edit.isModified()):
            self.name_edit.setText(c.name)
            self.name_edit.setCursorPosition(0)  # a narrow card shows the start of a long name
        self.subtitle.setText(" · ".join(p for p in (c.title, c.organisation) if p) or "No title or organisation yet")
        self.completeness.setValue(round(d.completeness * 100))
        self.missing_label.setText("Missing: " + ", ".join(d.missing) if d.missing else "Complete: nothing missing.")
        values = {
            "organisation": c.organisation, "title": c.title, "emails": ", ".join(c.emails),
            "phones": ", ".join(c.phones), "tags": ", ".join(c.tags), "how_met": c.how_met,
            "met_on": c.met_on.isoformat() if c.met_on else "",
            "introduced_by": d.chain[0][1] if d.chain else "",
        }
        for key, edit in self.fields.items():
            if not (edit.hasFocus() and edit.isModified()):  # never overwrite what the user is typing
                edit.setText(values[key])
                edit.setCursorPosition(0)
        from netdesk.services import card_details  # the card is read after the first paint

        try:
            self.reach.show_extras(card_details.extras(c.id))
        except UserFacingError:
            self.reach.show_extras(None)
        self.every.setValue(c.every_days or 0)
        self.strength.setValue(c.strength)
        self.name_ok.setChecked(c.name_ok)
        if not self.notes.hasFocus() or self.notes.toPlainText() == c.notes:
            self.notes.setPlainText(c.notes)
        if d.chain:
            links = " ← ".join(f'<a href="contact:{cid}">{escape(name)}</a>' for cid, name in d.chain)
            self.chain_label.setText(colour_links(f"Referral chain: {links}", self))
        else:
            self.chain_label.setText("")
        self.chain_label.setVisible(bool(d.chain))
        b = d.balance
        lean = "balanced" if b.net == 0 else (f"you have given {b.net} more" if b.net > 0 else f"you owe {-b.net}")
        self.balance_label.setText(
            f"You gave {b.gives} · asked {b.asks} · they did you {b.favours} favour{'s' if b.favours != 1 else ''}"
            f" and gave {b.leads} lead{'s' if b.leads != 1 else ''} — {lean}.")
        open_ones = [r for r in d.reminders if r.status.is_active]
        today = self.context.today
        overdue_colour = "#ff8a80" if is_dark(self.palette()) else "#c62828"
        lines = []
        for r in open_ones:
            when = "today" if r.due == today else r.due.isoformat()
            late = f" <span style='color: {overdue_colour}'>(overdue)</span>" if r.due < today else ""
            lines.append(f"{when} · {escape(r.title)}{late} · <a href=\"write:{r.id}\">Write…</a>")
        self.reminders_label.setText(colour_links("<br>".join(lines), self) or "Nothing open.")
        kept = self.timeline_record()
        self.timeline.clear()
        for entry in d.timeline:
            source = d.captured.get(entry.record[1]) if entry.record and entry.record[0] == "interaction" else None
            what = f"{KIND_LABELS.get(entry.kind, entry.kind)} · {entry.text}"
            item = QTreeWidgetItem([entry.on.isoformat() if entry.on != dt.date.min else "",
                                    f"{what} · from {source}" if source else what, entry.detail])
            item.setToolTip(1, f"{entry.text}: captured from your {source}, not typed" if source else entry.text)
            if source:  # captured entries read as such at a glance: italic, and named in the column
                font = item.font(1)
                font.setItalic(True)
                item.setFont(1, font)
            item.setData(0, Qt.ItemDataRole.UserRole, entry.record)
            self.timeline.addTopLevelItem(item)
            if kept is not None and entry.record == kept:
                self.timeline.setCurrentItem(item)
        if not d.timeline:
            self.timeline.addTopLevelItem(QTreeWidgetItem(["", "Nothing recorded yet", ""]))
        self.compose_button.setEnabled(composer_available())
        if not self.compose_button.isEnabled():
            self.compose_button.setToolTip("The invitation composer is not available in this build")

    # -- editing -----------------------------------------------------------------------------
    def timeline_record(self) -> tuple[str, int] | None:
        """The (table, id) of the selected timeline entry."""
        item = self.timeline.currentItem()
        found = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return (str(found[0]), int(found[1])) if found else None

    def edit_timeline_record(self) -> None:
        if (ref := self.timeline_record()) is not None:
            record_actions.edit_record(self.context, self.window(), ref)

    def _commit(self, changes: dict) -> None:
        if self.current is None or self.contact_id is None:
            return
        command = EditContactCommand(self.context, self.contact_id, self.current.contact.name, changes)
        if push(self.context, self, command) is None:
            self.reload()  # refused: show the stored value again

    def _commit_line(self, key: str, edit: QLineEdit) -> None:
        card_edits.commit_line(self, key, edit)

    def _commit_every(self) -> None:
        if self.current is not None and (self.every.value() or None) != self.current.contact.every_days:
            self._commit({"every_days": self.every.value() or None})

    def eventFilter(self, watched, event) -> bool:
        """Override QObject.eventFilter: the notes box commits when it loses focus."""
        if watched is self.notes and event.type() == event.Type.FocusOut and self.current is not None:
            text = self.notes.toPlainText()
            if text != self.current.contact.notes:
                self._commit({"notes": text})
        return super().eventFilter(watched, event)

    def _choose_photo(self) -> None:
        card_edits.choose_photo(self)

    def remove_photo(self) -> None:
        card_edits.remove_photo(self)

    def set_photo_from_file(self, path: Path) -> None:
        card_edits.set_photo_from_file(self, path)


def _write_draft(context, contact_id: int, parent) -> None:
    # Imported on first use: the draft dialog pulls in nameparser and the templates, which the first
    # paint does not need (tests/ui/test_startup.py).
    from netdesk.ui import draft_dialog

    draft_dialog.write(context, contact_id, parent)
