"""The import preview dialog: a dry run that writes nothing, the import on a pool thread, Cancel."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from netdesk.services import contacts
from netdesk.store.models import database
from netdesk.ui.import_dialog import ImportDialog, Role
from tests.conftest import TODAY

VCARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Apple\r\nEMAIL:ann@example.com\r\nORG:Acme\r\nEND:VCARD\r\n"
         "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob Brown\r\nEMAIL:bob@example.com\r\nEND:VCARD\r\n"
         "BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:no name at all\r\nEND:VCARD\r\n")


def count() -> int:
    return database.connection().execute("SELECT count(*) FROM contact").fetchone()[0]


@pytest.fixture
def vcf(tmp_path) -> Path:
    path = tmp_path / "people.vcf"
    path.write_text(VCARD, encoding="utf-8", newline="")
    return path


def wait_preview(qtbot, dialog: ImportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.running and (dialog.preview is not None or bool(dialog.error)), timeout=10_000)


def test_preview_shows_create_merge_skip_and_writes_nothing(qtbot, qtmodeltester, store, vcf):
    contacts.add_contact("Ann A.", today=TODAY, emails=["ann@example.com"])
    dialog = ImportDialog([vcf], TODAY)
    qtbot.addWidget(dialog)
    wait_preview(qtbot, dialog)
    qtmodeltester.check(dialog.model)
    actions = [dialog.model.index(r, 0).data(Role.ACTION) for r in range(dialog.model.rowCount())]
    assert actions == ["skip", "merge", "create"]  # what needs a look comes first
    assert "1 to create, 1 to merge" in dialog.summary.text() and "1 to skip" in dialog.summary.text()
    skipped, merged = actions.index("skip"), actions.index("merge")
    assert "no name" in dialog.model.index(skipped, 4).data()
    assert "people.vcf: record 3" in dialog.model.index(skipped, 1).data(Qt.ItemDataRole.ToolTipRole)
    row = [dialog.model.index(merged, c).data() for c in range(5)]
    assert row[1:4] == ["Ann Apple", "ann@example.com", "Acme"] and row[4].startswith("merge with Ann A.")
    assert count() == 1
    assert dialog.import_button.isEnabled()


def wait_imported(qtbot, dialog: ImportDialog) -> None:
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running and (dialog.result is not None or bool(dialog.error)), timeout=10_000)


def test_import_runs_on_the_pool_then_shows_what_it_did(qtbot, store, vcf):
    dialog = ImportDialog([vcf], TODAY)
    qtbot.addWidget(dialog)
    wait_preview(qtbot, dialog)
    wait_imported(qtbot, dialog)
    assert dialog.result.files[0].created == 2
    assert {c.name for c in contacts.list_contacts()} == {"Ann Apple", "Bob Brown"}
    assert dialog.progress.value() == dialog.progress.maximum()
    report = dialog.report.toPlainText()
    assert "created Ann Apple" in report and "created Bob Brown" in report and "skipped people.vcf: record 3" in report
    assert "2 created, 0 merged" in dialog.summary.text()
    assert not dialog.undo_button.isHidden() and dialog.undo_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)


def test_cancel_during_import_leaves_nothing(qtbot, store, vcf, monkeypatch):
    from netdesk.services import importing

    dialog = ImportDialog([vcf], TODAY)
    qtbot.addWidget(dialog)
    wait_preview(qtbot, dialog)
    real = importing._one_record

    def slow_record(*args, **kwargs):
        real(*args, **kwargs)
        dialog._cancel.set()  # as if Cancel were clicked while the first record was written

    monkeypatch.setattr(importing, "_one_record", slow_record)
    with qtbot.waitSignal(dialog.rejected, timeout=10_000):
        dialog.import_button.click()
    assert dialog.result is None and "cancelled" in dialog.error
    assert count() == 0


def test_cancel_button_while_running_asks_the_worker_to_stop(qtbot, store, vcf):
    dialog = ImportDialog([vcf], TODAY)
    qtbot.addWidget(dialog)
    wait_preview(qtbot, dialog)
    dialog.show()
    dialog.running = True  # as during an import: Cancel only asks the worker to stop
    dialog.cancel_button.click()
    assert dialog._cancel.is_set() and dialog.isVisible()
    dialog.running = False
    dialog.reject()
    assert not dialog.isVisible()


def test_refused_file_is_explained(qtbot, store, tmp_path, messages):
    bad = tmp_path / "broken.vcf"
    bad.write_bytes(b"BEGIN:VCARD\r\nFN:cut\r\n")
    dialog = ImportDialog([bad], TODAY)
    qtbot.addWidget(dialog)
    wait_preview(qtbot, dialog)
    assert "truncated" in dialog.summary.text() and "Nothing was written" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    assert messages.shown and messages.shown[-1][2] is True
    assert count() == 0


def test_the_window_import_action_runs_the_dialog(qtbot, store, vcf):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from netdesk.ui.main_window import MainWindow

    window = MainWindow(today_fn=lambda: TODAY)
    qtbot.addWidget(window)
    seen = []

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, ImportDialog) and dialog.result is not None and not dialog.running:
            dialog.close_button.click()
        elif isinstance(dialog, ImportDialog) and dialog.preview is not None and not dialog.running and not seen:
            seen.append(dialog.summary.text())
            dialog.import_button.click()
            QTimer.singleShot(20, drive)
        else:
            QTimer.singleShot(20, drive)

    QTimer.singleShot(0, drive)
    window.actions_.import_contacts([vcf])  # modal: returns when the dialog closes
    assert seen and "2 to create" in seen[0]
    assert {c.name for c in contacts.list_contacts()} == {"Ann Apple", "Bob Brown"}


def test_preview_of_a_backup_restore(qtbot, store, tmp_path):
    import json

    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps({"format": "netdesk-backup", "version": 1, "schema": 1, "tables": {
        "contact": {"columns": ["id", "name", "created_on", "updated_at"],
                    "rows": [[7, "Zoë Ångström", "2026-01-01", "2026-01-01T00:00:00Z"]]}}}), encoding="utf-8")
    dialog = ImportDialog([backup], TODAY)
    qtbot.addWidget(dialog)
    wait_preview(qtbot, dialog)
    assert dialog.model.index(0, 0).data() == "Restore"
    assert "1 contacts" in dialog.model.index(0, 4).data()
    assert count() == 0
    wait_imported(qtbot, dialog)
    assert not dialog.undo_button.isEnabled()  # a restore replaces the store: no undo
    assert [c.name for c in contacts.list_contacts(search="angstrom")] == ["Zoë Ångström"]


# -- issue 19 items 4 and 6: leave rows out, the column step, Undo, 800×600 ----------------------------------

def rows(dialog: ImportDialog) -> dict[str, int]:
    return {dialog.model.index(r, 1).data(): r for r in range(dialog.model.rowCount())}


def click_checkbox(qtbot, dialog: ImportDialog, row: int) -> None:
    """A real click on the row's check indicator, found with the style the view paints it with."""
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    view = dialog.table
    index = dialog.model.index(row, 0)
    view.scrollTo(index)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    option.index = index
    box = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, view)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=box.center())


def test_unticked_rows_are_left_out(qtbot, store, vcf, tmp_path):
    more = tmp_path / "more.vcf"
    more.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cara Cole\r\nEMAIL:cara@example.com\r\nEND:VCARD\r\n",
                    encoding="utf-8", newline="")
    dialog = ImportDialog([vcf, more], TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_preview(qtbot, dialog)
    by_name = rows(dialog)
    assert dialog.model.index(by_name["Bob Brown"], 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    click_checkbox(qtbot, dialog, by_name["Bob Brown"])  # the mouse
    assert dialog.model.index(by_name["Bob Brown"], 0).data() == "Leave out"
    dialog.table.setCurrentIndex(dialog.model.index(by_name["Cara Cole"], 0))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)  # the keyboard
    assert "1 to create" in dialog.summary.text() and "2 left out" in dialog.summary.text()
    skipped = dialog.model.index(by_name[""], 0)
    assert not dialog.model.flags(skipped) & Qt.ItemFlag.ItemIsUserCheckable  # nothing to tick on a skip
    wait_imported(qtbot, dialog)
    assert [c.name for c in contacts.list_contacts()] == ["Ann Apple"]
    assert "left out in the preview" in dialog.report.toPlainText()


def test_untick_all_disables_import(qtbot, store, vcf):
    dialog = ImportDialog([vcf], TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_preview(qtbot, dialog)
    qtbot.mouseClick(dialog.none_button, Qt.MouseButton.LeftButton)
    assert not dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.all_button, Qt.MouseButton.LeftButton)
    assert dialog.import_button.isEnabled()


def test_plain_csv_goes_straight_to_the_preview(qtbot, store, tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("name,EMAIL,Phone,Company\nAnn Apple,ann@example.com,+44 20 7946 0018,Acme\n", encoding="utf-8")
    dialog = ImportDialog([path], TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_preview(qtbot, dialog)
    assert dialog.pages.currentIndex() == dialog.PREVIEW and dialog.columns_button.isVisible()
    assert [dialog.model.index(0, c).data() for c in range(1, 4)] == ["Ann Apple", "ann@example.com", "Acme"]
    wait_imported(qtbot, dialog)
    (ann,) = contacts.list_contacts()
    assert ann.phones == ("+44 20 7946 0018",) and ann.organisation == "Acme"


def test_the_column_step_for_a_csv_netdesk_does_not_know(qtbot, store, tmp_path, messages):
    path = tmp_path / "odd.csv"
    path.write_text("Who;Reach;Firm;Shoe\nDan Dee;dan@example.com;Delta;44\nEve East;eve@example.com;;38\n",
                    encoding="utf-8")
    dialog = ImportDialog([path], TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == dialog.COLUMNS, timeout=10_000)
    assert not messages.shown  # a question, not an error
    page = dialog.columns_page
    assert len(page.combos) == 4 and not dialog.preview_button.isEnabled() and page.problem.isVisible()
    assert "e.g. Dan Dee, Eve East" in page.form.itemAt(0, page.form.ItemRole.LabelRole).widget().text()
    # the keyboard: focus the first column's box and pick "Name (whole)" (the first entry)
    page.combos[0].setFocus()
    qtbot.keyClick(page.combos[0], Qt.Key.Key_Home)
    page.choose(1, "email")
    page.choose(2, "organisation")
    page.choose(3, "ignore")
    assert page.mapping() == ["name", "email", "organisation", "ignore"]
    assert dialog.preview_button.isEnabled() and not page.problem.isVisible()
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    wait_preview(qtbot, dialog)
    assert dialog.pages.currentIndex() == dialog.PREVIEW and count() == 0
    assert set(rows(dialog)) == {"Dan Dee", "Eve East"}
    wait_imported(qtbot, dialog)
    dan = contacts.list_contacts(search="dan dee")[0]
    assert (dan.emails, dan.organisation) == (("dan@example.com",), "Delta")
    c = database.connection()
    assert c.execute("SELECT count(*) FROM contact WHERE extra LIKE '%Shoe%'").fetchone()[0] == 0  # left out


def test_undo_button_takes_the_import_back(qtbot, store, vcf):
    ann = contacts.add_contact("Ann A.", today=TODAY, emails=["ann@example.com"]).contact.id
    dialog = ImportDialog([vcf], TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_preview(qtbot, dialog)
    wait_imported(qtbot, dialog)
    assert count() == 2 and contacts.get(ann).organisation == "Acme"
    assert "merged Ann Apple into Ann A." in dialog.report.toPlainText()
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert count() == 1
    back = contacts.get(ann)
    assert (back.name, back.organisation, back.emails) == ("Ann A.", "", ("ann@example.com",))
    assert "Undone: 1 contacts" in dialog.summary.text() and not dialog.undo_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # closing after an import is not a cancel


def test_preview_is_readable_in_an_800_by_600_window(qtbot, store, vcf):
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    window.resize(800, 600)
    qtbot.addWidget(window)
    window.show()
    dialog = ImportDialog([vcf], TODAY, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_preview(qtbot, dialog)
    assert dialog.width() <= 800 and dialog.height() <= 600
    header = dialog.table.horizontalHeader()
    assert dialog.table.horizontalScrollBar().maximum() == 0  # every column shows without scrolling
    assert all(header.sectionSize(c) >= 60 for c in range(5))
    for button in (dialog.import_button, dialog.cancel_button, dialog.none_button):
        assert button.isVisible() and button.geometry().right() <= dialog.width()


def test_a_corpus_csv_through_the_dialog(qtbot, store):
    from tests.conftest import CORPUS

    path = CORPUS / "csv" / "thunderbird-addrbook-export.csv"
    if not path.is_file():
        pytest.skip("the shared corpus is not here")
    dialog = ImportDialog([path], TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_preview(qtbot, dialog)
    wanted = dialog.model.counts()["create"]
    assert wanted > 0
    wait_imported(qtbot, dialog)
    assert count() == wanted
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert count() == 0
