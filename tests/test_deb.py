"""The .deb's sources (issue 21), checked without building it: the control template, the AppStream
metainfo, the desktop entry, the man page and changelog made from the program, the scripts' syntax, the
README's build and install commands, and the plain sentence netdesk prints when there is no display.

The package itself is built by .ci/deb.sh and tested on a fresh Debian by .ci/deb_test.sh (.ci/run)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from netdesk.cli import no_display_message

ROOT = Path(__file__).resolve().parents[1]
METAINFO = ROOT / "resources" / "org.netdesk.netdesk.metainfo.xml"
DESKTOP = ROOT / "resources" / "netdesk.desktop"
CONTROL = ROOT / "packaging" / "debian" / "control.in"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
PLACEHOLDER = re.compile(r"example\.(org|com|net)|localhost|TODO|FIXME", re.IGNORECASE)


def control_fields() -> dict[str, str]:
    fields: dict[str, str] = {}
    last = ""
    for line in CONTROL.read_text().splitlines():
        if line.startswith(" "):
            fields[last] += "\n" + line
        else:
            last, _, value = line.partition(":")
            fields[last] = value.strip()
    return fields


def test_control_template_has_the_fields_deb_sh_fills_and_no_placeholder_homepage():
    fields = control_fields()
    assert fields["Package"] == PROJECT["name"]
    assert fields["Version"] == "@VERSION@" and fields["Depends"] == "@DEPENDS@"
    assert fields["Installed-Size"] == "@INSTALLED_SIZE@"
    assert fields["Architecture"] == "amd64"
    assert re.fullmatch(r"[^<>]+ <[^<>@\s]+@[^<>@\s]+>", fields["Maintainer"])
    assert fields["Maintainer"].startswith(PROJECT["authors"][0]["name"])
    # The project has no website (pyproject.toml names none): no made-up Homepage.
    assert "Homepage" not in fields or not PLACEHOLDER.search(fields["Homepage"])
    summary, *long = fields["Description"].split("\n")
    assert 0 < len(summary) <= 80 and long
    assert all(line.startswith(" ") and len(line) <= 80 for line in long)


def test_metainfo_names_the_project_and_its_release():
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == "org.netdesk.netdesk"
    assert root.find("launchable").text == DESKTOP.name
    assert root.findtext("project_license") == PROJECT["license"]["text"]
    assert root.findtext("developer_name") == PROJECT["authors"][0]["name"]
    release = root.find("releases/release")
    assert release.get("version") == PROJECT["version"]  # deb.sh refuses a bundle newer than this
    assert release.find("description") is not None
    assert len(root.findall("screenshots/screenshot")) >= 1
    assert {p.text for p in root.findall("provides/mediatype")} >= {"text/vcard"}
    for url in root.findall("url"):
        assert not PLACEHOLDER.search(url.text or ""), f"placeholder <url type={url.get('type')}>"


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli not installed")
def test_metainfo_validates():
    run = subprocess.run(["appstreamcli", "validate", "--no-net", "--pedantic", str(METAINFO)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_desktop_entry_opens_cards_and_runs_the_packaged_command():
    entry = dict(line.split("=", 1) for line in DESKTOP.read_text().splitlines() if "=" in line)
    assert entry["Exec"].split()[0] == "netdesk"  # /usr/bin/netdesk
    assert entry["Icon"] == "netdesk" and entry["Terminal"] == "false"
    assert "text/vcard" in entry["MimeType"].split(";")


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-validate not installed")
def test_desktop_entry_validates():
    run = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert run.returncode == 0 and not run.stdout.strip(), run.stdout + run.stderr


def test_man_page_is_made_from_the_cli_help():
    run = subprocess.run([sys.executable, str(ROOT / "packaging" / "make_manpage.py"), PROJECT["version"],
                          "2026-12-02"], capture_output=True, text=True, check=True)
    page = run.stdout
    assert page.startswith(".TH") or "\n.TH " in page
    assert PROJECT["version"] in page
    for command in ("import", "export", "reminders", "contact"):
        assert command in page


def test_changelog_is_made_from_the_metainfo_releases():
    maintainer = control_fields()["Maintainer"]
    run = subprocess.run([sys.executable, str(ROOT / "packaging" / "changelog.py"), str(METAINFO),
                          PROJECT["version"], maintainer], capture_output=True, text=True, check=True)
    first = run.stdout.splitlines()[0]
    assert first == f"netdesk ({PROJECT['version']}) unstable; urgency=medium"
    assert f" -- {maintainer}  " in run.stdout


@pytest.mark.parametrize("script", ["bundle.sh", "deb.sh", "deb_test.sh", "run"])
def test_ci_scripts_parse(script):
    subprocess.run(["bash", "-n", str(ROOT / ".ci" / script)], check=True)


def test_the_build_installs_pythons_shared_library():
    # PyInstaller bundles libpython3.X, which a fresh Debian's python3 does not pull in.
    assert "libpython$pyver" in (ROOT / ".ci" / "bundle.sh").read_text()
    assert "libpython$py" in (ROOT / ".ci" / "deb.sh").read_text()
    build = (ROOT / "README.md").read_text().split("## Build the installer", 1)[1].split("\n## ", 1)[0]
    assert "libpython3.11" in build


def _section(title: str) -> str:
    return (ROOT / "README.md").read_text().split(f"## {title}", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("title", ["Build the installer", "Install the package"])
def test_readme_commands_work_as_root_and_with_sudo(title):
    commands = re.findall(r"```sh\n(.*?)\n```", _section(title), re.S)
    assert commands
    for block in commands:
        for line in block.splitlines():
            assert not line.lstrip().startswith("sudo "), line
            if "apt-get install" in line:
                assert "apt-get update" in line.split("apt-get install")[0], line


def test_readme_install_section_has_the_one_command_and_the_build_command():
    section = _section("Install the package")
    assert f"./dist/netdesk_{PROJECT['version']}_amd64.deb" in section
    assert ".ci/deb.sh" in section


@pytest.mark.parametrize(("environ", "platform", "blocked"), [
    ({}, "linux", True),
    ({"DISPLAY": ""}, "linux", True),
    ({"DISPLAY": ":0"}, "linux", False),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
    ({}, "darwin", False),
    ({}, "win32", False),
])
def test_no_display_is_found_only_where_qt_would_abort(environ, platform, blocked):
    assert (no_display_message(environ, platform) is not None) is blocked


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="DISPLAY is an X11/Wayland matter")
@pytest.mark.parametrize("argv", [[], ["--self-test"]])
def test_no_display_says_so_plainly_and_how_to_run_headless(argv, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env |= {"HOME": str(tmp_path), "XDG_RUNTIME_DIR": str(tmp_path), "LD_DEBUG": "libs"}
    run = subprocess.run([sys.executable, "-m", "netdesk", "--db", str(tmp_path / "s.sqlite3"), *argv],
                         capture_output=True, text=True, env=env, cwd=tmp_path)
    assert run.returncode != 0
    message = [line for line in run.stderr.splitlines() if line.startswith("netdesk:")]
    assert message and "no display found" in message[0]
    assert "--self-test" in message[0] and "QT_QPA_PLATFORM=offscreen" in message[0]
    assert "libQt6Core" not in run.stderr
    assert not (tmp_path / "s.sqlite3").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="POSIX signals, as on Debian")
@pytest.mark.parametrize("sig", ["SIGTERM", "SIGINT"])
def test_the_window_lock_is_0600_and_gone_after_sigterm_or_sigint(sig, tmp_path):
    import signal
    import time

    from netdesk.ui.single_instance import lock_path

    db = tmp_path / "netdesk.sqlite3"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "XDG_RUNTIME_DIR": str(tmp_path)}
    window = subprocess.Popen([sys.executable, "-m", "netdesk", "--db", str(db)], env=env, cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lock = lock_path(db)
    try:
        for _ in range(600):  # waiting for the window to start (not a timing assertion): at most 60 s
            if lock.exists() and db.exists() and window.poll() is None:
                break
            time.sleep(0.1)
        assert lock.exists(), window.communicate(timeout=5)
        assert lock.stat().st_mode & 0o777 == 0o600
        time.sleep(1)  # let the event loop start, as a user's window has
        window.send_signal(getattr(signal, sig))
        _out, err = window.communicate(timeout=60)
    finally:
        if window.poll() is None:
            window.kill()
            window.wait()
    assert window.returncode == 0, err
    assert not lock.exists()
    assert "Traceback" not in err
