"""Issue 19 item 16: the window works at 800×600 (the card scrolls down, never sideways), the ask dialog
grows to show every warning, warnings speak of "your open ask", errors look like errors, dark charts read."""

import datetime as dt

from PySide6.QtGui import QColor, QPalette

from netdesk.sample import load_sample
from netdesk.services import asks, contacts
from netdesk.ui import theme
from netdesk.ui.charts import GoalChart
from netdesk.ui.dialogs_records import AskDialog, InteractionDialog
from netdesk.ui.main_window import MainWindow
from netdesk.ui.navigation import KEYS

TODAY = dt.date(2026, 3, 10)
DAY = dt.timedelta(days=1)


def test_every_section_fits_800_by_600_and_the_card_scrolls_only_down(qtbot, store):
    load_sample(TODAY, 60)
    window = MainWindow(today_fn=lambda: TODAY)
    qtbot.addWidget(window)
    window.resize(800, 600)
    window.show()
    for key in KEYS:
        window.show_section(key)
        qtbot.wait(1)
        assert window.minimumSizeHint().width() <= 800, key
        assert window.width() == 800, key
    window.open_contact(window.contacts_model.ids()[0])
    card = window.contacts.detail
    qtbot.waitUntil(lambda: card.current is not None)
    scroll = card.stack.currentWidget()
    assert not scroll.horizontalScrollBar().isVisible()
    assert card.card.width() <= scroll.viewport().width()
    assert scroll.verticalScrollBar().maximum() > 0  # the rest of the card is one scroll away


def test_the_ask_dialog_grows_to_show_every_warning_and_names_no_id(qtbot, store):
    zoe = contacts.add_contact("Zoë", today=TODAY - 200 * DAY)
    asks.record_ask(zoe.id, "An intro to her CTO", on=TODAY - 10 * DAY, today=TODAY)
    asks.record_ask(zoe.id, "Feedback on my CV", on=TODAY - 5 * DAY, today=TODAY)
    dialog = AskDialog(TODAY, asks.warnings_for, (zoe.id, "Zoë"))
    qtbot.addWidget(dialog)
    dialog.resize(440, 200)
    dialog.show()
    found = dialog.current_warnings()
    assert len(found) == 3
    assert "your open ask of Zoë" in found[0] and "(ask " not in found[0]
    dialog.update_warnings()
    label = dialog.warnings
    assert label.isVisible()
    assert label.height() >= label.heightForWidth(label.width())
    assert label.geometry().bottom() < dialog.buttons.geometry().top()
    assert dialog.buttons.geometry().bottom() <= dialog.height()


def test_a_refused_value_is_shown_in_red_not_in_the_link_colour(qtbot, store):
    dialog = InteractionDialog(TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.save_button.click()  # no contact chosen
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "palette(link)" not in dialog.error.styleSheet()
    image = dialog.error.grab().toImage()
    reds = [image.pixelColor(x, y) for x in range(0, image.width(), 2) for y in range(image.height())]
    assert any(c.red() > 150 and c.green() < 90 and c.blue() < 90 for c in reds)  # red text
    assert dialog.error.accessibleDescription().startswith("Error: ")


def _contrast(a: QColor, b: QColor) -> float:
    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            v /= 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * ch(c.red()) + 0.7152 * ch(c.green()) + 0.0722 * ch(c.blue())
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_a_month_short_of_the_goal_is_readable_on_the_dark_palette(qtbot):
    chart = GoalChart()
    qtbot.addWidget(chart)
    chart.setPalette(theme.dark_palette())
    chart.set_data([(dt.date(2026, m, 1), v) for m, v in ((1, 1), (2, 4), (3, 0))], goal=3)
    base = chart.palette().color(QPalette.ColorRole.Base)
    short, met = chart.bar_colour(0, 1), chart.bar_colour(1, 4)
    assert _contrast(short, base) >= 1.8  # was 1.3: the bar melted into the background
    assert chart.bar_outline(0, 1) is not None and chart.bar_outline(1, 4) is None
    assert short != met
