"""`capture imap` against real servers on 127.0.0.1: pymap (always) and Dovecot (where installed)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.capture.imap_servers import PASSWORD, USER, DroppingProxy, Imap, start_dovecot, start_pymap, stop
from tests.capture.mail_kit import TODAY, add_contact, captured, dump, message, rows

KEYRING_ENV = {"PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring"}


@pytest.fixture(params=["pymap", "dovecot"])
def imap(request, tmp_path):
    start = start_pymap if request.param == "pymap" else start_dovecot
    proc, server = start(tmp_path)
    yield server
    stop(proc)


def run(cli, server: Imap, *extra, password: str | None = PASSWORD, env=None):
    return cli(*server.args(*extra), input=None if password is None else password + "\n",
               env={**KEYRING_ENV, **(env or {})})


@pytest.fixture
def keyring_home(tmp_path):
    home = tmp_path / "keyring-home"
    home.mkdir()
    return {"XDG_DATA_HOME": str(home), "HOME": str(home)}


def test_headers_from_every_folder_once_then_only_new_mail(cli, db_path, imap, keyring_home):
    ana = add_contact(cli, "Ana Lima", "ana@example.org", "ana.lima@work.example", every=30)
    add_contact(cli, "Chen Wei", "chen@example.cn")
    imap.append("INBOX", message("Ana <ANA.LIMA@work.example>", USER, days_ago=4),
                message("news@example.org", USER, List_Id="<news.example.org>"),
                message("chen@example.cn", [USER] + [f"p{i}@x.example" for i in range(22)]))
    imap.append("Sent", message(USER, "ana@example.org", days_ago=2, subject="Re: hi"))
    first = captured(run(cli, imap, env=keyring_home))
    assert first["logged"] == 2 and first["skipped"]["bulk"] == 1 and first["skipped"]["many_recipients"] == 1
    assert rows(db_path, "SELECT last_contacted FROM contact WHERE id = ?", ana) == [
        ((TODAY - dt.timedelta(days=2)).isoformat(),)]
    notes = sorted(n for (n,) in rows(db_path, "SELECT note FROM interaction"))
    assert notes == ["Captured from mail (received): Hello", "Captured from mail (sent): Re: hi"]

    again = captured(run(cli, imap, password=None, env=keyring_home))  # the password from the keyring now
    assert (again["messages"], again["logged"]) == (0, 0)
    imap.append("INBOX", message("chen@example.cn", USER, days_ago=1))
    more = captured(run(cli, imap, "--folder", "INBOX", password=None, env=keyring_home))
    assert (more["messages"], more["logged"]) == (1, 1)
    assert len(rows(db_path, "SELECT id FROM interaction")) == 3
    # the messages are still unread on the server: EXAMINE and BODY.PEEK change nothing
    with imap.client() as c:
        c.select_folder("INBOX", readonly=True)
        assert all(b"\\Seen" not in flags for flags in c.get_flags(c.search(["ALL"])).values())


def test_a_wrong_password_or_no_server_logs_nothing(cli, db_path, imap, keyring_home):
    add_contact(cli, "Ana Lima", "ana@example.org")
    imap.append("INBOX", message("ana@example.org", USER))
    before = dump(db_path)
    wrong = run(cli, imap, password="nope", env=keyring_home)
    assert wrong.returncode == 1 and wrong.stderr.startswith("error: ") and "refused the login" in wrong.stderr
    nobody = Imap(imap.port + 1 if imap.port < 65535 else 1)
    closed = run(cli, nobody, env=keyring_home)
    assert closed.returncode == 1 and closed.stderr.startswith("error: ")
    assert dump(db_path) == before


def test_plain_imap_only_to_this_computer(cli, db_path):
    result = cli("capture", "imap", "--host", "imap.example.com", "--user", "u", "--security", "none",
                 "--password-stdin", input="x\n")
    assert result.returncode == 1 and "only allowed to this computer" in result.stderr


def test_a_connection_dropped_mid_fetch_logs_nothing_and_the_next_run_resumes(cli, db_path, tmp_path,
                                                                              keyring_home):
    proc, server = start_pymap(tmp_path)
    try:
        add_contact(cli, "Ana Lima", "ana@example.org")
        server.append("INBOX", *[message("ana@example.org", USER, days_ago=d % 20) for d in range(30)])
        proxy = DroppingProxy(server.port)
        through = Imap(proxy.port)
        before = dump(db_path)
        dropped = run(cli, through, env=keyring_home)
        assert proxy.drops == 1
        assert dropped.returncode == 1 and dropped.stderr.startswith("error: ") and "nothing was logged" in dropped.stderr
        assert dump(db_path) == before
        proxy.armed = False
        resumed = captured(run(cli, through, "--folder", "INBOX", env=keyring_home))
        assert (resumed["messages"], resumed["logged"]) == (30, 30)
        proxy.close()
    finally:
        stop(proc)


def test_a_re_scan_with_nothing_new_costs_one_command_per_folder(cli, db_path, tmp_path, keyring_home):
    proc, server = start_pymap(tmp_path)
    try:
        add_contact(cli, "Ana Lima", "ana@example.org")
        server.append("INBOX", message("ana@example.org", USER, days_ago=3))
        server.append("Sent", message(USER, "ana@example.org", days_ago=1))
        proxy = DroppingProxy(server.port)
        proxy.armed = False  # a plain forwarder that writes down what the client asks
        through = Imap(proxy.port)
        assert captured(run(cli, through, env=keyring_home))["logged"] == 2
        proxy.commands.clear()
        again = captured(run(cli, through, password=None, env=keyring_home))
        assert (again["messages"], again["logged"]) == (0, 0)
        # The session (CAPABILITY, LOGIN, LIST, LOGOUT), then one EXAMINE per folder: its UIDNEXT says nothing
        # is new, so nothing is searched or fetched.
        verbs = [c.split(" ", 1)[0].upper() for c in proxy.commands]
        assert verbs[:3] == ["CAPABILITY", "LOGIN", "LIST"] and verbs[-1] == "LOGOUT", proxy.commands
        assert proxy.commands[3:-1] == ['EXAMINE "INBOX"', 'EXAMINE "Sent"'], proxy.commands
        proxy.close()
    finally:
        stop(proc)
