"""Start at login in the tray (issue 19 item 18): a freedesktop autostart entry under $XDG_CONFIG_HOME."""

from __future__ import annotations

import configparser
import stat

from netdesk import desktop_integration as di


def test_autostart_entry_written_private_and_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert not di.autostart_enabled()
    path = di.set_autostart(True, ["/opt/net desk/bin/netdesk"])
    assert path == tmp_path / "config" / "autostart" / "netdesk.desktop"
    assert di.autostart_enabled()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    entry = configparser.ConfigParser(interpolation=None)
    entry.read_string(path.read_text(encoding="utf-8"))
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"] == '"/opt/net desk/bin/netdesk" --tray'  # quoted, no %f, minimised to the tray
    assert section["TryExec"] == "/opt/net desk/bin/netdesk"
    assert not list(path.parent.glob("*.tmp*"))  # written through a temporary file, nothing left over
    di.set_autostart(False)
    assert not path.exists()
    di.set_autostart(False)  # switching off twice is fine


def test_relative_xdg_config_home_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/dir")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert di.autostart_path() == tmp_path / ".config" / "autostart" / "netdesk.desktop"
