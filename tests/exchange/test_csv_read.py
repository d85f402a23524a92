"""CSV dialects and encodings, on the corpus files and on hand-made variants."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from netdesk.errors import ImportRefused
from netdesk.exchange.csv_map import read_csv


def records(path: Path, wanted: str | None = None) -> tuple[str, list]:
    dialect, found = read_csv(path, wanted)
    return dialect, list(found)


def test_linkedin_preamble_dates_and_urls(corpus):
    dialect, found = records(corpus / "csv" / "tekjobs-linkedin-connections.csv")
    assert dialect == "linkedin" and len(found) == 4
    jane = found[0]
    assert (jane.given_name, jane.family_name, jane.organisation) == ("Jane", "Doe", "Northwind Traders, Inc.")
    assert jane.met_on == dt.date(2026, 9, 22)
    assert jane.linkedin_url == "https://www.linkedin.com/in/jane-doe-example"
    assert found[1].emails == []


def test_old_google_csv(corpus):
    dialect, (row,) = records(corpus / "csv" / "roundcube-gmail-google-contacts.csv")
    assert dialect == "google-old"
    assert row.name == "Prefix Firstname Middle Lastname Suffix"
    assert row.tags == ["Test"]  # "* My Contacts" is Google's system group, not a label
    assert ("home@aaa.pl", "Home") in row.emails and ("unknown@email.com", "") in row.emails
    assert row.notes == 'note"note' and row.birthday == "1975-12-12"
    assert row.addresses[0].locality == "home_city"
    assert row.extra["csv"]["Nickname"] == "nick"


def test_outlook_desktop_export(corpus):
    dialect, (row,) = records(corpus / "csv" / "horde-data-outlook-contacts-export.csv")
    assert dialect == "outlook"
    assert (row.given_name, row.family_name, row.organisation) == ("John", "Smith", "International Inc")
    assert row.tags == ["Programming"] and row.notes == "PHP\nPerl\nPython"
    assert row.birthday is None  # 0/0/00 is Outlook's "no date"
    assert ("(123) 555-3333", "mobile phone") in row.phones


def test_outlook_embedded_quotes_and_newline(corpus):
    _, (row,) = records(corpus / "csv" / "horde-data-outlook-contacts-embedded-quotes.csv")
    assert row.addresses[0].street == "Big Tower'\", 1\" Floor\n123 Main Street"


@pytest.mark.parametrize("name, display", [
    ("thunderbird-import-shiftjis.csv", "名無しの権兵衛"),
    ("thunderbird-import-utf16le-bom.csv", "John Doe"),
    ("thunderbird-import-semicolon.csv", "John Doe"),
    ("thunderbird-import-quoted-crlf.csv", "Acer America"),
])
def test_thunderbird_encodings_and_delimiters(corpus, name, display):
    dialect, found = records(corpus / "csv" / name)
    assert dialect == "thunderbird" and found[0].name == display


def test_thunderbird_bare_cr_and_lf_inside_quotes(corpus):
    _, found = records(corpus / "csv" / "thunderbird-addrbook-export.csv")
    assert found[1].title == '"worker"'
    assert found[1].extra["csv"]["Custom 3"] == "custom\r3"
    assert found[1].extra["csv"]["Custom 4"] == "custom\n4"


def test_outlook_referred_by_and_categories_cp1252(tmp_path):
    path = tmp_path / "outlook.csv"
    path.write_bytes("First Name,Last Name,E-mail Address,Categories,Referred By,Birthday\r\n"
                     "Zoë,Müller,zoe@example.com,Clients;VIP,Ann Apple,4/2/1980\r\n".encode("cp1252"))
    dialect, (row,) = records(path)
    assert dialect == "outlook" and row.given_name == "Zoë" and row.family_name == "Müller"
    assert row.tags == ["Clients", "VIP"] and row.introduced_by == "Ann Apple" and row.birthday == "1980-04-02"


def test_current_google_layout(tmp_path):
    path = tmp_path / "google.csv"
    path.write_text("First Name,Last Name,Organization Name,Labels,E-mail 1 - Label,E-mail 1 - Value,"
                    "Phone 1 - Label,Phone 1 - Value\n"
                    "Ana,Silva,Acme,* myContacts ::: Work ::: Friends,* Work,ana@acme.com ::: ana@home.net,"
                    "Mobile,+351 912 345 678\n", encoding="utf-8-sig")
    dialect, (row,) = records(path)
    assert dialect == "google"
    assert row.tags == ["Work", "Friends"]
    assert row.emails == [("ana@acme.com", "Work"), ("ana@home.net", "Work")]


@pytest.mark.parametrize("content, message", [
    (b"a,b,c\n1,2,3\n", "no known header"),
    (b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\nA,B,,,C,D,yesterday\n",
     "not a date"),
    (b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\nA,B,,,C,D,12 Mar 2024,x,y\n",
     "line 2: 9 cells"),
    ("First Name,Last Name,Primary Email,Display Name\nZoë,A,z@x,Zoë A\nJ\xe9,B,j@x,J B\n".encode()
     .replace(b"J\xc3\xa9", b"J\xe9"), "mixed encodings"),
])
def test_bad_csv_is_refused(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ImportRefused) as caught:
        records(path)
    assert message in str(caught.value) and str(path) in str(caught.value)


def test_wrong_dialect_requested(corpus):
    with pytest.raises(ImportRefused, match="not a LinkedIn"):
        records(corpus / "csv" / "roundcube-gmail-google-contacts.csv", "linkedin")


def test_outlook_com_unquoted_dialect(tmp_path):
    path = tmp_path / "outlook.com.csv"
    path.write_text("First Name,Middle Name,Last Name,Title,Suffix,Nickname,Given Yomi,Surname Yomi,E-mail Address,"
                    "Mobile Phone,Job Title,Company,Personal Web Page,Birthday,Notes,Categories,Referred By\r\n"
                    "Taro,,Yamada,Dr.,,,タロウ,ヤマダ,taro@example.jp,090-1234-5678,CTO,Acme,https://taro.example,"
                    "3/12/1980,,Friends;Work,\r\n", encoding="utf-8")
    dialect, (row,) = records(path)
    assert dialect == "outlook"
    assert (row.phonetic_given, row.phonetic_family) == ("タロウ", "ヤマダ")
    assert row.tags == ["Friends", "Work"] and row.birthday == "1980-03-12"
    assert row.urls == [("https://taro.example", "home")] and row.extra["n"][3] == "Dr."
