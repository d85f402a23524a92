"""Issue 19 item 5: the card shows what is stored (addresses, birthday, web and social profiles,
department, nickname, labelled emails and phones), each email, phone and profile a link the desktop opens."""

import datetime as dt

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from netdesk.services import contacts, importing
from netdesk.ui.card_reach import tel_url
from netdesk.ui.contact_detail import ContactDetailView
from netdesk.ui.context import AppContext

TODAY = dt.date(2026, 3, 10)
VCARD = """BEGIN:VCARD
VERSION:3.0
FN:Zoë Ångström
N:Ångström;Zoë;;;
NICKNAME:Zo
ORG:Acme;Research
TITLE:CTO
EMAIL;TYPE=WORK:zoe@acme.example
EMAIL;TYPE=HOME:zoe@home.example
TEL;TYPE=CELL:+33 6 12 34 56 78
ADR;TYPE=WORK:;;1 Rue de Rivoli;Paris;;75001;France
URL:https://zoe.example
X-SOCIALPROFILE;TYPE=linkedin:https://www.linkedin.com/in/zoe
BDAY:1985-04-12
END:VCARD
"""


class Handler(QObject):
    """A desktop handler for mailto:, tel: and https: that records what it was asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@pytest.fixture
def handler():
    found = Handler()
    for scheme in ("mailto", "tel", "https"):
        QDesktopServices.setUrlHandler(scheme, found, "open")
    yield found
    for scheme in ("mailto", "tel", "https"):
        QDesktopServices.unsetUrlHandler(scheme)


@pytest.fixture
def card(qtbot, store, tmp_path):
    path = tmp_path / "zoe.vcf"
    path.write_text(VCARD, encoding="utf-8")
    importing.import_files([path], today=TODAY)
    widget = ContactDetailView(AppContext.create(lambda: TODAY))
    qtbot.addWidget(widget)
    widget.resize(520, 900)
    widget.show()
    (zoe,) = contacts.list_contacts(search="zoe")
    widget.show_contact(zoe.id)
    return widget


def test_the_card_shows_every_stored_detail(card):
    text = card.reach.text()
    for shown in ("Zo", "Research", "12 April 1985", "zoe@acme.example", "work", "zoe@home.example", "home",
                  "+33 6 12 34 56 78", "cell", "linkedin.com/in/zoe", "LinkedIn", "zoe.example",
                  "1 Rue de Rivoli, 75001 Paris, France", "Address (work)"):
        assert shown in text, shown
    assert "href='mailto:zoe@acme.example'" in text and "href='tel:+33612345678'" in text


def test_links_go_to_the_desktop_handlers(card, handler, qtbot):
    for href in ("mailto:zoe@acme.example", "tel:+33612345678", "https://www.linkedin.com/in/zoe"):
        card.reach.linkActivated.emit(href)
    assert handler.urls == ["mailto:zoe@acme.example", "tel:+33612345678", "https://www.linkedin.com/in/zoe"]


def test_a_contact_with_nothing_more_says_so(qtbot, store):
    ana = contacts.add_contact("Ana", today=TODAY)
    widget = ContactDetailView(AppContext.create(lambda: TODAY))
    qtbot.addWidget(widget)
    widget.show_contact(ana.id)
    assert "No other details stored" in widget.reach.text()


def test_tel_links_keep_only_digits_and_the_leading_plus():
    assert tel_url("+44 (0)20 7946-0958") == "tel:+440207946 0958".replace(" ", "")
    assert tel_url("06 12 34 56 78") == "tel:0612345678"


def test_links_take_the_palette_link_colour_so_they_read_on_a_dark_card(card, qtbot):
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from netdesk.ui import theme

    app = QApplication.instance()
    theme.apply(app, "dark")  # what Preferences ▸ Appearance does
    try:
        light_blue = theme.dark_palette().color(QPalette.ColorRole.Link).name()
        card.reload()
        assert f"<a style='color: {light_blue}' href='mailto:zoe@acme.example'>" in card.reach.text()
    finally:
        theme.apply(app, "light")
