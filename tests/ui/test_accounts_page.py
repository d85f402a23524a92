"""The Accounts page of Preferences against a real Radicale on 127.0.0.1: presets, discovery from a host
name, "Test connection" with a clear answer for each failure, and the password kept in a real keyring
backend (a file here), never in the store or the options."""

from __future__ import annotations

import pytest

from netdesk.services.sync import keys, presets
from netdesk.ui.accounts_page import AccountsPage
from tests.sync.servers import PASSWORD, USER, Radicale, file_keyring, free_port, self_signed

WAIT_MS = 40_000


@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    server = Radicale("radicale", tmp_path_factory.mktemp("radicale")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def tls_radicale(tmp_path_factory):
    folder = tmp_path_factory.mktemp("radicale-tls")
    server = Radicale("radicale", folder)
    server.tls = self_signed(folder)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def ring(tmp_path):
    with file_keyring(tmp_path / "keyring.cfg") as backend:
        yield backend


@pytest.fixture
def page(qtbot, store, ring):
    widget = AccountsPage()
    qtbot.addWidget(widget)
    return widget


def fill(page: AccountsPage, preset: str, host: str, password: str = PASSWORD, ca: str = "") -> None:
    page.choose_preset(preset)
    page.host.setText(host)
    page.fill_url()
    page.user.setText(USER)
    page.password.setText(password)
    page.ca_cert.setText(ca)


def answer_of(qtbot, page: AccountsPage, start) -> tuple[str, bool]:
    with qtbot.waitSignal(page.tested, timeout=WAIT_MS) as blocker:
        assert start() is not None
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    return tuple(blocker.args)


def test_each_preset_fills_what_its_server_needs(page):
    page.choose_preset("icloud")
    assert page.url.text() == "https://caldav.icloud.com/" and not page.host.isEnabled()
    assert "app-specific password" in page.password_hint.text() and "Apple ID" in page.user_hint.text()
    assert presets.preset("icloud").history is False  # iCloud keeps no VJOURNAL (SYNC.md)
    page.choose_preset("fastmail")
    assert page.url.text().startswith("https://caldav.fastmail.com/") and "app password" in page.password_hint.text()
    page.choose_preset("nextcloud")
    assert page.host.isEnabled()
    page.host.setText("cloud.example.org")
    page.fill_url()
    assert page.url.text() == "https://cloud.example.org/remote.php/dav/"
    page.choose_preset("baikal")
    page.host.setText("dav.example.org")
    page.fill_url()
    assert page.url.text() == "https://dav.example.org/dav.php/"
    page.choose_preset("radicale")
    page.host.setText("127.0.0.1:5232")
    page.fill_url()
    assert page.url.text() == "127.0.0.1:5232"  # a plain host name: discovered (RFC 6764)


def test_the_page_says_edits_in_netdesk_s_calendar_are_overwritten(page):
    from PySide6.QtWidgets import QLabel

    assert any("overwritten by the next sync" in label.text() for label in page.findChildren(QLabel))


def test_test_connection_finds_the_server_from_a_host_name(qtbot, page, radicale):
    fill(page, "other", f"127.0.0.1:{radicale.port}")
    text, ok = answer_of(qtbot, page, page.test_connection)
    assert ok, text
    assert text.startswith(f"Connected to http://127.0.0.1:{radicale.port}/ as {USER}")
    assert "will make its calendar 'netdesk'" in text


@pytest.mark.parametrize("case", ["wrong path", "wrong password", "closed port", "unknown host"])
def test_test_connection_says_what_is_wrong(qtbot, page, radicale, case):
    host, password = {
        "wrong path": (f"{radicale.url}nobody/calendars/", PASSWORD),
        "wrong password": (radicale.url, "not-it"),
        "closed port": (f"http://127.0.0.1:{free_port()}/", PASSWORD),
        "unknown host": ("https://calendar.nosuch.invalid/dav/", PASSWORD),  # RFC 6761: never resolves
    }[case]
    fill(page, "other", host, password)
    text, ok = answer_of(qtbot, page, page.test_connection)
    assert not ok
    expected = {"wrong path": "check the URL", "wrong password": "refused the login for 'ada'",
                "closed port": "nothing is listening there",
                "unknown host": "the name calendar.nosuch.invalid is not known"}[case]
    assert expected in text, text
    assert "Traceback" not in text and PASSWORD not in text


def test_a_url_that_is_no_caldav_server_says_so(qtbot, page, tmp_path):
    import http.server
    import threading

    class Plain(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Plain)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        fill(page, "other", f"http://127.0.0.1:{server.server_address[1]}/")
        text, ok = answer_of(qtbot, page, page.test_connection)
    finally:
        server.shutdown()
        server.server_close()
    assert not ok and "check the URL" in text, text


def test_a_self_signed_server_is_a_certificate_problem_until_its_ca_file_is_given(qtbot, page, tls_radicale):
    fill(page, "radicale", f"localhost:{tls_radicale.port}")
    text, ok = answer_of(qtbot, page, page.test_connection)
    assert not ok and "certificate" in text and "CA file" in text, text
    fill(page, "radicale", f"localhost:{tls_radicale.port}", ca=str(tls_radicale.tls[0]))
    text, ok = answer_of(qtbot, page, page.test_connection)
    assert ok and text.startswith(f"Connected to https://localhost:{tls_radicale.port}/"), text


def test_add_keeps_the_password_in_the_keyring_only_and_remove_forgets_it(qtbot, page, radicale, ring, db_path,
                                                                          messages, tmp_path):
    fill(page, "other", f"127.0.0.1:{radicale.port}")
    page.name.setText("home")
    page.calendar.setText("netdesk-page")
    changed = []
    page.accounts_changed.connect(changed.append)
    text, ok = answer_of(qtbot, page, page.add_account)
    assert ok, text
    assert text.startswith("Added home:") and page.password.text() == ""
    assert [page.accounts.item(i).data(0x0100) for i in range(page.accounts.count())] == ["home"]
    assert changed and "sync.accounts" in changed[0].settings
    assert ring.get_password(keys.SERVICE, "caldav:home") == PASSWORD
    secret = PASSWORD.encode()
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.name != "keyring.cfg":
            assert secret not in path.read_bytes(), path  # the store (and its WAL), the options
    page.accounts.setCurrentRow(0)
    messages.answers.append(True)
    page.remove_selected()
    assert ring.get_password(keys.SERVICE, "caldav:home") is None
    assert page.selected_account() is None and "nothing on the server was deleted" in page.answer.text()


def test_a_refused_add_saves_nothing(qtbot, page, radicale, ring):
    fill(page, "other", radicale.url, "not-it")
    page.name.setText("home")
    text, ok = answer_of(qtbot, page, page.add_account)
    assert not ok and "refused the login" in text
    assert page.selected_account() is None and page.accounts.item(0).text().startswith("No account yet")
    assert ring.get_password(keys.SERVICE, "caldav:home") is None
