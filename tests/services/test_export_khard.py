"""A real address book reads the vCard 4.0 export: khard (vobject-based) lists every exported contact."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from netdesk.services import exporting, importing


def test_khard_lists_every_exported_contact(store, tmp_path, corpus, today):
    khard = shutil.which("khard", path=str(Path(sys.executable).parent))
    if khard is None:
        pytest.skip("khard is not installed")
    files = sorted((corpus / "vcard").glob("*.vcf")) + sorted((corpus / "csv").glob("*.csv"))
    importing.import_files(files, today=today)
    book = tmp_path / "book"
    book.mkdir()
    names = []
    for record in exporting.records():
        # A vdir: one card per file, as khard and vdirsyncer keep them.
        exporting.export(book / f"{record.contact_id}.vcf", "vcard", [record.contact_id])
        names.append(record.name)
    config = tmp_path / "khard.conf"
    config.write_text(f"[addressbooks]\n[[book]]\npath = {book}\n[general]\neditor = true\nmerge_editor = true\n")
    done = subprocess.run([khard, "-c", str(config), "list", "--parsable"], capture_output=True, text=True,
                          timeout=120, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert "Error" not in done.stderr and "no UID" not in done.stderr, done.stderr
    listed = [line.split("\t")[1] for line in done.stdout.splitlines() if "\t" in line]
    assert len(listed) == len(names)
    assert any("Iksiński" in name for name in listed) and any("黄" in name for name in listed)
