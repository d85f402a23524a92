"""Linux desktop integration: `netdesk --install-desktop-entry`, and `netdesk FILE.vcf` from a file manager.

Installs the desktop entry and icon from resources/ into the user's XDG data dir (the freedesktop.org
Desktop Entry and Icon Theme specs), so that menus list netdesk and file managers offer it for vCard
and CSV files. Never imports Qt: it runs from the command line in a fraction of a second.
"""

from __future__ import annotations

import inspect
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from netdesk import paths

DESKTOP_ID = "netdesk.desktop"
# The address-card types get netdesk as their default only where the user has none yet: a file
# manager still offers netdesk for CSV (MimeType in the entry) without taking spreadsheets over.
DEFAULT_FOR = ("text/vcard", "text/x-vcard")
OPENABLE_SUFFIXES = (".vcf", ".vcard", ".csv")
# Characters that force an Exec argument into double quotes (Desktop Entry spec, "The Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def data_home() -> Path:
    """$XDG_DATA_HOME, else ~/.local/share (XDG Base Directory spec)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def exec_line(command: Sequence[str]) -> str:
    """`command` as the value of an Exec key, quoted and escaped as the spec asks, then `%f`."""
    parts = []
    for arg in command:
        arg = arg.replace("%", "%%")
        if any(ch in _RESERVED for ch in arg):
            for ch in ("\\", '"', "`", "$"):
                arg = arg.replace(ch, "\\" + ch)
            arg = f'"{arg}"'
        # The string-value escape applies on top of the quoting: a backslash is written twice.
        parts.append(arg.replace("\\", "\\\\"))
    return " ".join([*parts, "%f"])


def desktop_entry_text(command: Sequence[str]) -> str:
    """resources/netdesk.desktop with Exec and TryExec pointing at this netdesk."""
    lines = []
    for line in paths.resource("netdesk.desktop").read_text(encoding="utf-8").splitlines():
        if line.startswith(("Exec=", "TryExec=")):
            continue
        lines.append(line)
        if line.strip() == "[Desktop Entry]":
            # TryExec hides the entry once the bundle or venv it points to is deleted.
            lines.append(f"TryExec={command[0]}")
            lines.append(f"Exec={exec_line(command)}")
    return "\n".join(lines) + "\n"


def install_desktop_entry(target: Path | None = None, command: Sequence[str] | None = None,
                          run: Callable[[list[str]], str] | None = None) -> list[Path]:
    """Writes the entry and icons under `target` (default: data_home()); returns the files written.

    Then refreshes the desktop-entry MIME cache with the tools that are installed; a missing tool
    is skipped, since the entry works without the cache after the next login. No icon cache is
    written: a per-user icon-theme.cache that nothing refreshes later would hide other apps' icons.
    """
    from netdesk.exchange.atomic import PUBLIC, write_atomic

    target = target or data_home()
    command = list(command or paths.launcher_command())
    run = run or _run_tool
    written = []
    entry = target / "applications" / DESKTOP_ID
    entry.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(entry, desktop_entry_text(command).encode("utf-8"), mode=PUBLIC)
    written.append(entry)
    hicolor = target / "icons" / "hicolor"
    for source, folder in (("netdesk.svg", "scalable"), ("netdesk.png", "256x256")):
        icon = hicolor / folder / "apps" / source
        icon.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(icon, paths.resource(source).read_bytes(), mode=PUBLIC)
        written.append(icon)
    if shutil.which("update-desktop-database"):
        run(["update-desktop-database", "-q", str(entry.parent)])
    if shutil.which("xdg-mime"):
        for mime in DEFAULT_FOR:
            if not run(["xdg-mime", "query", "default", mime]).strip():
                run(["xdg-mime", "default", DESKTOP_ID, mime])
    return written


def _run_tool(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False,
                              env=paths.system_program_env())
    except (OSError, subprocess.TimeoutExpired) as exc:
        print(f"warning: {command[0]} did not run: {exc}", file=sys.stderr)
        return ""
    if done.returncode != 0:
        print(f"warning: {' '.join(command)} failed: {done.stderr.strip()}", file=sys.stderr)
    return done.stdout


def install_command() -> int:
    """`netdesk --install-desktop-entry`."""
    if sys.platform != "linux":
        print("error: --install-desktop-entry is for Linux desktops", file=sys.stderr)
        return 1
    try:
        written = install_desktop_entry()
    except OSError as exc:
        print(f"error: could not install the desktop entry: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"installed {path}")
    return 0


def split_open_path(argv: Sequence[str]) -> tuple[list[str], list[Path]]:
    """Takes `FILE.vcf` out of `netdesk [--db PATH] FILE.vcf`, the way a file manager starts netdesk.

    Only a lone positional that names an existing .vcf/.vcard/.csv file counts, so `netdesk import
    x.vcf` and every other command parse as before; anything else is left to argparse.
    """
    argv = list(argv)
    positionals = []
    index = 0
    while index < len(argv):
        token = argv[index]
        if token == "--db":
            index += 2  # its value is a path too, but never a file to open
            continue
        if token == "--":
            positionals.extend(range(index + 1, len(argv)))
            break
        if not token.startswith("-"):
            positionals.append(index)
        index += 1
    if len(positionals) == 1:
        candidate = Path(argv[positionals[0]])
        if candidate.suffix.lower() in OPENABLE_SUFFIXES and candidate.is_file():
            rest = [token for i, token in enumerate(argv) if i != positionals[0] and token != "--"]
            return rest, [candidate.resolve()]
    return argv, []


def open_kwargs(app_main: Callable[..., int], open_paths: list[Path]) -> dict:
    """`open_paths=` for app.main when the window can open files; else a warning and nothing."""
    if not open_paths:
        return {}
    if "open_paths" in inspect.signature(app_main).parameters:
        return {"open_paths": open_paths}
    names = " ".join(str(path) for path in open_paths)
    print(f"warning: this window cannot open files yet; run `netdesk import {names}`", file=sys.stderr)
    return {}


# -- start at login (freedesktop Desktop Application Autostart spec) ---------------------------------
TRAY_FLAG = "--tray"  # the window starts hidden in the tray: notifications and the feed keep working


def config_home() -> Path:
    """$XDG_CONFIG_HOME, else ~/.config (XDG Base Directory spec)."""
    value = os.environ.get("XDG_CONFIG_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".config"


def autostart_path() -> Path:
    return config_home() / "autostart" / DESKTOP_ID


def autostart_entry_text(command: Sequence[str]) -> str:
    """An autostart entry that runs netdesk minimised to the tray at login."""
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Name=netdesk",
        "Comment=Reminders from netdesk while its window is closed",
        f"TryExec={command[0]}",
        f"Exec={exec_line([*command, TRAY_FLAG]).removesuffix(' %f')}",
        "Icon=netdesk",
        "Terminal=false",
        "NoDisplay=true",
        "X-GNOME-Autostart-enabled=true",
    ]) + "\n"


def autostart_enabled() -> bool:
    return autostart_path().is_file()


def set_autostart(enabled: bool, command: Sequence[str] | None = None) -> Path:
    """Write (atomically, mode 0600) or remove the autostart entry; returns its path."""
    from netdesk.exchange.atomic import write_atomic

    path = autostart_path()
    if not enabled:
        path.unlink(missing_ok=True)
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, autostart_entry_text(list(command or paths.launcher_command())).encode("utf-8"), mode=0o600)
    return path
