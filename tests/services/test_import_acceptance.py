"""The issue's check, end to end through the CLI: several apps' exports of one network, then bad files."""

from __future__ import annotations

import base64
import contextlib
import json
import sqlite3
from pathlib import Path

import pytest

PHOTO = base64.b64encode(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 3).decode()
APPLE = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.2//EN\r\n"
    "N:Ångström;Zoë;;;\r\nFN:Zoë Ångström\r\nORG:Acme Corp;Research\r\nTITLE:Head of Research\r\n"
    "item1.EMAIL;type=INTERNET;type=pref:zoe@acme.example\r\nitem1.X-ABLabel:_$!<Other>!$_\r\n"
    "TEL;type=CELL;type=VOICE;type=pref:+44 20 7946 0018\r\n"
    "item2.ADR;type=HOME;type=pref:;;1 Loop Road;London;;N1 9GU;United Kingdom\r\nitem2.X-ABADR:gb\r\n"
    "BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-12\r\n"
    "X-SOCIALPROFILE;type=linkedin:http\\://www.linkedin.com/in/zoe-angstrom\r\n"
    "X-PHONETIC-FIRST-NAME:Zo-ay\r\nNOTE:Met at the Lisbon meetup\\, 2023\r\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:" + PHOTO[:60] + "\r\n " + PHOTO[60:] + "\r\n"
    "X-ABUID:5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE\\:ABPerson\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Friends\r\nN:Friends\r\nX-ADDRESSBOOKSERVER-KIND:group\r\nEND:VCARD\r\n"
)
OUTLOOK_21 = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\nN;LANGUAGE=de;CHARSET=Windows-1252:Müller;Jürgen\r\nFN:Jürgen Müller\r\n"
    "ORG:Globex\r\nEMAIL;PREF;INTERNET:juergen@globex.example\r\n"
    "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=Windows-1252:Gr=FC=DFe aus M=FCnchen=0D=0A=\r\nzweite Zeile\r\n"
    "TEL;WORK;VOICE:+49 89 1234567\r\nEND:VCARD\r\n"
).encode("cp1252")
V4 = (
    "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\nFN:山田太郎\r\n"
    "N:山田;太郎;;;\r\nEMAIL;PREF=1:taro@yamada.example\r\nTEL;VALUE=uri;TYPE=\"voice,cell\":tel:+81-90-1234-5678\r\n"
    "BDAY:--0412\r\nKIND:individual\r\nX-CUSTOM-THING;X-PARAM=1:kept\\, verbatim\r\nEND:VCARD\r\n"
)
LINKEDIN = (
    "\ufeffNotes:\r\n\"When exporting your connection data, you may notice that some of the email addresses are "
    "missing.\"\r\n\r\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Zoë,Ångström,https://www.linkedin.com/in/zoe-angstrom,,Acme Corp,Head of Research,12 Mar 2024\r\n"
    "Sam,Lee,https://www.linkedin.com/in/sam-lee,sam@contoso.example,Contoso,Engineer,04 Mar 2021\r\n"
)
GOOGLE = (
    "First Name,Middle Name,Last Name,Organization Name,Labels,E-mail 1 - Label,E-mail 1 - Value\r\n"
    "Jürgen,,Müller,Globex,* myContacts ::: Clients,* Work,juergen@globex.example\r\n"
    "Ana,,Silva,Acme Corp,* myContacts,Home,ana@silva.example\r\n"
)


def write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def table_counts(db: Path) -> dict[str, int]:
    with contextlib.closing(sqlite3.connect(db)) as con:
        tables = [t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE "
                                            "'sqlite_%' AND name NOT LIKE 'contact_fts%'")]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.mark.slow
def test_five_exports_one_network_then_bad_files(cli, db_path, tmp_path):
    files = [write(tmp_path, "apple.vcf", APPLE), write(tmp_path, "outlook.vcf", OUTLOOK_21),
             write(tmp_path, "v4.vcf", V4), write(tmp_path, "Connections.csv", LINKEDIN),
             write(tmp_path, "google.csv", GOOGLE)]
    done = cli("import", *map(str, files), "--json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert [f["created"] for f in doc["files"]] == [1, 1, 1, 1, 1]
    assert [f["merged"] for f in doc["files"]] == [0, 0, 0, 1, 1]
    assert doc["skipped_details"][0]["reason"] == "a contact group, not a person"
    assert doc["possible_duplicates"] == 0 and doc["possible_duplicates_details"] == []  # Ana Silva shares Zoë's organisation, not her name

    listed = json.loads(cli("contact", "list", "--json").stdout)
    assert len(listed) == 5
    zoe = json.loads(cli("contact", "list", "--search", "angstrom", "--json").stdout)
    assert [c["name"] for c in zoe] == ["Zoë Ångström"]
    assert zoe[0]["met_on"] == "2024-03-12" and zoe[0]["organisation"] == "Acme Corp"
    assert json.loads(cli("contact", "list", "--search", "山田", "--json").stdout)[0]["name"] == "山田太郎"
    jurgen = json.loads(cli("contact", "list", "--search", "munchen", "--json").stdout)
    assert [c["name"] for c in jurgen] == ["Jürgen Müller"]
    assert "Grüße aus München\nzweite Zeile" in jurgen[0]["notes"] and jurgen[0]["tags"] == ["Clients"]

    exported = tmp_path / "all.vcf"
    assert cli("export", str(exported)).returncode == 0
    text = exported.read_text(encoding="utf-8")
    assert "VERSION:4.0" in text and "X-CUSTOM-THING;X-PARAM=1:kept\\, verbatim" in text
    # Apple escapes the colon (3.0 habit); 4.0 has no such escape (RFC 6350 3.4), so the value is written plain.
    assert "X-ABUID:5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE:ABPerson" in text
    backup = tmp_path / "backup.json"
    assert cli("export", str(backup), "--format", "json").returncode == 0

    before = table_counts(db_path)
    bad = {
        "empty.vcf": b"",
        "truncated.vcf": APPLE.encode()[:200],
        "junk.vcf": bytes(range(256)) * 4,
        "columns.csv": b"id,amount,when\n1,2.50,today\n",
        "mixed.csv": "First Name,Last Name,Primary Email,Display Name\nZoë,A,z@x,Zoë A\n".encode()
                     + "José,B,j@x,José B\n".encode("latin-1"),
    }
    for name, data in bad.items():
        refused = cli("import", str(write(tmp_path, name, data)))
        assert refused.returncode == 1, name
        assert refused.stderr.startswith("error: ") and name in refused.stderr, refused.stderr
        assert table_counts(db_path) == before, name

    fresh = tmp_path / "fresh.sqlite3"
    for source in (exported, backup):
        fresh.unlink(missing_ok=True)
        again = json.loads(_run_fresh(fresh, source))
        assert again["created"] == 5
        relisted = _list_fresh(fresh)
        keys = ("name", "emails", "phones", "organisation", "title", "tags", "met_on", "notes", "linkedin_url")
        assert [{k: c[k] for k in keys} for c in relisted] == [{k: c[k] for k in keys} for c in listed]


def _run_fresh(db: Path, source: Path) -> str:
    from tests.conftest import run_netdesk

    done = run_netdesk("import", str(source), "--json", db=db)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _list_fresh(db: Path) -> list[dict]:
    from tests.conftest import run_netdesk

    return json.loads(run_netdesk("contact", "list", "--json", db=db).stdout)
