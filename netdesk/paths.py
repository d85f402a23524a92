"""Where things live on disk. The only module that knows whether netdesk is frozen."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import platformdirs

APP = "netdesk"


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def resources_dir() -> Path:
    """The `resources/` folder, in a source tree, an installed wheel or a PyInstaller bundle.

    The bundle has it beside the code in `sys._MEIPASS` (netdesk.spec puts it there as datas); a wheel
    has it inside the package as `netdesk/resources` (setup.py copies it in); a source tree or an
    editable install has it at the top of the checkout.
    """
    if is_frozen():
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "resources"
    here = Path(__file__).resolve().parent
    for candidate in (here / "resources", here.parent / "resources"):
        if candidate.is_dir():
            return candidate
    return here.parent / "resources"


def resource(name: str) -> Path:
    return resources_dir() / name


def launcher_command() -> list[str]:
    """How a desktop entry should start this same netdesk: the bundle's executable when frozen,
    else the `netdesk` script of the environment netdesk runs from, else `python -m netdesk`."""
    if is_frozen():
        return [str(Path(sys.executable).resolve())]
    script = Path(sys.executable).parent / "netdesk"
    if script.is_file():
        return [str(script)]
    found = shutil.which("netdesk")
    if found:
        return [found]
    return [str(Path(sys.executable)), "-m", "netdesk"]


def system_program_env() -> dict[str, str]:
    """The environment for running a system program (xdg-mime, update-desktop-database).

    In a bundle, PyInstaller's bootloader puts the bundle's own libraries on LD_LIBRARY_PATH and keeps
    the user's value in LD_LIBRARY_PATH_ORIG; a system program must get the user's value back, or it
    loads the bundle's copy of glib instead of its own.
    """
    env = dict(os.environ)
    if is_frozen():
        # The same for QT_PLUGIN_PATH, which netdesk.spec's run-time hook points at the bundle's plugins.
        for name, saved in (("LD_LIBRARY_PATH", "LD_LIBRARY_PATH_ORIG"),
                            ("QT_PLUGIN_PATH", "NETDESK_QT_PLUGIN_PATH_ORIG")):
            original = env.pop(saved, None)
            if original is None:
                env.pop(name, None)
            else:
                env[name] = original
    return env


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def default_db_path() -> Path:
    """`$NETDESK_DB`, else netdesk.sqlite3 in the user data dir (CLI.md)."""
    env = os.environ.get("NETDESK_DB")
    if env:
        return Path(env).expanduser()
    return data_dir() / "netdesk.sqlite3"


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"
