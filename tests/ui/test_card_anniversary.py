"""Issue 20 item 5: the card shows the anniversary of working together that a vCard brought in, and an
edit (`contact set --anniversary`, the service behind it) shows on the card once it is shown again."""

import datetime as dt

from netdesk.services import contacts, etiquette, importing
from netdesk.ui.contact_detail import ContactDetailView
from netdesk.ui.context import AppContext

TODAY = dt.date(2026, 3, 10)


def test_the_card_shows_the_anniversary_and_its_edit(qtbot, store, tmp_path):
    path = tmp_path / "zoe.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Zoë Ångström\r\nANNIVERSARY:20190315\r\nEND:VCARD\r\n",
                    encoding="utf-8")
    importing.import_files([path], today=TODAY)
    widget = ContactDetailView(AppContext.create(lambda: TODAY))
    qtbot.addWidget(widget)
    widget.show()
    (zoe,) = contacts.list_contacts(search="zoe")
    widget.show_contact(zoe.id)
    assert "Working together since:" in widget.reach.text() and "15 March 2019" in widget.reach.text()
    etiquette.set_contact(zoe.id, today=TODAY, anniversary="--06-01")
    widget.show_contact(zoe.id)
    assert "1 June" in widget.reach.text() and "15 March" not in widget.reach.text()
