"""The system's zone, found as the C library finds it: TZ in each of its forms, then /etc (under a test root)."""

from __future__ import annotations

import datetime as dt
import importlib.resources
from pathlib import Path

import pytest

from netdesk.services.local_zone import local_zone, local_zone_name

SUMMER, WINTER = dt.datetime(2026, 7, 1, 12), dt.datetime(2026, 1, 15, 12)


def _offsets(zone: dt.tzinfo) -> tuple[float, float]:
    return tuple(zone.utcoffset(moment).total_seconds() / 3600 for moment in (WINTER, SUMMER))


def _tzif(name: str) -> bytes:
    return importlib.resources.files("tzdata").joinpath("zoneinfo", *name.split("/")).read_bytes()


@pytest.fixture
def empty_root(tmp_path: Path) -> Path:
    (tmp_path / "etc").mkdir()
    return tmp_path


@pytest.mark.parametrize("value", ["Europe/Berlin", ":Europe/Berlin"])
def test_tz_as_an_iana_name(value, empty_root):
    zone = local_zone({"TZ": value}, empty_root)
    assert getattr(zone, "key", None) == "Europe/Berlin" and _offsets(zone) == (1, 2)


def test_tz_as_a_posix_rule_follows_the_rule_in_summer_and_winter(empty_root):
    zone = local_zone({"TZ": "EST5EDT,M3.2.0,M11.1.0"}, empty_root)
    assert _offsets(zone) == (-5, -4)
    assert _offsets(local_zone({"TZ": "CET-1CEST,M3.5.0,M10.5.0/3"}, empty_root)) == (1, 2)
    assert _offsets(local_zone({"TZ": "<+0530>-5:30"}, empty_root)) == (5.5, 5.5)
    assert _offsets(local_zone({"TZ": "UTC+3"}, empty_root)) == (-3, -3)  # POSIX: west of Greenwich
    assert _offsets(local_zone({"TZ": "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1"}, empty_root)) == (-3, -2)
    assert local_zone_name({"TZ": "EST5EDT,M3.2.0,M11.1.0"}, empty_root) is None  # no IANA name to give


def test_tz_as_a_path_in_a_zoneinfo_tree_keeps_its_name_and_elsewhere_its_rules(empty_root):
    tree = empty_root / "usr" / "share" / "zoneinfo" / "America"
    tree.mkdir(parents=True)
    (tree / "New_York").write_bytes(_tzif("America/New_York"))
    assert local_zone_name({"TZ": str(tree / "New_York")}, empty_root) == "America/New_York"
    loose = empty_root / "my-zone"
    loose.write_bytes(_tzif("Australia/Sydney"))
    zone = local_zone({"TZ": f":{loose}"}, empty_root)
    assert _offsets(zone) == (11, 10) and local_zone_name({"TZ": str(loose)}, empty_root) is None


def test_an_unreadable_tz_is_utc_as_for_the_c_library(empty_root):
    assert local_zone({"TZ": "Not/A_Zone"}, empty_root) is dt.UTC
    assert local_zone({"TZ": "garbage"}, empty_root) is dt.UTC
    assert local_zone({"TZ": ":/nonexistent/file"}, empty_root) is dt.UTC


def test_etc_localtime_link_then_etc_timezone_then_the_file_then_utc(empty_root):
    tree = empty_root / "usr" / "share" / "zoneinfo" / "Asia"
    tree.mkdir(parents=True)
    (tree / "Kolkata").write_bytes(_tzif("Asia/Kolkata"))
    etc = empty_root / "etc"
    assert local_zone({}, empty_root) is dt.UTC
    (etc / "localtime").write_bytes(_tzif("Europe/Berlin"))  # a copied file, as in many containers
    assert local_zone_name({}, empty_root) is None and _offsets(local_zone({}, empty_root)) == (1, 2)
    (etc / "timezone").write_text("Europe/Berlin\n")
    assert local_zone_name({}, empty_root) == "Europe/Berlin"
    (etc / "localtime").unlink()
    (etc / "localtime").symlink_to(tree / "Kolkata")
    assert local_zone_name({"TZ": ""}, empty_root) == "Asia/Kolkata"  # an empty TZ counts as unset


def test_the_real_system_gives_a_zone():
    assert local_zone().utcoffset(SUMMER) is not None
