"""Importing contact files: vCard, LinkedIn/Google/Outlook/Thunderbird CSV, and netdesk's JSON backup.

All files of one call share one transaction, with a savepoint per file: a file that cannot be read as its
format refuses the whole call (`ImportRefused`, exit 1) and nothing at all is written, as CLI.md promises for
exit 1. A dry run does the same work and rolls it back, so the preview shows exactly what would happen.

Choices (documented here because users will ask):
- A record with no name is given one the way address books do: the structured name, then the organisation
  (company cards), then the first email address. Only a record with none of these is skipped.
- Exact duplicates (the same LinkedIn profile, or any shared email address) merge into the existing
  contact; nothing it already has is replaced, and `Connected On` keeps the earlier date.
- A CSV that no known app wrote is read through a column mapping (`exchange/csv_columns`): plain headers
  (`Name,Email,Phone,Company`, any case) are mapped without asking; any other needs `columns` (the window's
  column step, the CLI's `--map`), else it is refused as `NeedsColumns`.
- Rows the preview left out (`leave_out`, by their `record.where`) are skipped with that reason.
- Each import that writes keeps an undo record (`store/import_undo`, one setting); `undo_last` takes it
  back: the contacts it created go, what it merged into existing contacts is removed again.
- Outlook's `Referred By` links to an existing contact with exactly that name (case and accents ignored),
  also one created earlier in the same file. An unknown or ambiguous name creates nothing: the text is kept
  in the contact's extra data and a warning says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from netdesk.domain.change import Change
from netdesk.domain.contact_values import EMAIL_RULE, is_email
from netdesk.errors import ImportRefused, UserFacingError
from netdesk.exchange import csv_columns, csv_dialects, csv_map, jsonbackup, vcard
from netdesk.exchange import encoding as enc
from netdesk.exchange.card import ContactRecord, display_name
from netdesk.services import reminders
from netdesk.store import bulk_import as rows
from netdesk.store import contacts as q
from netdesk.store import import_undo, json_backup
from netdesk.store.db import transaction

FORMATS = ("auto", "vcard", "linkedin", "google", "outlook", "thunderbird", "json", "csv")
LEFT_OUT = "left out in the preview"


class NeedsColumns(ImportRefused):
    """A CSV whose header netdesk does not recognise: which column is which has to be chosen."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


class ImportCancelled(UserFacingError):
    """The user cancelled; the transaction was rolled back and nothing was written."""


@dataclass(frozen=True, slots=True)
class PreviewRow:
    """One record of a previewed file, for the window: who, and what will happen to them and why."""

    where: str
    name: str
    email: str
    organisation: str
    action: str  # "create", "merge", "skip" or "restore"
    why: str
    into: str = ""  # a merge: the existing contact's name


@dataclass
class FileResult:
    file: str
    format: str = ""
    created: int = 0
    merged: int = 0
    skipped: list[dict] = field(default_factory=list)
    possible_duplicates: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    created_ids: list[int] = field(default_factory=list)
    merged_ids: list[int] = field(default_factory=list)
    restored: bool = False  # a JSON backup: every table may have rows from it
    created_names: list[str] = field(default_factory=list)  # the contacts it creates (would create, dry run)
    merges: list[dict] = field(default_factory=list)  # {"record", "name", "into", "contact_id"} per merge
    # With `details=True`: one `PreviewRow` per record, for the window's preview.
    details: list[PreviewRow] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"file": self.file, "format": self.format,
                **_totals(self.created, self.merged, self.skipped, self.possible_duplicates, self.errors),
                **_details(self.skipped, self.possible_duplicates, self.errors), "warnings": self.warnings,
                "created_names": self.created_names, "merges": self.merges}


@dataclass
class ImportResult:
    files: list[FileResult] = field(default_factory=list)
    dry_run: bool = False
    # What was written: the created and merged contacts and their reminders (a restore: everything).
    change: Change = field(default_factory=Change)
    undo: dict | None = None  # the undo record the import stored (None: a dry run, a restore, nothing written)

    def to_json(self) -> dict:
        """CLI.md's document: the totals `created`, `merged`, `skipped`, `possible_duplicates` and `errors`
        are numbers (a contract); each case with its reason is listed under the matching `*_details` key."""
        created, merged = sum(f.created for f in self.files), sum(f.merged for f in self.files)
        skipped = [s for f in self.files for s in f.skipped]
        duplicates = [d for f in self.files for d in f.possible_duplicates]
        errors = [e for f in self.files for e in f.errors]
        return {
            **_totals(created, merged, skipped, duplicates, errors),
            **_details(skipped, duplicates, errors),
            "warnings": [w for f in self.files for w in f.warnings],
            "dry_run": self.dry_run,
            "created_names": [n for f in self.files for n in f.created_names],
            "merges": [m for f in self.files for m in f.merges],
            "files": [f.to_json() for f in self.files],
        }


def _totals(created: int, merged: int, skipped: list, duplicates: list, errors: list) -> dict[str, int]:
    return {"created": created, "merged": merged, "skipped": len(skipped), "possible_duplicates": len(duplicates),
            "errors": len(errors)}


def _details(skipped: list, duplicates: list, errors: list) -> dict[str, list]:
    return {"skipped_details": skipped, "possible_duplicates_details": duplicates, "errors_details": errors}


Progress = Callable[[int], None]  # records done so far, over all files
Cancelled = Callable[[], bool]


def detect_format(path: Path) -> str:
    """What `--format auto` reads `path` as: from its content, never its extension alone."""
    enc.check_size(path)
    sample = enc.read_sample(path)
    if vcard.sniff(sample):
        return "vcard"
    if jsonbackup.sniff(sample):
        return "json"
    dialect = csv_dialects.sniff(path)
    if dialect:
        return dialect.removesuffix("-old")
    if enc.bom_encoding(sample) is None and enc.looks_binary(sample):
        raise ImportRefused(f"{path}: binary data, not a contacts file")
    layout = csv_dialects.plain_layout(path)
    if layout is not None and csv_columns.recognised(layout.header):
        return "csv"
    if layout is not None and (len(layout.header) > 1 or path.suffix.lower() in (".csv", ".tsv", ".txt")):
        shown = ", ".join(repr(h) for h in layout.header[:6]) + (", …" if len(layout.header) > 6 else "")
        raise NeedsColumns(path, f"{path}: a CSV whose columns netdesk does not recognise ({shown}); "
                                 "choose which column is which (the window's Import asks; "
                                 "on the command line: --map COLUMN=FIELD)")
    raise ImportRefused(f"{path}: not a vCard, a netdesk backup, or a LinkedIn, Google, Outlook or "
                        "Thunderbird contacts CSV (line 1 does not start a known format)")


def columns_of(path: Path) -> tuple[list[str], list[list[str]], list[str]]:
    """(header, first rows, guessed field per column) of a plain CSV, for the window's column step."""
    layout, sample = csv_columns.sample(path)
    return list(layout.header), sample, csv_columns.guess(layout.header)


def parse_map(path: Path, pairs: Sequence[str]) -> list[str]:
    """The CLI's `--map COLUMN=FIELD …` as a field per column of `path`'s header; other columns are extra data."""
    layout = csv_columns.layout_of(path)
    keys = [h.casefold() for h in layout.header]
    mapping = csv_columns.guess(layout.header)
    for pair in pairs:
        column, sep, chosen = pair.partition("=")
        column, chosen = column.strip(), chosen.strip().lower()
        if not sep or chosen not in csv_columns.FIELDS:
            raise ImportRefused(f"--map {pair!r}: use COLUMN=FIELD, FIELD one of {', '.join(csv_columns.FIELDS)}")
        if column.casefold() in keys:
            mapping[keys.index(column.casefold())] = chosen
        elif column.isdigit() and 1 <= int(column) <= len(keys):
            mapping[int(column) - 1] = chosen
        else:
            raise ImportRefused(f"--map {pair!r}: {path} has no column {column!r} "
                                f"(its header: {', '.join(layout.header)})")
    return mapping


def records_of(path: Path, fmt: str, warnings: list[str],
               columns: Sequence[str] | None = None) -> tuple[str, Iterator[ContactRecord]]:
    if columns is not None:
        return "csv", csv_columns.read_mapped(path, columns)
    if fmt == "auto":
        fmt = detect_format(path)
    if fmt == "vcard":
        return "vcard", vcard.read_vcards(path, warnings)
    if fmt in ("linkedin", "google", "outlook", "thunderbird"):
        dialect, found = csv_map.read_csv(path, fmt)
        return dialect.removesuffix("-old"), found
    if fmt == "csv":
        layout = csv_columns.layout_of(path)
        if not csv_columns.usable(csv_columns.guess(layout.header)):
            raise NeedsColumns(path, f"{path}: no column of {', '.join(layout.header)} is spelt like a name, "
                                     "an organisation or an email address; choose which column is which")
        return "csv", csv_columns.read_mapped(path)
    raise ImportRefused(f"{path}: unknown format {fmt!r}")


def expand(paths: Sequence[Path]) -> list[Path]:
    """Files to import: a folder stands for the vCards in it (a vdir, as khard and vdirsyncer keep them)."""
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            cards = sorted(p for p in path.iterdir() if p.suffix.lower() in (".vcf", ".vcard") and p.is_file())
            if not cards:
                raise ImportRefused(f"{path}: a folder with no .vcf files in it")
            out += cards
        else:
            out.append(path)
    return out


@dataclass
class _Batch:
    """What one call has written so far, for its undo record."""

    marks: dict[str, int]
    created: set[int] = field(default_factory=set)
    merged: dict[int, dict] = field(default_factory=dict)  # contact id -> its state before the first merge
    names: dict[int, str] = field(default_factory=dict)


def import_files(paths: Sequence[Path], *, today: dt.date, fmt: str = "auto", dry_run: bool = False,
                 progress: Progress | None = None, cancelled: Cancelled | None = None,
                 details: bool = False, columns: Mapping[str, Sequence[str]] | None = None,
                 leave_out: Collection[str] = ()) -> ImportResult:
    """Import `paths` in one transaction (a savepoint per file), then re-derive reminders.

    `columns`: a field per column (`csv_columns.FIELDS`) for plain CSVs, by `str(path)`. `leave_out`: the
    `where` of records the preview unticked; they are skipped."""
    if fmt not in FORMATS:
        raise ImportRefused(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    result = ImportResult(dry_run=dry_run)
    counter = [0]
    left_out = frozenset(leave_out)
    with transaction() as txn:
        batch = _Batch(import_undo.watermarks())
        stamp = q.now_stamp()
        for path in expand(paths):
            with transaction():
                mapping = (columns or {}).get(str(path))
                result.files.append(_import_one(path, fmt, today, counter, progress, cancelled, details,
                                                mapping, left_out, batch))
        derived = reminders.derive(today)
        if dry_run:
            txn.rollback()
            return result
        restored = any(f.restored for f in result.files)
        written = batch.created or batch.merged
        if restored or written:
            result.undo = None if restored else import_undo.record(
                stamp=stamp, created_on=today.isoformat(), files=[f.file for f in result.files],
                created=[cid for f in result.files for cid in f.created_ids],
                created_names=[n for f in result.files for n in f.created_names],
                merged=batch.merged, names=batch.names, marks=batch.marks)
            import_undo.save(result.undo)
    written_ids = {cid for f in result.files for cid in (*f.created_ids, *f.merged_ids)}
    result.change = Change.of(contacts=[*written_ids, *derived.contact_ids], reminders=derived.reminder_ids,
                              everything=any(f.restored for f in result.files))
    return result


@dataclass
class UndoResult:
    removed: int  # contacts the import had created, deleted
    reverted: int  # existing contacts whose merged values were taken back
    kept: list[str]  # what stayed because it was changed since the import
    files: list[str]
    change: Change = field(default_factory=Change)

    def to_json(self) -> dict:
        return {"removed": self.removed, "reverted": self.reverted, "kept": self.kept, "files": self.files}


def last_import() -> dict | None:
    """The undo record of the last import that wrote something, or None (none, or undone already)."""
    return import_undo.last()


def undo_import(record: dict, *, today: dt.date) -> UndoResult:
    """Take back one import (its `ImportResult.undo`), in one transaction: the contacts it created are
    deleted, what it merged into existing contacts is removed again; everything else stays."""
    with transaction():
        deleted, reverted, kept = import_undo.revert(record, q.now_stamp())
        stored = import_undo.last()
        if stored is not None and stored.get("stamp") == record.get("stamp"):
            import_undo.save(None)  # undone: `import --undo-last` has nothing left to take back
        reminders.derive(today)
    return UndoResult(deleted, len(reverted), kept, list(record.get("files", [])), Change.all())


def undo_last(*, today: dt.date) -> UndoResult:
    """`netdesk import --undo-last`."""
    record = import_undo.last()
    if record is None:
        raise ImportRefused("there is no import to undo (none was made, or the last one was undone)")
    return undo_import(record, today=today)


def _import_one(path: Path, fmt: str, today: dt.date, counter: list[int], progress: Progress | None,
                cancelled: Cancelled | None, details: bool = False, mapping: Sequence[str] | None = None,
                left_out: frozenset[str] = frozenset(), batch: _Batch | None = None) -> FileResult:
    chosen = "csv" if mapping is not None else detect_format(path) if fmt == "auto" else fmt
    if chosen == "json":
        head = jsonbackup.read_header(path)
        restored = json_backup.restore(str(path), head.get("schema"), jsonbackup.read_tables(path))
        counter[0] += restored
        if progress:
            progress(counter[0])
        done = FileResult(file=str(path), format="json", created=restored, restored=True)
        if details:
            done.details.append(PreviewRow(str(path), "", "", "", "restore",
                                           f"a netdesk backup with {restored} contacts"))
        return done
    result = FileResult(file=str(path))
    result.format, records = records_of(path, chosen, result.warnings, mapping)
    writer = rows.BatchWriter(today, q.now_stamp())
    referrals: list[tuple[int, str, str]] = []
    touched: set[int] = set()
    pairs: set[tuple[int, int]] = set()
    batch = batch if batch is not None else _Batch(import_undo.watermarks())
    for record in records:
        if cancelled is not None and cancelled():
            raise ImportCancelled("the import was cancelled; nothing was written")
        _one_record(record, writer, result, referrals, touched, details, left_out, batch)
        if writer.full():
            _report_likely(writer, result, pairs)
        counter[0] += 1
        if progress and counter[0] % 50 == 0:
            progress(counter[0])
    _report_likely(writer, result, pairs)
    if progress:
        progress(counter[0])
    _link_referrals(referrals, result)
    if touched:
        q.search_text_for(touched)
    return result


def _one_record(record: ContactRecord, writer: rows.BatchWriter, result: FileResult,
                referrals: list[tuple[int, str, str]], touched: set[int], details: bool = False,
                left_out: frozenset[str] = frozenset(), batch: _Batch | None = None) -> None:
    if not all(is_email(value) for value, _ in record.emails):
        _set_aside_unusable_emails(record, result)
    name = display_name(record)
    email = record.emails[0][0] if record.emails else ""
    reason = ("a contact group, not a person" if record.extra.get("kind") == "group" else
              "" if name else "no name, organisation or email address to show the contact by")
    if not reason and record.where in left_out:
        reason = LEFT_OUT
    if reason:
        result.skipped.append({"record": record.where, "reason": reason})
        if details:
            result.details.append(PreviewRow(record.where, name, email, record.organisation, "skip", reason))
        return
    existing = writer.find_exact(record)
    if existing is not None:
        if writer.is_pending(existing):
            writer.flush()  # the duplicate is still waiting in the batch; write it before merging into it
        into = rows.name_of(existing)
        if batch is not None and existing not in batch.created and existing not in batch.merged:
            batch.merged[existing] = import_undo.before(existing)
            batch.names[existing] = into
        rows.merge_into(existing, record, writer.stamp)
        writer.merged(existing, record)
        result.merges.append({"record": record.where, "name": name, "into": into, "contact_id": existing})
        if details:
            result.details.append(PreviewRow(record.where, name, email, record.organisation, "merge",
                                             f"merge with {into}: the same email address or LinkedIn profile",
                                             into))
        result.merged += 1
        result.merged_ids.append(existing)
        touched.add(existing)
        cid = existing
    else:
        cid = writer.create(record, name)
        if batch is not None:
            batch.created.add(cid)
        result.created_names.append(name)
        if details:
            result.details.append(PreviewRow(record.where, name, email, record.organisation, "create",
                                             "new contact"))
        result.created += 1
        result.created_ids.append(cid)
    if record.introduced_by:
        referrals.append((cid, record.introduced_by, record.where))


def _set_aside_unusable_emails(record: ContactRecord, result: FileResult) -> None:
    """The import follows the one email rule of every contact write: a value that is not an address is
    kept as a line of the contact's notes (and in its extra data; nothing in the file is lost), and a
    warning says so."""
    usable, unusable = [], []
    for value, label in record.emails:
        (usable if is_email(value.strip()) else unusable).append((value.strip(), label))
    record.emails = usable
    if unusable:
        record.extra.setdefault("unusable_emails", []).extend(value for value, _ in unusable)
        record.add_note("\n".join(f"Not an email address (from {record.where}): {value}" for value, _ in unusable))
        listed = ", ".join(repr(value) for value, _ in unusable)
        result.warnings.append(f"{record.where}: {listed} is not an email address ({EMAIL_RULE}); "
                               "kept in the contact's notes, not as an email")


def _report_likely(writer: rows.BatchWriter, result: FileResult, pairs: set[tuple[int, int]]) -> None:
    writer.flush()
    flushed, writer.flushed = writer.flushed, []
    for cid, name, folded, record in flushed:
        for other_id, other_name, reason in rows.find_likely(
            writer.likely, cid, name, folded, record.organisation, [p for p, _ in record.phones]
        ):
            pair = (min(cid, other_id), max(cid, other_id))
            if pair in pairs:
                continue
            pairs.add(pair)
            result.possible_duplicates.append({"record": record.where, "contact_id": cid, "name": name,
                                               "other_id": other_id, "other_name": other_name, "reason": reason})


def _link_referrals(referrals: list[tuple[int, str, str]], result: FileResult) -> None:
    for cid, name, where in referrals:
        candidates = [i for i in q.ids_by_name(name) if i != cid]
        if len(candidates) == 1:
            rows.link_introducer(cid, candidates[0])
            continue
        rows.keep_referred_by(cid, name)
        why = "matches no contact" if not candidates else f"matches {len(candidates)} contacts"
        result.warnings.append(f"{where}: 'Referred By' {name!r} {why}; kept as text, not linked")
