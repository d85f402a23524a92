"""The command line (../shared/docs/CLI.md). One error boundary: UserFacingError → `error: ...`, exit 1.

Commands never import Qt; only the window and `--self-test` do, lazily.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from netdesk import desktop_integration, paths
from netdesk.errors import UserFacingError


class _VersionAction(argparse.Action):
    """--version, reading the version only when asked (importlib.metadata costs every start ~30 ms)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        import netdesk

        print(f"netdesk {netdesk.__version__}")
        parser.exit()


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="netdesk",
        description="A desktop organiser for your professional network. Without a command, opens the window.",
    )
    parser.add_argument("--db", type=Path, help="the store (default: $NETDESK_DB, else the user data dir)")
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="show the version and exit")
    parser.add_argument("--self-test", action="store_true",
                        help="start the GUI, open the store, paint the main window once, exit 0")
    parser.add_argument("--install-desktop-entry", action="store_true",
                        help="add netdesk to the Linux desktop menu and offer it for .vcf and .csv files")
    parser.add_argument("--tray", action="store_true",
                        help="open the window minimised (at login: reminders and the feed keep working)")
    if not commands:
        parser.set_defaults(command=None)
        return parser
    # The commands' modules (and the services they import) are read only when a command is given:
    # opening the window does not pay for them before its first paint.
    from netdesk.clicmds import REGISTRY

    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in REGISTRY:
        register(sub)
    return parser


def _window_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments when they only open the window (no COMMAND, no --help), else None.

    Building every command's parser costs ~30 ms, which the window's start-up need not pay.
    """
    if any(arg in ("-h", "--help") for arg in argv):
        return None
    args, rest = build_parser(commands=False).parse_known_args(argv)
    return None if rest else args


def no_display_message(environ: Mapping[str, str], platform: str) -> str | None:
    """A plain sentence when the window cannot open: on Linux with neither DISPLAY nor WAYLAND_DISPLAY set
    and no QT_QPA_PLATFORM chosen, Qt would abort with a message about libxcb-cursor0 (issue 21 item 6)."""
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return ("netdesk: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window cannot "
            "open. Start it from a desktop session, or work without one: every action is a command "
            "(`netdesk --help`), and `QT_QPA_PLATFORM=offscreen netdesk --self-test` checks the window "
            "headless.")


def main(argv: Sequence[str] | None = None) -> int:
    # `netdesk FILE.vcf` is how a file manager opens a card; it must not read as an unknown COMMAND.
    argv, open_paths = desktop_integration.split_open_path(sys.argv[1:] if argv is None else argv)
    args = _window_args(argv) or build_parser().parse_args(argv)
    db_path = args.db.expanduser() if args.db else paths.default_db_path()
    if args.install_desktop_entry:
        return desktop_integration.install_command()
    if args.self_test or args.command is None:
        if message := no_display_message(os.environ, sys.platform):
            print(message, file=sys.stderr)
            return 1
        from netdesk import app  # Qt is loaded only here

        return app.main(db_path=db_path, self_test=args.self_test,
                        **desktop_integration.open_kwargs(app.main, open_paths),
                        **({"minimised": True} if args.tray else {}))
    from netdesk.clicmds.base import Context

    ctx = Context(db_path=db_path)
    try:
        code = int(args.handler(args, ctx) or 0)
        sys.stdout.flush()  # a reader that stopped (`| head`) is found here, not at exit
        if code == 0:
            from netdesk.services import autoexport  # rewrites the calendar file if that setting is on

            if warning := autoexport.after_command(args.command, ctx.today):
                print(f"warning: {warning}", file=sys.stderr)
        return code
    except BrokenPipeError:
        return _reader_gone()
    except UserFacingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        from netdesk.store.errors import user_error  # a full disk, a locked store, a file we may not read

        if (error := user_error(exc, db_path)) is None:
            raise  # a bug: the traceback is the report
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; nothing was written", file=sys.stderr)
        return 130
    finally:
        ctx.close()


def _reader_gone() -> int:
    """stdout's reader closed the pipe (`netdesk ... --json | head`): stop quietly, like `cat` does.

    The rest of stdout goes to /dev/null, so the interpreter's last flush does not complain either.
    """
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 0


if __name__ == "__main__":
    sys.exit(main())
