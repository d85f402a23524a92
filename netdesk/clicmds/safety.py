"""`backup [FILE]` and `restore FILE` (CLI.md)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from netdesk.clicmds.base import Context, command, emit, print_json


def register(sub: argparse._SubParsersAction) -> None:
    """Add this group's top-level commands."""
    backup = command(sub, "backup", cmd_backup, json=True,
                     help="an online copy of the store (default: the backups folder beside it)")
    backup.add_argument("file", nargs="?", type=Path, help="where to write the copy (a file or a folder)")

    restore = command(sub, "restore", cmd_restore, json=True,
                      help="check FILE, keep a copy of the current store, then replace it")
    restore.add_argument("file", type=Path)


def _now() -> dt.datetime:
    # The CLI is the edge that may read the clock.
    return dt.datetime.now(dt.UTC)


def cmd_backup(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import backups

    # Opening first migrates an old store and proves it is a netdesk store, so the copy is one we can restore.
    ctx.open()
    made = backups.backup(ctx.db_path, args.file, now=_now())
    return emit(args, {"path": str(made), "bytes": made.stat().st_size}, f"backed up {ctx.db_path} to {made}")


def cmd_restore(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import backups

    # Not ctx.open(): the store being replaced may be the damaged one that cannot be opened.
    done = backups.restore(ctx.db_path, args.file, now=_now())
    if args.json:
        print_json({"restored": str(done.source), "kept": str(done.kept) if done.kept else None,
                    "schema": done.schema})
    elif done.kept is None:
        print(f"restored {done.source} into {ctx.db_path} (there was no store there before)")
    else:
        print(f"restored {done.source} into {ctx.db_path}; the previous store is kept at {done.kept}")
    return 0
