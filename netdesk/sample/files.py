"""Writing a sample network's contacts as files other programs export: vCard, a vdir, LinkedIn CSV.

vCards are serialised by vobject (never by hand), so what the importers and khard read is what a real
vobject-based program writes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

import vobject

from netdesk.exchange.atomic import write_atomic
from netdesk.sample.generate import Network, SampleContact

LINKEDIN_HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
# What LinkedIn puts above the header (FORMATS.md): importers must find the header by its text.
LINKEDIN_PREAMBLE = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. '
    'You will only see email addresses for connections who have allowed their connections to see or '
    'download their email address."\r\n'
    "\r\n"
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def vcard_text(contact: SampleContact) -> str:
    """One vCard 3.0 for `contact`, serialised by vobject."""
    card = vobject.vCard()
    card.add("version").value = "3.0"
    card.add("uid").value = contact.uid
    card.add("fn").value = contact.name
    card.add("n").value = vobject.vcard.Name(family=contact.family_name, given=contact.given_name)
    card.add("org").value = [contact.organisation, contact.department] if contact.department else [contact.organisation]
    card.add("title").value = contact.title
    email = card.add("email")
    email.value = contact.email
    email.type_param = "WORK"
    tel = card.add("tel")
    tel.value = contact.phone
    tel.type_param = "CELL"
    profile = card.add("x-socialprofile")
    profile.value = contact.linkedin_url
    profile.type_param = "linkedin"
    if contact.phonetic_given:
        card.add("x-phonetic-first-name").value = contact.phonetic_given
        card.add("x-phonetic-last-name").value = contact.phonetic_family
    if contact.tags:
        card.add("categories").value = list(contact.tags)
    if contact.birthday:
        card.add("bday").value = contact.birthday
    note = " ".join(part for part in (f"Met: {contact.how_met}." if contact.how_met else "", contact.notes) if part)
    if note:
        card.add("note").value = note
    return card.serialize()


def vcards(network: Network) -> Iterable[tuple[SampleContact, str]]:
    for contact in network.contacts:
        yield contact, vcard_text(contact)


def write_vcard(network: Network, path: Path | str) -> Path:
    """All contacts as one .vcf file (UTF-8, CRLF lines as vobject writes them)."""
    path = Path(path)
    write_atomic(path, "".join(text for _c, text in vcards(network)).encode("utf-8"))
    return path


def write_vdir(network: Network, folder: Path | str) -> Path:
    """One `<uid>.vcf` per contact in `folder` (the layout khard and vdirsyncer use)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for contact, text in vcards(network):
        # Plain writes: fsync-ing 10k small files would take longer than the benchmark they feed.
        (folder / f"{contact.uid}.vcf").write_bytes(text.encode("utf-8"))
    return folder


def write_vcard_and_vdir(network: Network, path: Path | str, folder: Path | str) -> None:
    """Both forms from one serialisation per contact (the bench needs both for the same 10k)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    chunks = []
    for contact, text in vcards(network):
        (folder / f"{contact.uid}.vcf").write_bytes(text.encode("utf-8"))
        chunks.append(text)
    write_atomic(Path(path), "".join(chunks).encode("utf-8"))


def connected_on(contact: SampleContact) -> str:
    day = contact.met_on or contact.created_on
    return f"{day.day:02d} {_MONTHS[day.month - 1]} {day.year}"


def linkedin_csv_text(network: Network) -> str:
    out = io.StringIO()
    out.write(LINKEDIN_PREAMBLE)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(LINKEDIN_HEADER)
    for c in network.contacts:
        # LinkedIn shares only some emails; which ones is fixed by the index so the file is deterministic.
        email = c.email if c.index % 3 == 0 else ""
        writer.writerow([c.given_name, c.family_name, c.linkedin_url, email, c.organisation, c.title, connected_on(c)])
    return out.getvalue()


def write_linkedin_csv(network: Network, path: Path | str) -> Path:
    """LinkedIn's Connections.csv: the Notes preamble, a blank line, then the header and one row each."""
    path = Path(path)
    write_atomic(path, linkedin_csv_text(network).encode("utf-8"))
    return path
