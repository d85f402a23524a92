"""`import`, `export` and `contact merge`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from netdesk.clicmds.base import Context, command, emit, print_json, warn


def register(sub: argparse._SubParsersAction) -> None:
    """Add this group's top-level commands."""
    from netdesk.services.importing import FORMATS

    imp = sub.add_parser("import", help="import contacts (vCard, LinkedIn/Google/Outlook/Thunderbird CSV, "
                                        "netdesk JSON backup)")
    imp.add_argument("files", nargs="*", type=Path, metavar="FILE", help="a file, or a folder of .vcf files (a vdir)")
    imp.add_argument("--format", choices=FORMATS, default="auto",
                     help="csv: any CSV, its columns read from plain headers (Name, Email, Phone, Company…) or --map")
    imp.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                     help="for a CSV netdesk does not recognise: read COLUMN (its header, or its number from 1) as "
                          "FIELD (name, given_name, family_name, email, phone, organisation, title, department, "
                          "notes, tags, url, birthday, street, city, region, postcode, country, how_met, met_on, "
                          "extra, ignore); repeatable")
    imp.add_argument("--dry-run", action="store_true", help="show what would happen; write nothing")
    imp.add_argument("--undo-last", action="store_true",
                     help="take back the last import: delete the contacts it created and remove what it merged "
                          "into existing contacts")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(handler=cmd_import, import_parser=imp)

    exp = command(sub, "export", cmd_export,
                  help="export every contact (vCard 4.0 or 3.0, Google CSV) or a full JSON backup")
    exp.add_argument("file", type=Path, metavar="FILE")
    exp.add_argument("--format", choices=("vcard", "vcard3", "csv", "json"), default=None,
                     help="vcard: vCard 4.0 (RFC 6350); vcard3: vCard 3.0 (RFC 2426), for older address books; "
                          "default: from the file's extension (.vcf, .csv, .json), else vcard")
    exp.add_argument("--contact", action="append", type=int, default=None, metavar="ID",
                     help="only these contacts (vCard and CSV)")


def register_contact_verbs(verbs: argparse._SubParsersAction) -> None:
    """Add verbs under `netdesk contact` (e.g. `contact set`, `contact merge`)."""
    merge = command(verbs, "merge", cmd_merge, help="merge OTHER into KEEP; nothing is lost", json=True)
    merge.add_argument("keep", metavar="KEEP")
    merge.add_argument("other", metavar="OTHER")


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import importing

    if args.undo_last:
        if args.files or args.map or args.dry_run or args.format != "auto":
            args.import_parser.error("--undo-last takes no FILE, --map, --format or --dry-run")
        return _undo_last(args, ctx)
    if not args.files:
        args.import_parser.error("the following arguments are required: FILE")
    ctx.open()
    columns = None
    if args.map:
        files = importing.expand(args.files)
        columns = {str(path): importing.parse_map(path, args.map) for path in files}
    result = importing.import_files(args.files, today=ctx.today, fmt=args.format, dry_run=args.dry_run,
                                    columns=columns)
    document = result.to_json()
    for message in document["warnings"]:
        warn(message)
    if args.json:
        print_json(document)
        return 0
    verb = "would import" if args.dry_run else "imported"
    for f in result.files:
        print(f"{verb} {f.file} ({f.format}): {f.created} created, {f.merged} merged, {len(f.skipped)} skipped")
        if args.dry_run:  # the names, so the user can see what would happen to whom
            for name in f.created_names:
                print(f"  would create {name}")
            for merge in f.merges:
                print(f"  would merge {merge['name']} ({merge['record']}) into {merge['into']} "
                      f"(id {merge['contact_id']})")
        for skipped in f.skipped:
            print(f"  skipped {skipped['record']}: {skipped['reason']}")
        for dup in f.possible_duplicates:
            print(f"  possible duplicate: {dup['name']} (id {dup['contact_id']}) and {dup['other_name']} "
                  f"(id {dup['other_id']}): {dup['reason']}; `netdesk contact merge {dup['other_id']} "
                  f"{dup['contact_id']}` merges them")
    return 0


def _undo_last(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import importing

    ctx.open()
    undone = importing.undo_last(today=ctx.today)
    for message in undone.kept:
        warn(message)
    return emit(args, undone.to_json(),
                f"undid the import of {', '.join(undone.files) or 'contacts'}: {undone.removed} contacts it created "
                f"deleted, {undone.reverted} contacts it merged into restored")


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import exporting

    fmt = args.format or {".csv": "csv", ".json": "json"}.get(args.file.suffix.lower(), "vcard")
    ctx.open()
    count = exporting.export(args.file, fmt, args.contact)
    print(f"wrote {count} contacts to {args.file} ({fmt})", file=sys.stdout)
    return 0


def cmd_merge(args: argparse.Namespace, ctx: Context) -> int:
    from netdesk.services import contacts, merging

    ctx.open()
    keep, other = contacts.resolve(args.keep), contacts.resolve(args.other)
    result = merging.merge_contacts(keep, other, today=ctx.today)
    merged = contacts.get(keep)
    return emit(args, {**merged.to_json(), "merged_from": other, "moved": result.moved},
                f"merged contact {other} into {merged.name} (id {keep})")
