"""vCard reading against the real corpus files and their quirks (../shared/corpus/PROVENANCE.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from netdesk.errors import ImportRefused
from netdesk.exchange.vcard import read_vcards


def read(path: Path) -> list:
    return list(read_vcards(path, []))


def one(corpus: Path, name: str):
    cards = read(corpus / "vcard" / name)
    assert len(cards) == 1
    return cards[0]


def test_every_corpus_vcard_reads(corpus):
    for path in sorted((corpus / "vcard").glob("*.vcf")):
        assert read(path), path.name


def test_quoted_printable_without_charset_is_guessed_as_latin2(corpus):
    card = one(corpus, "roundcube-thebat-v21-qp-latin2-nocharset.vcf")
    assert card.name == "Piotr Iksiński"
    assert (card.given_name, card.family_name) == ("Piotr", "Iksiński")
    assert card.extra["vcard"][0][1] == "X-GENDER"


def test_utf16be_without_bom(corpus):
    card = one(corpus, "roundcube-macos-utf16be-nobom.vcf")
    assert card.name == "Ǽgean ĽdaMonté"
    assert card.addresses[0].street.startswith("169 Mária Canal")


def test_utf8_split_across_a_fold(corpus):
    card = one(corpus, "kcontacts-owncloud-utf8-split-across-fold.vcf")
    assert "Длинный комментарий на русском языке" in card.notes
    assert "\ufffd" not in card.notes + card.name


def test_qp_soft_break_inside_a_multibyte_character(corpus):
    cards = read(corpus / "vcard" / "kcontacts-v21-qp-softbreak-adr.vcf")
    assert len(cards) == 5
    assert cards[0].addresses[0].street == "DDDDDDDDDDDDDDD-Staße 2\n00000 DDDDDDDDDD"
    assert cards[1].urls == [("http://some-webseite.com", "")]
    assert "8–12" in cards[3].notes


def test_cjk_quoted_printable(corpus):
    card = one(corpus, "vobject-v21-quoted-printable-utf8-cjk.vcf")
    assert card.name == "黄世勇"


@pytest.mark.parametrize("name", ["ezvcard-cardme-iphone-ios5.vcf", "thunderbird-import-dos-crcrlf.vcf"])
def test_cr_cr_lf_line_ends(corpus, name):
    card = one(corpus, name)
    assert card.name and "\r" not in card.name


def test_iphone_photo_labels_and_birthday(corpus):
    card = one(corpus, "ezvcard-cardme-iphone-ios5.vcf")
    assert card.photo_mime == "image/jpeg" and card.photo.startswith(b"\xff\xd8")
    assert "AssistantPhone" in [label for _, label in card.phones]
    assert card.birthday == "2012-06-06"


def test_apple_item_groups_phonetic_and_labels(corpus):
    card = one(corpus, "ezvcard-gmail-single.vcf")
    assert (card.phonetic_given, card.phonetic_family) == ("Grregg", "Dart-mowth")
    assert ("555 555 2222", "GRAND_CENTRAL") in card.phones
    assert card.urls == [("http://TheProfile.com", "PROFILE")]  # `\:` unescaped
    kept = {name for _, name, _, _ in card.extra["vcard"]}
    assert {"X-ABDATE", "X-ABRELATEDNAMES", "X-ICQ", "NICKNAME"} <= kept
    assert card.addresses[1].label == "CustomAdrType"


def test_mixed_line_ends_and_bare_base64_parameter(corpus):
    card = one(corpus, "ezvcard-cardme-mac-address-book.vcf")
    assert card.photo and card.photo.startswith(b"\xff\xd8")
    assert card.organisation == "IBM" and card.department == "Accounting"


def test_outlook_qp_notes_and_blank_line_ended_base64(corpus):
    card = one(corpus, "ezvcard-outlook-2007.vcf")
    assert card.notes.startswith("This is the NOTE field")
    assert card.photo_mime == "image/jpeg"
    assert "KEY" in {name for _, name, _, _ in card.extra["vcard"]}


def test_photo_data_uri(corpus):
    card = one(corpus, "thunderbird-v4-photo-data-uri.vcf")
    assert card.photo_mime == "image/jpeg" and card.photo.startswith(b"\xff\xd8")


def test_bare_cr_inside_a_value(corpus):
    cards = read(corpus / "vcard" / "thunderbird-addrbook-export-v4.vcf")
    kept = {name: value for _, name, _, value in cards[1].extra["vcard"]}
    assert kept["X-CUSTOM3"] == "custom\\n3"
    assert cards[1].notes == "here's some unicode text…"


def test_no_version_no_colon_and_company_card(corpus):
    card = one(corpus, "kcontacts-evolution-ximian-noversion-qp.vcf")
    assert card.name == "" and card.organisation == "Ximian, Inc."
    label = [v for _, n, _, v in card.extra["vcard"] if n == "LABEL"][0]
    assert "Boston, MA 02215" in label


def test_lowercase_grouped_begin_and_profile_property(corpus):
    assert one(corpus, "vobject-lowercase-grouped-begin.vcf").name == "Meister Berger"
    lotus = one(corpus, "ezvcard-cardme-lotus-notes.vcf")
    assert (lotus.organisation, lotus.department) == ("IBM", "SUN")
    assert {"GEO", "TZ", "SORT-STRING", "MAILER", "X-LONG-STRING"} <= {n for _, n, _, _ in lotus.extra["vcard"]}


def test_v4_multiple_org_and_bday_altid(corpus):
    card = one(corpus, "ezvcard-fullcontact-v4.vcf")
    assert card.organisation == "Organization1" and card.birthday == "2016-08-01"
    assert [v for _, n, _, v in card.extra["vcard"] if n == "ORG"] == ["Organization2;Department2"]
    assert card.tags == ["Tag"]


def test_android_cards_without_names_and_a_bad_byte(corpus):
    warnings: list[str] = []
    cards = list(read_vcards(corpus / "vcard" / "ezvcard-cardme-android.vcf", warnings))
    assert len(cards) == 6
    assert cards[0].name == "" and cards[0].emails == [("john.doe@company.com", "")]
    assert cards[3].name.startswith("Ñ Ñ")
    assert any("record 6" in w for w in warnings)


def test_year_less_birthdays_and_social_profile(tmp_path):
    path = tmp_path / "a.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Apple\r\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-04-12\r\n"
        b"X-SOCIALPROFILE;type=linkedin:http\\://www.linkedin.com/in/Ann-Apple/\r\n"
        b"item1.EMAIL;type=INTERNET:ann@example.com\r\nitem1.X-ABLabel:_$!<Other>!$_\r\n"
        b"CATEGORIES:Friends,Work\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bob\r\nBDAY:--0412\r\nEND:VCARD\r\n"
    )
    ann, bob = read(path)
    assert ann.birthday == "--04-12" and bob.birthday == "--04-12"
    assert ann.linkedin_url == "https://www.linkedin.com/in/ann-apple"
    assert ann.emails == [("ann@example.com", "Other")]
    assert ann.tags == ["Friends", "Work"]


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut\r\n", "truncated"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"hello world\r\nBEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n", "line 1"),
    (b"BEGIN:VCARD\r\nFN:a\r\nBEGIN:VCARD\r\nFN:b\r\nEND:VCARD\r\n", "line 3"),
    (b"BEGIN:VCARD\r\nFN:a\r\n;;;garbage\r\nEND:VCARD\r\n", "line 3"),
    (b"BEGIN:VCARD\r\nFN:a\r\nthis is prose, not vCard\r\nEND:VCARD\r\n", "line 3"),
])
def test_bad_files_are_refused_naming_the_place(tmp_path, content, message):
    path = tmp_path / "bad.vcf"
    path.write_bytes(content)
    with pytest.raises(ImportRefused) as caught:
        read(path)
    assert str(path) in str(caught.value) and message in str(caught.value)


def test_overlong_line_is_refused(tmp_path):
    path = tmp_path / "long.vcf"
    path.write_bytes(b"BEGIN:VCARD\r\nNOTE:" + b"x" * (1024 * 1024 + 10) + b"\r\nEND:VCARD\r\n")
    with pytest.raises(ImportRefused, match="line 2 is longer than 1 MB"):
        read(path)


def test_mixed_encodings_in_one_file_are_refused(tmp_path):
    path = tmp_path / "mixed.vcf"
    path.write_bytes("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ünal\r\nEND:VCARD\r\n".encode()
                     + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:José Núñez\r\nEND:VCARD\r\n".encode("latin-1"))
    with pytest.raises(ImportRefused, match="mixed encodings"):
        read(path)


def test_a_whole_file_in_a_legacy_encoding_is_guessed(tmp_path):
    # Only letters that Windows-1250 and -1252 share: a few words cannot tell those two apart (ñ/ń).
    path = tmp_path / "cp1252.vcf"
    path.write_bytes("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:José Müller\r\nNOTE:Café\r\nEND:VCARD\r\n".encode("cp1252"))
    (card,) = read(path)
    assert (card.name, card.notes) == ("José Müller", "Café")


def test_kept_grouped_properties_keep_their_label_through_export(tmp_path, corpus):
    from netdesk.exchange.writers import vcard

    card = one(corpus, "ezvcard-gmail-single.vcf")
    assert ["item4", "X-ABLABEL", {}, "_$!<Anniversary>!$_"] in card.extra["vcard"]
    path = tmp_path / "again.vcf"
    path.write_text(vcard(card), encoding="utf-8", newline="")
    (again,) = read(path)
    assert again.extra["vcard"] == card.extra["vcard"]
    assert again.phones == card.phones and again.addresses == card.addresses and again.urls == card.urls


def test_icloud_and_rfc9554_social_profiles(tmp_path):
    path = tmp_path / "social.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ios User\r\n"
        b"X-SOCIALPROFILE;type=linkedin;x-user=Ios-User:x-apple:Ios-User\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Rfc User\r\n"
        b"SOCIALPROFILE;SERVICE-TYPE=LinkedIn:https://linkedin.com/in/rfc-user/\r\n"
        b"SOCIALPROFILE;SERVICE-TYPE=Mastodon:https://example.social/@rfc\r\nEND:VCARD\r\n"
    )
    ios, rfc = read(path)
    assert ios.linkedin_url == "https://www.linkedin.com/in/ios-user"
    assert rfc.linkedin_url == "https://www.linkedin.com/in/rfc-user"
    assert [v for _, n, _, v in rfc.extra["vcard"] if n == "SOCIALPROFILE"] == ["https://example.social/@rfc"]


def test_base64_on_a_text_property_is_decoded(tmp_path):
    import base64

    note = base64.b64encode("Grüße, Zoë\nline 2".encode()).decode()
    path = tmp_path / "b64.vcf"
    path.write_text(f"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:A\r\nNOTE;ENCODING=BASE64;CHARSET=UTF-8:{note}\r\n"
                    "X-BLOB;ENCODING=BASE64:AAEC\r\nEND:VCARD\r\n", encoding="ascii")
    (card,) = read(path)
    assert card.notes == "Grüße, Zoë\nline 2"
    assert card.extra["vcard"] == [[None, "X-BLOB", {"ENCODING": ["BASE64"]}, "AAEC"]]  # kept as it came


def test_cards_are_streamed_not_read_whole(tmp_path):
    # The first card comes out before the reader has seen the broken end of the file.
    path = tmp_path / "stream.vcf"
    path.write_bytes(b"BEGIN:VCARD\r\nFN:First\r\nEND:VCARD\r\n" + b"NOTE:filler\r\n" * 50_000 + b"BEGIN:VCARD\r\n")
    cards = read_vcards(path, [])
    assert next(cards).name == "First"
    with pytest.raises(ImportRefused, match="line 4"):
        next(cards)


def test_classic_mac_cr_only_line_ends(tmp_path):
    path = tmp_path / "mac.vcf"
    path.write_bytes("BEGIN:VCARD\rVERSION:3.0\rFN:Zoë Ångström\rNOTE:line one\\nline two\rEND:VCARD\r".encode())
    (card,) = read(path)
    assert card.name == "Zoë Ångström" and card.notes == "line one\nline two"


def test_a_large_folded_photo(tmp_path):
    import base64

    photo = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8000  # 2 MB
    text = base64.b64encode(photo)
    folded = b"\r\n ".join(text[i:i + 74] for i in range(0, len(text), 74))
    path = tmp_path / "big.vcf"
    path.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big\r\nPHOTO;ENCODING=b;TYPE=JPEG:" + folded
                     + b"\r\nEND:VCARD\r\n")
    (card,) = read(path)
    assert card.photo == photo
