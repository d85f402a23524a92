"""Property test: whatever bytes a file holds, reading it gives records or ImportRefused, never a crash."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netdesk.errors import ImportRefused
from netdesk.services.importing import records_of

CARD = (b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91a;b\r\nFN:x\r\n"
        b"item1.EMAIL;type=INTERNET:a@b.c\r\nitem1.X-ABLabel:_$!<Other>!$_\r\nPHOTO;ENCODING=b:/9j/AAAA\r\n"
        b"ADR;WORK:;;1 Road;Town;;1;UK\r\nBDAY:--0412\r\nCATEGORIES:a\\,b,c\r\nEND:VCARD\r\n")
CSV = ("Notes:\r\n\"x\"\r\n\r\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
       "Zoë,Ä,https://www.linkedin.com/in/z,z@x.org,\"A, Inc.\",CTO,12 Mar 2024\r\n").encode()


def mutate(base: bytes):
    """The base file with a slice replaced by random bytes (or cut short)."""
    return st.tuples(st.integers(0, len(base)), st.integers(0, 40), st.binary(max_size=40)).map(
        lambda t: base[:t[0]] + t[2] + base[t[0] + t[1]:])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(mutate(CARD), mutate(CSV), st.binary(max_size=200)), st.sampled_from(["auto", "vcard", "linkedin", "google", "outlook", "thunderbird"]))
def test_any_bytes_give_records_or_a_refusal(data, fmt):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input"
        path.write_bytes(data)
        try:
            _, found = records_of(path, fmt, [])
            for record in found:
                assert isinstance(record.name, str)
        except ImportRefused as exc:
            assert str(path) in str(exc)
