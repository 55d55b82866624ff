"""`relmap import` with the exports in tests/data/crm, as tests/data/crm/EXPECTED.md describes them."""

from __future__ import annotations

import contextlib
import errno
import json
import os
from pathlib import Path
from typing import Any

import pytest

from relmap_cli.load.loader import load_map

from .conftest import DATA, run, save_meanwhile

CRM = DATA / "crm"
ACCOUNTS = DATA / "accounts"
TODAY = ["--today", "2026-12-02"]


@pytest.fixture
def aldric(tmp_path: Path) -> Path:
    path = tmp_path / "st-aldric-hospital.yaml"
    path.write_bytes((ACCOUNTS / "st-aldric-hospital.yaml").read_bytes())
    return path


@pytest.fixture
def nordic(tmp_path: Path) -> Path:
    path = tmp_path / "nordic-skyways.yaml"
    path.write_bytes((ACCOUNTS / "nordic-skyways.yaml").read_bytes())
    return path


def import_json(export: Path, into: Path, *more: str) -> dict[str, Any]:
    result = run(["import", str(export), "--into", str(into), "--format", "json", *TODAY, *more])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def people(path: Path) -> dict[str, Any]:
    loaded = load_map(str(path))
    assert loaded.problems == [], [problem.message for problem in loaded.problems]
    assert loaded.model is not None
    return {person.id: person for person in loaded.model.client}


# -- Salesforce, into St. Aldric -------------------------------------------------------
def test_salesforce_export_adds_the_new_people_with_guessed_levels_and_functions(aldric: Path) -> None:
    report = import_json(CRM / "salesforce-st-aldric.csv", aldric)
    added = {item["id"]: item for item in report["added"]}
    assert list(added) == ["wagner", "esteban", "nguyen", "strauss", "hill", "klein", "facilities"]
    expected = {  # id: (name, level, function, reports_to)
        "wagner": ("Birgit Wagner", "director", "nursing", None),
        "esteban": ("Luis Esteban", "vp", "executive", "brandt"),
        "nguyen": ("Thi Nguyen", "manager", "procurement", "roth"),
        "strauss": ("Dr. Jürgen Strauß", "manager", "radiology", "mori"),
        "hill": ("Anke Hill", "manager", "operations", None),
        "klein": ("Piotr Klein", "staff", "it", None),
        "facilities": ("@Chief Facilities", "manager", "operations", None),
    }
    for person_id, (name, level, function, manager) in expected.items():
        item = added[person_id]
        assert (item["name"], item["level"], item["function"], item["reports_to"]) == (name, level, function, manager)
        assert item["inferred"] == {"level": "title", "function": "department"}
    assert added["hill"]["title"] == "Team Lead, Sterile Services (Site North)"  # comma and line break in the cell
    assert added["strauss"]["crm_id"] == "0035g00000StrAAAQ2"
    assert report["source"] == "salesforce" and report["contacts"] == 12

    written = people(aldric)
    assert len(written) == len(people(ACCOUNTS / "st-aldric-hospital.yaml")) + 7
    assert written["esteban"].reports_to == "brandt" and written["strauss"].reports_to == "mori"
    assert written["wagner"].reports_to is None and written["klein"].reports_to is None
    assert written["facilities"].name == "@Chief Facilities"
    assert written["hill"].email == "anke.hill@st-aldric.example"
    assert "HYPERLINK" not in aldric.read_text(encoding="utf-8")  # the phone cell is not a map field


def test_matched_people_are_updated_and_namesakes_are_never_added_twice(aldric: Path) -> None:
    report = import_json(CRM / "salesforce-st-aldric.csv", aldric)
    assert {item["id"]: item["by"] for item in report["matched"]} == {
        "feld": "crm_id", "okafor": "crm_id", "roth": "crm_id", "mori": "crm_id",
    }  # fmt: skip
    assert report["changed"] == [
        {"id": "roth", "field": "title", "before": "Director of Procurement",
         "after": "Director of Procurement & Logistics", "line": 5},
    ]  # fmt: skip
    assert report["possible_duplicates"] == [
        {
            "line": 3, "name": "Dr. Helen Brandt", "person": "brandt",
            "fields": {"crm_id": "0035g00000BraAAAQ2", "email": "helen.brandt@st-aldric.example"},
            "suggestion": f"relmap set {aldric} brandt crm_id=0035g00000BraAAAQ2 email=helen.brandt@st-aldric.example",
        }
    ]  # fmt: skip
    written = people(aldric)
    assert [p.id for p in written.values() if p.name and "Brandt" in p.name] == ["brandt"]
    assert written["okafor"].email == "amara.okafor@st-aldric.example"  # only the case differed: left as it was
    assert written["roth"].title == "Director of Procurement & Logistics"


def test_reporting_lines_outside_the_export_are_reported_not_invented(aldric: Path) -> None:
    report = import_json(CRM / "salesforce-st-aldric.csv", aldric)
    assert [(item["line"], item["person"], item["reports_to"]) for item in report["unresolved_reports_to"]] == [
        (7, "wagner", "0035g00000HarAAAQ2"),
        (11, "hill", "0035g00000DuaAAAQ2"),
        (13, "klein", "0035g00000ZzzAAAQ2"),
    ]
    assert all("in neither the export nor the map" in item["why"] for item in report["unresolved_reports_to"])


def test_people_missing_from_the_export_are_listed_and_kept(aldric: Path) -> None:
    before = set(people(aldric))
    report = import_json(CRM / "salesforce-st-aldric.csv", aldric)
    assert "krause" not in report["missing"]  # left in June: not expected in the CRM
    assert "tbd-sus" not in report["missing"]  # a placeholder
    assert {"hargreaves", "solberg", "lindqvist", "petrov"} <= set(report["missing"])
    assert len(report["missing"]) == 25  # 32 in the map, less 4 matched, brandt, krause and the placeholder
    assert before <= set(people(aldric))


def test_the_map_keeps_its_comments_and_layout(aldric: Path) -> None:
    original = aldric.read_text(encoding="utf-8").splitlines()
    import_json(CRM / "salesforce-st-aldric.csv", aldric)
    after = aldric.read_text(encoding="utf-8").splitlines()
    assert [line for line in after if line not in original] == [
        line for line in after if line.startswith(("  - {id: ", "     ")) and line not in original
    ]
    removed = [line for line in original if line not in after]
    assert removed == [line for line in original if line.startswith("  - {id: roth,")]
    assert [line for line in original if "#" in line] == [line for line in after if "#" in line]


def test_a_second_import_has_nothing_to_change(aldric: Path) -> None:
    import_json(CRM / "salesforce-st-aldric.csv", aldric)
    before = aldric.read_bytes()
    result = run(["import", str(CRM / "salesforce-st-aldric.csv"), "--into", str(aldric), *TODAY])
    assert result.exit_code == 0
    assert result.stderr == f"{aldric}: nothing to change\n"
    assert "Added: nobody" in result.stdout and "Changed: nothing" in result.stdout
    assert aldric.read_bytes() == before


def test_cp1252_names_arrive_intact(aldric: Path) -> None:
    report = import_json(CRM / "salesforce-cp1252.csv", aldric)
    assert report["encoding"] == "cp1252"
    assert [item["id"] for item in report["added"]] == ["strauss", "desiree"]
    written = people(aldric)
    assert written["desiree"].name == "Hélène Désirée"
    assert written["desiree"].title == "Responsable Qualité \u2013 Site Sud"  # an en dash
    assert written["strauss"].name == "Dr. Jürgen Strauß"
    assert written["desiree"].reports_to == "okafor" and written["desiree"].function == "quality"


# -- HubSpot, into Nordic Skyways ---------------------------------------------------------
def test_hubspot_export_suggests_namesakes_and_adds_the_new(nordic: Path) -> None:
    report = import_json(CRM / "hubspot-nordic-skyways.csv", nordic)
    assert report["source"] == "hubspot" and report["encoding"] == "utf-8-sig"
    assert [(d["line"], d["name"], d["person"]) for d in report["possible_duplicates"]] == [
        (2, "Anneli Virtanen", "cfo"),
        (3, "Erik Johansson", "proc-dir"),
        (4, "Carl Wennberg", "longhaul-dir"),
        (8, "+Ola Hansen", "head-powerplant"),
    ]
    assert report["possible_duplicates"][2]["fields"]["title"] == "SVP Long-Haul"
    added = {item["id"]: item for item in report["added"]}
    assert list(added) == ["lindstrom", "nieminen", "berg"]
    assert (added["lindstrom"]["name"], added["lindstrom"]["level"]) == ("Maja Lindström", "director")
    assert added["nieminen"]["level"] == "manager"
    assert (added["berg"]["crm_id"], added["berg"]["email"]) == ("51234006", None)
    assert added["lindstrom"]["inferred"] == {"level": "title", "function": "title"}  # HubSpot has no department
    assert report["changed"] == [] and report["matched"] == []
    written = people(nordic)
    assert [p.id for p in written.values() if p.name and "Hansen" in p.name] == ["head-powerplant"]
    assert written["berg"].crm_id == "51234006"


def test_a_cell_that_looks_like_a_formula_stays_text(tmp_path: Path, aldric: Path) -> None:
    export = tmp_path / "contacts.csv"
    export.write_text(
        "Id,FirstName,LastName,Title,Department,Email\r\n"
        '003A,=cmd,Evil,"=HYPERLINK(""http://x"")",-Ops,eve@st-aldric.example\r\n'
        "003B,@Sam,+Plus,- Buyer,Procurement,sam@st-aldric.example\r\n",
        encoding="utf-8",
    )
    result = run(["import", str(export), "--into", str(aldric), *TODAY])
    assert result.exit_code == 0, result.stderr
    assert "'=cmd Evil" in result.stdout and "'=HYPERLINK" in result.stdout and "'@Sam +Plus" in result.stdout
    written = people(aldric)
    assert (written["evil"].name, written["evil"].title) == ("=cmd Evil", '=HYPERLINK("http://x")')
    assert (written["plus"].name, written["plus"].title) == ("@Sam +Plus", "- Buyer")


# -- a new map, a mapping file ----------------------------------------------------------
def test_new_map_from_an_export(tmp_path: Path) -> None:
    target = tmp_path / "st-aldric.yaml"
    args = ["import", str(CRM / "salesforce-st-aldric.csv"), "--new", "St. Aldric", "--owner", "lena",
            "--owner-name", "Lena Vogt", "--output", str(target), *TODAY]  # fmt: skip
    result = run(args)
    assert result.exit_code == 0, result.stderr
    written = people(target)
    assert len(written) == 12
    assert written["brandt"].name == "Dr. Helen Brandt" and written["brandt"].level == "executive"
    assert written["feld"].reports_to == "brandt" and written["okafor"].reports_to == "brandt"
    loaded = load_map(str(target)).model
    assert loaded is not None and loaded.account.name == "St. Aldric" and loaded.account.owner == "lena"
    assert result.stderr == f"wrote {target} (12 people added, 0 fields changed)\n"
    again = run(args)
    assert again.exit_code == 2 and "already exists" in again.stderr


def test_new_map_needs_an_owner(tmp_path: Path) -> None:
    result = run(["import", str(CRM / "salesforce-st-aldric.csv"), "--new", "St. Aldric"])
    assert result.exit_code == 2 and "--new needs --owner" in result.stderr


def test_any_crm_through_a_mapping_file(tmp_path: Path, aldric: Path) -> None:
    mapping = tmp_path / "pipedrive.yaml"
    mapping.write_text(
        '# Pipedrive people export\ncrm_id: Person - ID\nname: Person - Name\ntitle: "Person - Job title"\n'
        "email: Person - Email\nreports_to: Person - Manager\n",
        encoding="utf-8",
    )
    export = tmp_path / "people.csv"
    export.write_text(
        "Person - ID;Person - Name;Person - Job title;Person - Email;Person - Manager\n"
        "p1;Rita Ora;Head of Radiotherapy;rita@st-aldric.example;0035g00000OkaAAAQ2\n"
        "p2;Ken Mori;Head of Radiology;KENJI.MORI@st-aldric.example;\n",
        encoding="utf-8",
    )
    report = import_json(export, aldric, "--from", str(mapping))
    assert [(item["id"], item["level"], item["reports_to"]) for item in report["added"]] == [
        ("ora", "director", "okafor")
    ]
    assert report["matched"] == [{"id": "mori", "by": "email", "line": 3}]
    assert report["changed"] == [
        {"id": "mori", "field": "crm_id", "before": "0035g00000MorAAAQ2", "after": "p2", "line": 3}
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "crm_id: ID\nemial: Email\nname: Name\n",
            ":2: error: 'emial' is not a field relmap imports (did you mean 'email'?)",
        ),
        ("crm_id ID\n", ":1: error: expected 'field: Column name'"),
        ("title: Title\nname: Name\n", ": error: the mapping needs a crm_id or an email column"),
    ],
)
def test_a_wrong_mapping_file_is_a_located_error(tmp_path: Path, aldric: Path, text: str, message: str) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(text, encoding="utf-8")
    result = run(["import", str(CRM / "salesforce-st-aldric.csv"), "--into", str(aldric), "--from", str(mapping)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{mapping}{message}")
    assert aldric.read_bytes() == (ACCOUNTS / "st-aldric-hospital.yaml").read_bytes()


# -- dry run, writes ----------------------------------------------------------------------
def test_dry_run_prints_the_diff_and_writes_nothing(aldric: Path) -> None:
    before = aldric.read_bytes()
    result = run(["import", str(CRM / "salesforce-st-aldric.csv"), "--into", str(aldric), "--dry-run", *TODAY])
    assert result.exit_code == 0
    assert f"--- {aldric}\n+++ {aldric}\n" in result.stdout
    assert "+  - {id: wagner, name: Birgit Wagner, title: Head of Nursing Informatics" in result.stdout
    assert result.stderr == f"{aldric}: not written (dry run; 7 people added, 1 field changed)\n"
    assert aldric.read_bytes() == before


def test_a_map_changed_on_disk_meanwhile_is_not_overwritten(aldric: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    theirs = aldric.read_text(encoding="utf-8").replace("Lena Vogt", "Lena Vogt-Berg")
    save_meanwhile(monkeypatch, aldric, theirs)
    result = run(["import", str(CRM / "salesforce-st-aldric.csv"), "--into", str(aldric), *TODAY])
    assert result.exit_code == 2
    assert f"relmap: error: {aldric} changed on disk since relmap read it; nothing was written" in result.stderr
    assert aldric.read_text(encoding="utf-8") == theirs
    assert sorted(p.name for p in aldric.parent.iterdir()) == [aldric.name]


def test_a_failed_write_leaves_the_original_intact(aldric: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import relmap_cli.files.save as save

    before = aldric.read_bytes()

    def disk_full(source: Any, target: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(save.os, "replace", disk_full)
    result = run(["import", str(CRM / "salesforce-st-aldric.csv"), "--into", str(aldric), *TODAY])
    assert result.exit_code == 2
    assert f"relmap: error: cannot write {aldric}: No space left on device\n" in result.stderr
    assert aldric.read_bytes() == before
    assert sorted(p.name for p in aldric.parent.iterdir()) == [aldric.name]



def test_a_full_disk_leaves_the_original_intact(tiny_disk: Path) -> None:
    target = tiny_disk / "st-aldric-hospital.yaml"
    original = (ACCOUNTS / "st-aldric-hospital.yaml").read_bytes()
    target.write_bytes(original)
    stats = os.statvfs(tiny_disk)
    # leave less room than a second copy of the map needs
    with open(tiny_disk / "ballast", "wb") as stream, contextlib.suppress(OSError):
        stream.write(b"x" * max(0, stats.f_bavail * stats.f_frsize - 4096))
    result = run(["import", str(CRM / "salesforce-st-aldric.csv"), "--into", str(target), *TODAY])
    assert result.exit_code == 2
    assert f"relmap: error: cannot write {target}: No space left on device\n" in result.stderr
    assert target.read_bytes() == original
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["ballast", target.name]


# -- exports that are not what they should be ------------------------------------------
BROKEN = [
    ("garbage.csv", b"PK\x03\x04\x00\x00\x08\x00binary", ":", "this is not a CSV export (a binary file)"),
    ("utf16.csv", "Id,FirstName,LastName\n1,A,B\n".encode("utf-16"), ":", "it is UTF-16"),
    ("bad-bytes.csv", b"Id,FirstName,LastName,Email\n1,A,\x81\x8d,a@x\n", ":2:", "neither UTF-8 nor Windows-1252"),
    ("cut.csv", b'Id,FirstName,LastName,Email\n1,A,B,a@x\n2,"Cut', ":3:", "the file ends inside a quoted cell"),
    ("columns.csv", b"Foo,Bar,Baz\n1,2,3\n", ":1:", "not a Salesforce or HubSpot export"),
    ("empty.csv", b"", ":", "the file is empty"),
    ("header.csv", b"just one line\n", ":1:", "not a header of columns"),
]


@pytest.mark.parametrize(("name", "data", "where", "message"), BROKEN, ids=[case[0] for case in BROKEN])
def test_no_traceback_on_a_broken_export(tmp_path: Path, aldric: Path, name: str, data: bytes, where: str,
                                         message: str) -> None:  # fmt: skip
    export = tmp_path / name
    export.write_bytes(data)
    result = run(["import", str(export), "--into", str(aldric)])
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{export}{where}") and " error: " in first and message in first, result.stderr
    assert f"relmap: error: {export} is not a CRM export relmap can read" in result.stderr
    assert "Traceback" not in result.stderr
    assert aldric.read_bytes() == (ACCOUNTS / "st-aldric-hospital.yaml").read_bytes()


def test_salesforce_columns_missing_from_an_export_that_says_it_is_one(tmp_path: Path, aldric: Path) -> None:
    export = tmp_path / "contacts.csv"
    export.write_text("Title,Department\nCFO,Finance\n", encoding="utf-8")
    result = run(["import", str(export), "--into", str(aldric), "--from", "salesforce"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"{export}:1: error: the header has no Id or Email and no LastName column for a Salesforce export"
    )


def test_a_short_last_line_is_skipped_and_said(tmp_path: Path, aldric: Path) -> None:
    export = tmp_path / "contacts.csv"
    export.write_text(
        "Id,FirstName,LastName,Title,Email\n003X,Ada,Lovelace,Head of IT,ada@st-aldric.example\n003Y,Bob\n",
        encoding="utf-8",
    )
    report = import_json(export, aldric)
    assert [item["id"] for item in report["added"]] == ["lovelace"]
    assert report["skipped"] == [{"line": 3, "reason": "only 2 of 5 columns: the line is cut short"}]


def test_the_table_fits_60_columns(aldric: Path) -> None:
    result = run(["import", str(CRM / "salesforce-st-aldric.csv"), "--into", str(aldric), "--dry-run", *TODAY],
                 env={"COLUMNS": "60"})  # fmt: skip
    assert result.exit_code == 0
    report = result.stdout.split("\n--- ")[0]
    assert max(len(line) for line in report.splitlines()) <= 60
    assert "Birgit Wagner" in report and "0035g00000ZzzAAAQ2" in report


@pytest.mark.parametrize(
    ("header", "row", "source"),
    [
        ("Contact ID,First Name,Last Name,Title,Email", "003Q,Ada,Lovelace,Head of IT,ada@x.example", "salesforce"),
        ("Id,Name,Title,Email", "003Q,Ada Lovelace,Head of IT,ada@x.example", None),
        ("Record ID;First Name;Last Name;Job Title;Email", "77;Ada;Lovelace;Head of IT;ada@x.example", "hubspot"),
    ],
    ids=["salesforce report labels", "a full-name column", "semicolons"],
)
def test_other_shapes_of_the_same_exports(
    tmp_path: Path, aldric: Path, header: str, row: str, source: str | None
) -> None:
    export = tmp_path / "contacts.csv"
    export.write_text(f"{header}\n{row}\n", encoding="utf-8")
    report = import_json(export, aldric, *([] if source else ["--from", "salesforce"]))
    assert report["source"] == (source or "salesforce")
    assert [(item["id"], item["name"], item["level"]) for item in report["added"]] == [
        ("lovelace", "Ada Lovelace", "director")
    ]
