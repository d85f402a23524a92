"""Properties kept from an import, rewritten for the vCard version being written (RFC 6350 4.0, RFC 2426 3.0).

A card read from a 3.0 or 2.1 file keeps what netdesk has no field for (`extra["vcard"]`), in that file's
syntax. Written back unchanged into a 4.0 card, 3.0-only syntax leaks (`KEY;ENCODING=BASE64`, `LABEL`,
`TZ:1:00`) and strict readers refuse the card; the other way round, 4.0-only properties leak into 3.0.
So each kept property is converted: to its form in the target version where one exists, else to an
`X-` property of the same name (the information stays, and any reader may ignore it).

Values are written so that vobject (which Radicale, khard and vdirsyncer use) reads them back whole: it
treats every property as text and keeps only what precedes the first unescaped comma, so commas are
escaped in every value, URIs included, as RFC 6350 §3.4 asks ("a COMMA character in a value MUST be
escaped ... even for properties that don't allow multiple instances").
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field

from netdesk.exchange.vcard_map import split_escaped as _split
from netdesk.exchange.vcard_map import unescape

Params = dict[str, list[str]]

# RFC 6350, RFC 6474, RFC 6715, RFC 8605, RFC 9554
V4_PROPERTIES = {
    "SOURCE", "KIND", "XML", "FN", "N", "NICKNAME", "PHOTO", "BDAY", "ANNIVERSARY", "GENDER", "ADR", "TEL",
    "EMAIL", "IMPP", "LANG", "TZ", "GEO", "TITLE", "ROLE", "LOGO", "ORG", "MEMBER", "RELATED", "CATEGORIES",
    "NOTE", "SOUND", "UID", "CLIENTPIDMAP", "URL", "KEY", "FBURL", "CALADRURI", "CALURI", "BIRTHPLACE",
    "DEATHPLACE", "DEATHDATE", "EXPERTISE", "HOBBY", "INTEREST", "ORG-DIRECTORY", "CONTACT-URI", "CREATED",
    "GRAMGENDER", "LANGUAGE", "PRONOUNS", "SOCIALPROFILE",
}
# RFC 2426, RFC 4770 (RFC 2739's FBURL, CALURI are 4.0 properties to strict 3.0 readers)
V3_PROPERTIES = {
    "SOURCE", "NAME", "FN", "N", "NICKNAME", "PHOTO", "BDAY", "ADR", "LABEL", "TEL", "EMAIL", "MAILER", "TZ",
    "GEO", "TITLE", "ROLE", "LOGO", "AGENT", "ORG", "CATEGORIES", "NOTE", "SORT-STRING", "SOUND", "UID", "URL",
    "CLASS", "KEY", "IMPP",
}
V4_PARAMETERS = {"LANGUAGE", "VALUE", "PREF", "ALTID", "PID", "TYPE", "MEDIATYPE", "CALSCALE", "SORT-AS", "GEO",
                 "TZ", "LABEL", "INDEX", "LEVEL", "CC", "AUTHOR", "AUTHOR-NAME", "CREATED", "DERIVED", "PHONETIC",
                 "PROP-ID", "SCRIPT", "SERVICE-TYPE", "USERNAME"}
V3_PARAMETERS = {"TYPE", "VALUE", "ENCODING", "LANGUAGE", "CONTEXT"}
_BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}
_URI_VALUED = {"SOURCE", "PHOTO", "LOGO", "SOUND", "KEY", "URL", "IMPP", "MEMBER", "FBURL", "CALADRURI", "CALURI",
               "CONTACT-URI", "ORG-DIRECTORY", "SOCIALPROFILE", "UID", "XML"}
_COMPOUND = {"N", "ADR", "ORG", "GENDER", "CLIENTPIDMAP"}
_MEDIA = {"JPEG": "image/jpeg", "JPG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "BMP": "image/bmp",
          "TIFF": "image/tiff", "WEBP": "image/webp", "X509": "application/pkix-cert", "PGP": "application/pgp-keys",
          "WAVE": "audio/wav", "WAV": "audio/wav", "MP3": "audio/mpeg", "OGG": "audio/ogg", "PCM": "audio/basic"}
_SUBTYPES = {mime: kind for kind, mime in reversed(_MEDIA.items())}
_NOT_TYPES_4 = {"pref", "internet", "x400"}  # 3.0 email types and 3.0's TYPE=pref
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_OFFSET = re.compile(r"^([+-]?)(\d{1,2}):?(\d{2})$")
_DATA_URI = re.compile(r"^data:([^;,]*)((?:;[^;,]*)*?);base64,(.*)$", re.S | re.I)


@dataclass
class Prop:
    """One property to write; `value` is already escaped for the target version."""

    name: str
    value: str
    params: Params = field(default_factory=dict)
    group: str | None = None


def clean(text: str) -> str:
    """Without the control characters a damaged card may carry (a tab is white space, kept)."""
    return _CONTROL.sub("", text)


def escape_text(text: str, part: bool = False) -> str:
    """A text value; `part`: a field of a compound value (N, ADR, ORG), where a semicolon is a separator.

    Elsewhere a semicolon stays as it is (RFC 6350 §3.4 allows both; ical.js keeps the backslash of `\\;`)."""
    text = (clean(text).replace("\\", "\\\\").replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
            .replace(",", "\\,"))
    return text.replace(";", "\\;") if part else text


def escape_uri(text: str) -> str:
    """A URI value: no line breaks, and the commas escaped (see the module's note on vobject)."""
    return re.sub(r"\s*[\r\n]+\s*", "", clean(text)).replace("\\", "\\\\").replace(",", "\\,")


def data_uri(mime: str, data: bytes) -> str:
    return escape_uri(f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}")


def _canonical(name: str, value: str) -> str:
    """A kept value in one spelling (unescaped, then escaped the way this writer does)."""
    if name in _COMPOUND:
        # The parts keep their separators; each part is re-escaped (its commas too, for vobject).
        return ";".join(escape_text(part, part=True) for part in _split(value, ";"))
    if name in _URI_VALUED:
        return escape_uri(unescape(value))
    return escape_text(unescape(value))


def _types(params: Params) -> list[str]:
    return [t for t in (params.get("TYPE") or []) if t]


def to_v4(group: str | None, name: str, params: Params, value: str) -> Prop | None:
    """A kept property in RFC 6350 syntax (None: it carries nothing)."""
    name = name.upper()
    params = {k.upper(): list(v) for k, v in params.items()}
    encoding = (params.pop("ENCODING", None) or [""])[0].upper()
    params.pop("CHARSET", None)
    types = _types(params)
    if any(t.lower() == "pref" for t in types) and "PREF" not in params:
        params["PREF"] = ["1"]
    kept_types = [t for t in types if t.lower() not in _NOT_TYPES_4]
    params.pop("TYPE", None)
    if name in _BINARY and encoding in ("B", "BASE64"):
        payload = re.sub(r"\s+", "", value)
        kind = next((t.upper() for t in kept_types if t.upper() in _MEDIA or "/" in t), "")
        mime = _MEDIA.get(kind, kind.lower() if "/" in kind else "application/octet-stream")
        kept_types = [t for t in kept_types if t.upper() != kind]
        try:
            data = base64.b64decode(payload + "=" * (-len(payload) % 4))
        except ValueError:
            return None
        out_value = data_uri(mime, data)
        params.pop("VALUE", None)
    elif name == "GEO" and not value.lower().startswith("geo:"):
        parts = _split(value, ";")
        if len(parts) != 2:
            return Prop("X-GEO", escape_text(unescape(value)), {}, group)
        out_value = escape_uri(f"geo:{parts[0].strip()},{parts[1].strip()}")
    elif name == "TZ" and (params.get("VALUE") or [""])[0].lower() != "text" and _OFFSET.match(value.strip()):
        sign, hours, minutes = _OFFSET.match(value.strip()).groups()
        params["VALUE"] = ["utc-offset"]
        out_value = f"{sign or '+'}{int(hours):02d}{minutes}"
    elif name in ("LABEL", "SORT-STRING"):
        return None  # written by the card itself: LABEL as ADR's LABEL parameter, SORT-STRING as N's SORT-AS
    elif name == "AGENT" and (params.get("VALUE") or [""])[0].lower() == "uri":
        name, kept_types, out_value = "RELATED", ["agent"], escape_uri(unescape(value))
        params.pop("VALUE", None)
    else:  # NAME, MAILER, CLASS, AGENT and unknown names become X- properties
        name, out_value = _named(name, V4_PROPERTIES), _canonical(name, value)
    return _prop(name, out_value, params, kept_types, V4_PARAMETERS, group)


def to_v3(group: str | None, name: str, params: Params, value: str) -> Prop | None:
    """A kept property in RFC 2426 syntax (None: it carries nothing)."""
    name = name.upper()
    params = {k.upper(): list(v) for k, v in params.items()}
    params.pop("CHARSET", None)
    types = _types(params)
    if params.pop("PREF", None) and "pref" not in {t.lower() for t in types}:
        types.append("pref")
    for dropped in ("ALTID", "PID", "CALSCALE", "SORT-AS", "GEO", "TZ", "INDEX", "LEVEL"):
        params.pop(dropped, None)
    media = (params.pop("MEDIATYPE", None) or [""])[0]
    params.pop("TYPE", None)
    if name == "ADR" and params.get("LABEL"):
        params.pop("LABEL")  # written as a LABEL property by the card
    match = _DATA_URI.match(unescape(value).strip()) if name in _BINARY else None
    if name in _BINARY and (params.get("ENCODING") or [""])[0].upper() in ("B", "BASE64"):
        params["ENCODING"] = ["b"]  # a 3.0 card's own base64 (2.1 spelled it BASE64)
        out_value = re.sub(r"\s+", "", value)
    elif match:
        mime = (match.group(1) or media).lower()
        try:
            data = base64.b64decode(re.sub(r"\s+", "", match.group(3)))
        except ValueError:
            return None
        params.pop("VALUE", None)
        params["ENCODING"] = ["b"]
        kind = _SUBTYPES.get(mime) or mime.rpartition("/")[2].upper()
        types = [kind, *types] if kind else types
        out_value = base64.b64encode(data).decode("ascii")
    elif name == "GEO":
        parts = unescape(value)[4:].split(",") if value.lower().startswith("geo:") else _split(value, ";")
        lat, lon = (parts + ["", ""])[:2]
        out_value = f"{lat.strip()};{lon.partition(';')[0].strip()}"
    elif name == "TZ" and (params.get("VALUE") or [""])[0].lower() == "utc-offset":
        params.pop("VALUE")
        found = _OFFSET.match(value.strip())
        if not found:
            return Prop("X-TZ", escape_text(unescape(value)), {}, group)
        sign, hours, minutes = found.groups()
        out_value = f"{sign or '+'}{int(hours):02d}:{minutes}"
    elif name == "TEL" and unescape(value).lower().startswith("tel:"):
        params.pop("VALUE", None)
        out_value = escape_text(unescape(value)[4:])
    elif name == "BDAY" and (params.get("VALUE") or [""])[0].lower() == "text":
        name, out_value = "X-BDAY", _canonical(name, value)
        params.pop("VALUE")
    else:  # KIND, GENDER, ANNIVERSARY, RELATED, ... become X- properties
        name, out_value = _named(name, V3_PROPERTIES), _canonical(name, value)
    return _prop(name, out_value, params, types, V3_PARAMETERS, group)


def _named(name: str, known: set[str]) -> str:
    return name if name.startswith("X-") or name in known else f"X-{name}"


def _prop(name: str, value: str, params: Params, types: list[str], known: set[str], group: str | None) -> Prop:
    """The property, its parameters limited to those the version knows (others become X- parameters)."""
    if types:
        params["TYPE"] = types
    for key in list(params):
        if key not in known and not key.startswith("X-"):
            params[f"X-{key}"] = params.pop(key)
    return Prop(name, value, _clean_params(params), group)


def _clean_params(params: Params) -> Params:
    out: Params = {}
    for key, values in params.items():
        kept = [clean(v).replace("\r", " ").replace("\n", " ").replace('"', "'") for v in values]
        kept = [v for v in kept if v]
        if kept:
            out[key] = kept
    return out
