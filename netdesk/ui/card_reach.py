"""The card's "Reach them" block: every stored email, phone, web and social address as a link the desktop
opens (mailto:, tel:, https:), with its label (work, home, cell…), and the postal addresses, birthday,
department and nickname an address book brought in (issue 19 item 5)."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

if TYPE_CHECKING:
    from netdesk.domain.card_extras import CardExtras, Labelled

_SOCIAL = {"linkedin.com": "LinkedIn", "github.com": "GitHub", "mastodon": "Mastodon", "twitter.com": "X",
           "x.com": "X", "bsky.app": "Bluesky", "xing.com": "XING", "facebook.com": "Facebook"}


def tel_url(phone: str) -> str:
    """tel: with the digits and a leading + only (RFC 3966 global numbers; spaces and dashes dropped)."""
    digits = re.sub(r"[^\d+]", "", phone)
    return "tel:" + (digits[0] + digits[1:].replace("+", "") if digits else "")


def web_url(value: str) -> str:
    return value if re.match(r"^[a-z][a-z0-9+.-]*://", value, re.I) else f"https://{value}"


def _label(entry: Labelled, fallback: str = "") -> str:
    label = entry.label or fallback
    return f" <span style='color: palette(placeholder-text)'>{html.escape(label)}</span>" if label else ""


def _site(url: str) -> str:
    for host, name in _SOCIAL.items():
        if host in url.lower():
            return name
    return ""


def _row(caption: str, cells: list[str]) -> str:
    # Flowing text, not a table: a narrow card wraps it (a table would widen the card to its widest cell).
    return f"<p style='margin: 0 0 3px 0'><b>{caption}</b> {' · '.join(cells)}</p>"


def reach_html(extras: CardExtras) -> str:
    # Imported here: the card is read after the first paint (tests/ui/test_startup.py).
    from netdesk.domain.card_extras import birthday_text

    rows = []
    if extras.nickname:
        rows.append(_row("Nickname:", [html.escape(extras.nickname)]))
    if extras.department:
        rows.append(_row("Department:", [html.escape(extras.department)]))
    if extras.birthday:
        rows.append(_row("Birthday:", [html.escape(birthday_text(extras.birthday))]))
    if extras.anniversary:
        rows.append(_row("Working together since:", [html.escape(birthday_text(extras.anniversary))]))
    if extras.emails:
        rows.append(_row("Email:", [f"<a href='{html.escape('mailto:' + e.value, quote=True)}'>"
                                    f"{html.escape(e.value)}</a>{_label(e)}" for e in extras.emails]))
    if extras.phones:
        rows.append(_row("Call:", [f"<a href='{html.escape(tel_url(p.value), quote=True)}'>{html.escape(p.value)}</a>"
                                   f"{_label(p)}" for p in extras.phones]))
    if extras.urls:
        rows.append(_row("Web:", [f"<a href='{html.escape(web_url(u.value), quote=True)}'>"
                                  f"{html.escape(re.sub(r'^https?://(www[.])?', '', u.value).rstrip('/'))}</a>"
                                  f"{_label(u, _site(u.value))}" for u in extras.urls]))
    for address in extras.addresses:
        caption = f"Address ({html.escape(address.label.lower())}):" if address.label else "Address:"
        rows.append(_row(caption, [html.escape(address.text)]))
    return "".join(rows)


def colour_links(text: str, widget: QWidget) -> str:
    """Links in the widget's palette Link colour, spelled out: a rich-text label otherwise keeps the light
    theme's dark blue on a dark card."""
    # The application's palette: a card under a style sheet keeps the palette it had when the sheet was set.
    colour = QApplication.palette(widget).color(QPalette.ColorRole.Link).name()
    return text.replace("<a href", f"<a style='color: {colour}' href")


class ReachLabel(QLabel):
    """Signals: (QLabel's) linkActivated(str); a link is handed to the desktop's handler for its scheme."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Ways to reach them")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                     | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
                                     | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.linkActivated.connect(self.open_link)
        self.opened: list[str] = []  # what was handed to the desktop (for the status line and tests)

    def show_extras(self, extras: CardExtras | None) -> None:
        text = reach_html(extras) if extras is not None else ""
        self.setText(colour_links(text, self) if text else "<i>No other details stored.</i>")

    def open_link(self, href: str) -> bool:
        """Override-free slot: QDesktopServices opens mailto:, tel: and web links with the user's apps."""
        self.opened.append(href)
        return QDesktopServices.openUrl(QUrl(href))
