"""Packaging: resources in all three layouts, the wheel, the desktop entry, `netdesk FILE.vcf`.

The PyInstaller bundle itself is built and exercised by .ci/bundle.sh (it takes a minute of CPU).
"""

from __future__ import annotations

import ast
import configparser
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from netdesk import cli, desktop_integration, paths

ROOT = Path(__file__).resolve().parents[1]
RUNTIME_RESOURCES = ("netdesk.svg", "netdesk.png", "netdesk.desktop")


def read_desktop_entry(path: Path) -> dict[str, str]:
    parser = configparser.RawConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive in desktop entries
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


# --- resources: source tree, bundle, wheel ----------------------------------------------------------

def test_resources_dir_in_the_source_tree():
    assert paths.resources_dir() == ROOT / "resources"
    for name in RUNTIME_RESOURCES:
        assert paths.resource(name).is_file()


def test_resources_dir_in_a_bundle(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == tmp_path / "resources"
    assert paths.launcher_command() == [str(Path(sys.executable).resolve())]


def test_system_programs_get_the_users_library_path_back_in_a_bundle(monkeypatch):
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/bundle/_internal")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/usr/local/lib")
    assert paths.system_program_env()["LD_LIBRARY_PATH"] == "/opt/bundle/_internal"  # not frozen: as is
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    env = paths.system_program_env()
    assert env["LD_LIBRARY_PATH"] == "/usr/local/lib"
    assert "LD_LIBRARY_PATH_ORIG" not in env
    monkeypatch.delenv("LD_LIBRARY_PATH_ORIG")
    assert "LD_LIBRARY_PATH" not in paths.system_program_env()
    monkeypatch.setenv("QT_PLUGIN_PATH", "/opt/bundle/_internal/PySide6/Qt/plugins")
    monkeypatch.setenv("NETDESK_QT_PLUGIN_PATH_ORIG", "/usr/lib/qt6/plugins")
    assert paths.system_program_env()["QT_PLUGIN_PATH"] == "/usr/lib/qt6/plugins"


def test_windows_and_macos_icons_are_real_icon_files():
    assert (ROOT / "resources" / "netdesk.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (ROOT / "resources" / "netdesk.icns").read_bytes()[:4] == b"icns"


def test_spec_is_python_and_names_the_resources_it_ships():
    source = (ROOT / "netdesk.spec").read_text(encoding="utf-8")
    ast.parse(source)
    for name in (*RUNTIME_RESOURCES, "netdesk.ico", "netdesk.icns"):
        assert name in source
        assert (ROOT / "resources" / name).is_file()


@pytest.mark.slow  # builds a wheel in an isolated environment: ~9 s
def test_a_plain_wheel_ships_the_resources_and_finds_them(tmp_path):
    """`pip install .` (not editable) must carry resources/, and paths.py must find it there."""
    source = tmp_path / "src"  # a copy, so the build's build/ and egg-info stay out of the checkout
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("netdesk", "resources"):
        shutil.copytree(ROOT / folder, source / folder, ignore=ignore)
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(wheels), str(source)], check=True,
                   capture_output=True, timeout=300)
    (wheel,) = wheels.glob("netdesk-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for name in RUNTIME_RESOURCES:
        assert f"netdesk/resources/{name}" in names

    target = tmp_path / "site"
    subprocess.run([*pip, "install", "--no-deps", "--target", str(target), str(wheel)], check=True,
                   capture_output=True, timeout=300)
    probe = ("import netdesk, netdesk.paths as p; "
             "print(netdesk.__file__); print(p.resources_dir()); print(p.resource('netdesk.svg').is_file())")
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env, check=True,
                         capture_output=True, text=True, timeout=60).stdout.splitlines()
    assert out[0].startswith(str(target))
    assert out[1:] == [str(target / "netdesk" / "resources"), "True"]


# --- the desktop entry ------------------------------------------------------------------------------

def test_install_writes_entry_and_icons(tmp_path):
    calls: list[list[str]] = []
    written = desktop_integration.install_desktop_entry(
        tmp_path, command=["/opt/net desk/netdesk"], run=lambda c: calls.append(c) or "")
    entry_path = tmp_path / "applications" / "netdesk.desktop"
    svg = tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "netdesk.svg"
    png = tmp_path / "icons" / "hicolor" / "256x256" / "apps" / "netdesk.png"
    assert written == [entry_path, svg, png]
    assert svg.read_bytes() == paths.resource("netdesk.svg").read_bytes()
    assert png.read_bytes() == paths.resource("netdesk.png").read_bytes()

    entry = read_desktop_entry(entry_path)
    assert entry["Exec"] == '"/opt/net desk/netdesk" %f'
    assert entry["TryExec"] == "/opt/net desk/netdesk"
    assert entry["Icon"] == "netdesk"
    assert entry["Type"] == "Application"
    mime = set(filter(None, entry["MimeType"].split(";")))
    assert {"text/vcard", "text/x-vcard", "text/csv"} <= mime
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(entry_path)], check=True, timeout=30)


def test_install_runs_only_the_tools_that_exist(tmp_path, monkeypatch):
    tools = tmp_path / "bin"
    tools.mkdir()
    monkeypatch.setenv("PATH", str(tools))
    calls: list[list[str]] = []

    def run(command: list[str]) -> str:
        calls.append(command)
        # text/vcard already has a default handler; text/x-vcard has none
        return "org.gnome.Contacts.desktop\n" if command[-1] == "text/vcard" and "query" in command else ""

    desktop_integration.install_desktop_entry(tmp_path / "a", command=["netdesk"], run=run)
    assert calls == []

    for name in ("update-desktop-database", "xdg-mime"):
        (tools / name).write_text("#!/bin/sh\n")
        (tools / name).chmod(0o755)
    desktop_integration.install_desktop_entry(tmp_path / "b", command=["netdesk"], run=run)
    assert calls == [
        ["update-desktop-database", "-q", str(tmp_path / "b" / "applications")],
        ["xdg-mime", "query", "default", "text/vcard"],
        ["xdg-mime", "query", "default", "text/x-vcard"],
        ["xdg-mime", "default", "netdesk.desktop", "text/x-vcard"],  # the user's own default is kept
    ]


@pytest.mark.parametrize(("command", "expected"), [
    (["/usr/bin/netdesk"], "/usr/bin/netdesk %f"),
    (["/home/zoë/my apps/netdesk"], '"/home/zoë/my apps/netdesk" %f'),
    (["/opt/100%/netdesk"], "/opt/100%%/netdesk %f"),
    (["/opt/a$b/netdesk"], '"/opt/a\\\\$b/netdesk" %f'),
    (["/usr/bin/python3", "-m", "netdesk"], "/usr/bin/python3 -m netdesk %f"),
])
def test_exec_line_quotes_as_the_desktop_entry_spec_asks(command, expected):
    assert desktop_integration.exec_line(command) == expected


def test_cli_installs_into_xdg_data_home_without_loading_qt(tmp_path):
    probe = ("import sys; from netdesk.cli import main; code = main(['--install-desktop-entry']); "
             "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was loaded'; sys.exit(code)")
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "PATH": str(Path(sys.executable).parent)}  # no desktop tools: only the files are written
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    entry = tmp_path / "data" / "applications" / "netdesk.desktop"
    assert f"installed {entry}" in done.stdout.splitlines()
    assert read_desktop_entry(entry)["Exec"].endswith(" %f")


# --- `netdesk FILE.vcf` -----------------------------------------------------------------------------

@pytest.fixture
def card(tmp_path) -> Path:
    path = tmp_path / "Zoë.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ångström\r\nEND:VCARD\r\n", encoding="utf-8")
    return path


def test_a_lone_card_file_is_a_file_to_open(card, tmp_path):
    split = desktop_integration.split_open_path
    assert split([str(card)]) == ([], [card.resolve()])
    assert split(["--db", str(tmp_path / "x.sqlite3"), str(card)]) == (["--db", str(tmp_path / "x.sqlite3")],
                                                                       [card.resolve()])
    assert split(["--", str(card)]) == ([], [card.resolve()])


@pytest.mark.parametrize("argv", [
    ["import", "{card}"],  # a command that takes the file keeps it
    ["export", "{card}"],
    ["{missing}"],  # not an existing file: argparse reports it
    ["{card}", "{card}"],  # only a single file counts
    ["--db", "{card}"],  # the value of --db is never a file to open
    ["reminders"],
])
def test_everything_else_parses_as_before(argv, card, tmp_path):
    argv = [a.format(card=card, missing=tmp_path / "missing.vcf") for a in argv]
    assert desktop_integration.split_open_path(argv) == (argv, [])


def test_the_window_receives_the_file(card, tmp_path, monkeypatch):
    received = {}

    def window_main(*, db_path, self_test=False, argv=None, open_paths=None):
        received.update(db_path=db_path, open_paths=open_paths)
        return 0

    monkeypatch.setattr("netdesk.app.main", window_main)
    assert cli.main(["--db", str(tmp_path / "s.sqlite3"), str(card)]) == 0
    assert received == {"db_path": tmp_path / "s.sqlite3", "open_paths": [card.resolve()]}


def test_a_window_that_cannot_open_files_still_starts(card, tmp_path, monkeypatch, capsys):
    started = []
    monkeypatch.setattr("netdesk.app.main", lambda *, db_path, self_test=False: started.append(db_path) or 0)
    assert cli.main(["--db", str(tmp_path / "s.sqlite3"), str(card)]) == 0
    assert started == [tmp_path / "s.sqlite3"]
    assert f"netdesk import {card.resolve()}" in capsys.readouterr().err
