"""`relmap sync` with the calendars in tests/data/calendars, as tests/data/calendars/EXPECTED.md describes them."""

from __future__ import annotations

import errno
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from relmap_cli.load.loader import load_map

from .conftest import DATA, ROOT, run, save_meanwhile

CALENDARS = DATA / "calendars"
MAP = DATA / "accounts" / "st-aldric-hospital.yaml"
TODAY = ["--today", "2026-12-02"]

# file -> the knows lines it moves: (from, to, before, after)
EXPECTED = {
    "google-lena.ics": [
        ("lena", "becker", "2026-11-18", "2026-11-20"),
        ("lena", "dubois", "2026-10-28", "2026-11-30"),
        ("lena", "lindgren", "2026-11-12", "2026-11-19"),
        ("lena", "mori", "2026-11-20", "2026-11-27"),
    ],
    "outlook-ravi.ics": [("ravi", "raman", "2026-09-10", "2026-11-15")],
    "apple-jan.ics": [
        ("jan", "ivanov", "2026-11-01", "2026-11-13"),
        ("jan", "lindqvist", "2026-04-22", "2026-11-12"),
    ],
}
UNMATCHED = {
    "google-lena.ics": [
        ("guest@vendor-x.example", None),
        ("ingrid.solberg@st-aldric.example", "solberg"),
        ("nina.kowalski@st-aldric.example", "kowalski"),
    ],
    "outlook-ravi.ics": [("elena.rossi@st-aldric.example", "rossi")],
    "apple-jan.ics": [],
}


@pytest.fixture
def aldric(tmp_path: Path) -> Path:
    path = tmp_path / "st-aldric-hospital.yaml"
    path.write_bytes(MAP.read_bytes())
    return path


def sync_json(path: Path, *args: str) -> dict[str, Any]:
    result = run(["sync", str(path), *args, "--format", "json", *TODAY])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def knows(path: Path) -> dict[tuple[str, str], str | None]:
    loaded = load_map(str(path))
    assert loaded.problems == [] and loaded.model is not None
    return {
        (rel.source, rel.target): rel.last.isoformat() if rel.last else None
        for rel in loaded.model.relationships
        if rel.kind == "knows"
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_calendar_moves_exactly_the_expected_lines(aldric: Path, name: str) -> None:
    before = knows(aldric)
    report = sync_json(aldric, str(CALENDARS / name))
    moved = [(item["from"], item["to"], item["before"], item["after"]) for item in report["moved"]]
    assert moved == EXPECTED[name]
    after = knows(aldric)
    changed = {pair: (before[pair], after[pair]) for pair in before if before[pair] != after[pair]}
    assert changed == {(a, b): (old, new) for a, b, old, new in EXPECTED[name]}
    assert set(after) == set(before)  # no line added without --add
    assert [(item["address"], item["person"]) for item in report["unmatched"]] == UNMATCHED[name]


def test_what_does_not_count(aldric: Path) -> None:
    report = sync_json(aldric, *(str(CALENDARS / name) for name in sorted(EXPECTED)))
    after = knows(aldric)
    assert after[("lena", "okafor")] == "2026-09-30"  # she declined
    assert after[("lena", "roth")] == "2026-08-14"  # the pre-read was cancelled
    assert after[("lena", "dubois")] == "2026-11-30"  # not the 15 Dec meeting, after --today
    assert after[("oliver", "ivanov")] == "2026-11-28"  # declined the 13 Nov occurrence; never moves back
    assert after[("ravi", "lindgren")] == "2026-11-25"
    assert {(item["from"], item["to"], item["last"], item["met"]) for item in report["up_to_date"]} == {
        ("oliver", "ivanov", "2026-11-28", "2026-10-15"),
        ("ravi", "lindgren", "2026-11-25", "2026-11-25"),
    }
    assert len(report["moved"]) == 7


def test_pairs_without_a_line_are_reported_and_added_only_with_add(aldric: Path) -> None:
    apple = str(CALENDARS / "apple-jan.ics")
    report = sync_json(aldric, apple)
    assert [(item["from"], item["to"], item["after"]) for item in report["not_added"]] == [
        ("mei", "ivanov", "2026-11-12"),
        ("mei", "lindqvist", "2026-11-12"),
    ]
    assert report["added"] == []
    assert ("mei", "lindqvist") not in knows(aldric)
    report = sync_json(aldric, apple, "--add")
    assert [(item["from"], item["to"]) for item in report["added"]] == [("mei", "ivanov"), ("mei", "lindqvist")]
    text = aldric.read_text(encoding="utf-8")
    assert "  - {from: mei, kind: knows, to: lindqvist, strength: weak, last: 2026-11-12}\n" in text
    assert "  - {from: mei, kind: knows, to: ivanov, strength: weak, last: 2026-11-12}\n" in text


def test_a_second_sync_has_nothing_to_change(aldric: Path) -> None:
    calendars = [str(CALENDARS / name) for name in sorted(EXPECTED)]
    assert run(["sync", str(aldric), *calendars, "--add", *TODAY]).exit_code == 0
    before = aldric.read_bytes()
    result = run(["sync", str(aldric), *calendars, "--add", *TODAY])
    assert result.exit_code == 0 and result.stderr == f"{aldric}: nothing to change\n"
    assert aldric.read_bytes() == before


def test_comments_and_every_other_line_stay(aldric: Path) -> None:
    original = aldric.read_text(encoding="utf-8").splitlines()
    sync_json(aldric, *(str(CALENDARS / name) for name in sorted(EXPECTED)))
    after = aldric.read_text(encoding="utf-8").splitlines()
    assert len(after) == len(original)
    changed = [(old, new) for old, new in zip(original, after, strict=True) if old != new]
    assert len(changed) == 7
    assert all(old.split("last: ")[0] == new.split("last: ")[0] for old, new in changed)


def test_the_table_names_the_meeting_and_the_person_without_an_email(aldric: Path) -> None:
    result = run(["sync", str(aldric), str(CALENDARS / "outlook-ravi.ics"), "--dry-run", *TODAY],
                 env={"COLUMNS": "400"})  # fmt: skip
    assert result.exit_code == 0
    assert "ravi → raman" in result.stdout and "2026-09-10 → 2026-11-15" in result.stdout
    assert "Cath lab protocol review (outlook-ravi.ics:21)" in result.stdout
    assert f"relmap set {aldric} rossi email=elena.rossi@st-aldric.example" in result.stdout
    assert "-  - {from: ravi, kind: knows, to: raman, strength: good, last: 2026-09-10}" in result.stdout
    assert "+  - {from: ravi, kind: knows, to: raman, strength: good, last: 2026-11-15}" in result.stdout
    assert result.stderr == f"{aldric}: not written (dry run; 1 line moved forward)\n"
    assert aldric.read_bytes() == MAP.read_bytes()


def test_the_table_fits_60_columns(aldric: Path) -> None:
    calendars = [str(CALENDARS / name) for name in sorted(EXPECTED)]
    result = run(["sync", str(aldric), *calendars, "--add", "--dry-run", *TODAY], env={"COLUMNS": "60"})
    report = result.stdout.split("\n--- ")[0]
    assert max(len(line) for line in report.splitlines()) <= 60


# -- time zones, all-day events, Windows names ---------------------------------------
def calendar(*events: str, timezones: str = "") -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\nDTSTAMP:20261201T000000Z\r\n{event.strip()}\r\nEND:VEVENT\r\n" for event in events)
    text = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{timezones}{body}END:VCALENDAR\r\n"
    return text.replace("\r\n\r\n", "\r\n").encode("utf-8")


PEOPLE = "\r\n".join(
    (
        "ORGANIZER:mailto:Ravi.Menon@meridian-med.example",
        "ATTENDEE;PARTSTAT=ACCEPTED:mailto:PRIYA.RAMAN@st-aldric.example",
    )
)


@pytest.mark.parametrize(
    ("start", "day"),
    [
        # Outlook's Windows zone name, without a VTIMEZONE block: read as Europe/Berlin
        ('DTSTART;TZID="W. Europe Standard Time":20261120T003000', "2026-11-20"),
        ("DTSTART;TZID=Pacific Standard Time:20261120T230000", "2026-11-20"),  # 07:00 on the 21st in UTC
        ("DTSTART:20261120T233000Z", "2026-11-20"),  # UTC as written
        ("DTSTART;VALUE=DATE:20261120", "2026-11-20"),
        ("DTSTART:20261120T090000", "2026-11-20"),  # floating time
    ],
)
def test_the_day_is_the_day_in_the_events_own_zone(aldric: Path, tmp_path: Path, start: str, day: str) -> None:
    ics = tmp_path / "one.ics"
    ics.write_bytes(calendar(f"UID:1\r\n{start}\r\nSUMMARY:Review\r\n{PEOPLE}"))
    report = sync_json(aldric, str(ics))
    assert [(item["from"], item["to"], item["after"]) for item in report["moved"]] == [("ravi", "raman", day)]


@pytest.mark.parametrize("rule", ["", "RRULE:FREQ=DAILY;COUNT=1\r\n"])  # a single event, and a series of one
def test_a_utc_time_in_a_google_export_is_read_in_the_calendars_zone(aldric: Path, tmp_path: Path, rule: str) -> None:
    ics = tmp_path / "google.ics"
    data = calendar(f"UID:g1\r\nDTSTART:20261201T020000Z\r\n{rule}SUMMARY:Late call\r\n{PEOPLE}")
    ics.write_bytes(
        data.replace(b"PRODID:-//test//EN\r\n", b"PRODID:-//test//EN\r\nX-WR-TIMEZONE:America/New_York\r\n")
    )
    report = sync_json(aldric, str(ics))  # 21:00 on 30 Nov in New York
    assert [(item["to"], item["after"]) for item in report["moved"]] == [("raman", "2026-11-30")]


def test_a_series_counts_its_last_occurrence_up_to_today(aldric: Path, tmp_path: Path) -> None:
    ics = tmp_path / "series.ics"
    ics.write_bytes(
        calendar(
            "UID:s1\r\nDTSTART;TZID=Europe/Berlin:20261005T100000\r\nRRULE:FREQ=WEEKLY;UNTIL=20261231T090000Z\r\n"
            f"EXDATE;TZID=Europe/Berlin:20261130T100000\r\nSUMMARY:Weekly\r\n{PEOPLE}",
            f"UID:s1\r\nRECURRENCE-ID;TZID=Europe/Berlin:20261123T100000\r\nSTATUS:CANCELLED\r\n"
            f"DTSTART;TZID=Europe/Berlin:20261123T100000\r\n{PEOPLE}",
        )
    )
    report = sync_json(aldric, str(ics))  # 30 Nov excluded, 23 Nov cancelled, 7 Dec after today
    assert [(item["to"], item["after"]) for item in report["moved"]] == [("raman", "2026-11-16")]


def test_an_address_that_declined_does_not_count_even_as_organiser(aldric: Path, tmp_path: Path) -> None:
    ics = tmp_path / "declined.ics"
    ics.write_bytes(
        calendar(
            "UID:d1\r\nDTSTART:20261120T090000Z\r\nORGANIZER:mailto:priya.raman@st-aldric.example\r\n"
            "ATTENDEE;PARTSTAT=DECLINED:mailto:priya.raman@st-aldric.example\r\n"
            "ATTENDEE;PARTSTAT=ACCEPTED:mailto:ravi.menon@meridian-med.example\r\n"
            "ATTENDEE;CUTYPE=ROOM;PARTSTAT=ACCEPTED:mailto:room-2@st-aldric.example"
        )
    )
    report = sync_json(aldric, str(ics))
    assert report["moved"] == [] and report["unmatched"] == [] and report["meetings"] == 0


def test_a_meeting_after_someone_left_does_not_count(aldric: Path, tmp_path: Path) -> None:
    ics = tmp_path / "left.ics"
    ics.write_bytes(
        calendar(
            "UID:l1\r\nDTSTART:20261120T090000Z\r\nORGANIZER:mailto:ravi.menon@meridian-med.example\r\n"
            "ATTENDEE;PARTSTAT=ACCEPTED:mailto:priya.raman@st-aldric.example"
        )
    )
    text = aldric.read_text(encoding="utf-8").replace(
        "crm_id: 0035g00000RamAAAQ2,", "crm_id: 0035g00000RamAAAQ2, left: 2026-10-31,"
    )
    aldric.write_text(text, encoding="utf-8")
    report = sync_json(aldric, str(ics))
    assert report["moved"] == []
    assert report["not_counted"] == [
        {"from": "ravi", "to": "raman", "met": "2026-11-20", "left": "raman", "on": "2026-10-31"}
    ]


# -- writes ------------------------------------------------------------------------------
def test_a_map_changed_on_disk_meanwhile_is_not_overwritten(aldric: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    theirs = aldric.read_text(encoding="utf-8").replace("Lena Vogt", "Lena Vogt-Berg")
    save_meanwhile(monkeypatch, aldric, theirs)
    result = run(["sync", str(aldric), str(CALENDARS / "google-lena.ics"), *TODAY])
    assert result.exit_code == 2
    assert f"relmap: error: {aldric} changed on disk since relmap read it; nothing was written" in result.stderr
    assert aldric.read_text(encoding="utf-8") == theirs


def test_a_failed_write_leaves_the_original_intact(aldric: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import relmap_cli.files.save as save

    def disk_full(handle: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(save.os, "fsync", disk_full)
    result = run(["sync", str(aldric), str(CALENDARS / "google-lena.ics"), *TODAY])
    assert result.exit_code == 2
    assert f"relmap: error: cannot write {aldric}: No space left on device\n" in result.stderr
    assert aldric.read_bytes() == MAP.read_bytes()
    assert sorted(p.name for p in aldric.parent.iterdir()) == [aldric.name]


# -- calendars that are not what they should be -------------------------------------------
GOOGLE = (CALENDARS / "google-lena.ics").read_bytes()
BROKEN = [
    ("garbage.ics", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ":", "this is a binary file"),
    ("cut.ics", GOOGLE[: GOOGLE.index(b"UID:cancelled-roth-1")], ":", "the file ends inside the VEVENT begun at line"),
    ("contacts.ics", b"Id,FirstName,LastName\n1,A,B\n", ":1:", "not an iCalendar file"),
    ("utf16.ics", GOOGLE.decode("utf-8").encode("utf-16"), ":", "this is a binary file"),
    ("bad-bytes.ics", GOOGLE.replace(b"Lena Vogt", b"Lena \x81\x8d"), ":6:", "neither UTF-8 nor Windows-1252"),
    ("nesting.ics", GOOGLE.replace(b"END:VEVENT", b"END:VTODO", 1), ":46:", "END:VTODO closes nothing that is open"),
    ("empty.ics", b"", ":", "the file is empty"),
]


@pytest.mark.parametrize(("name", "data", "where", "message"), BROKEN, ids=[case[0] for case in BROKEN])
def test_no_traceback_on_a_broken_calendar(tmp_path: Path, aldric: Path, name: str, data: bytes, where: str,
                                           message: str) -> None:  # fmt: skip
    ics = tmp_path / name
    ics.write_bytes(data)
    result = run(["sync", str(aldric), str(ics), *TODAY])
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{ics}{where}") and " error: " in first and message in first, result.stderr
    assert f"relmap: error: {ics} is not a calendar relmap can read" in result.stderr
    assert aldric.read_bytes() == MAP.read_bytes()


def test_a_series_that_would_never_end_is_refused(
    aldric: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import relmap_cli.sources.calendar as source

    ics = tmp_path / "flood.ics"
    ics.write_bytes(calendar(f"UID:f\r\nDTSTART:19700101T000000Z\r\nRRULE:FREQ=SECONDLY\r\n{PEOPLE}"))
    result = run(["sync", str(aldric), str(ics), *TODAY])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{ics}: error: more than 300,000 meetings up to 2026-12-02: not a calendar export")
    monkeypatch.setattr(source, "MAX_OCCURRENCES", 500)  # a daily series with two a day for a year is 730
    ics.write_bytes(calendar(f"UID:f\r\nDTSTART:20251201T090000Z\r\nRRULE:FREQ=DAILY;BYHOUR=9,15\r\n{PEOPLE}"))
    assert run(["sync", str(aldric), str(ics), *TODAY]).exit_code == 2


def test_a_missing_calendar_is_a_usage_error(aldric: Path, tmp_path: Path) -> None:
    result = run(["sync", str(aldric), str(tmp_path / "nope.ics")])
    assert result.exit_code == 2 and result.stderr == f"relmap: error: no such file: {tmp_path / 'nope.ics'}\n"


def test_other_commands_do_not_import_the_calendar_libraries() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "relmap_cli", "validate", "examples/acme.yaml"],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 0
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert "icalendar" not in imported and "recurring_ical_events" not in imported
    assert not any(name.startswith("relmap_cli.sources") for name in imported)


def test_a_map_without_email_addresses_says_so(tmp_path: Path) -> None:
    path = tmp_path / "starter.yaml"
    path.write_bytes((ROOT / "examples" / "starter.yaml").read_bytes())
    result = run(["sync", str(path), str(CALENDARS / "apple-jan.ics"), *TODAY])
    assert result.exit_code == 0
    assert f"relmap: warning: none of our people in {path} has an email, and sync matches people by it" in result.stderr
    assert path.read_bytes() == (ROOT / "examples" / "starter.yaml").read_bytes()
