"""Hostile and broken input at ingest (issue 15): one bad record never costs the good ones,
every read is bounded as it streams, ids are validated, workers die with their parent.

Each test builds the hostile input in a tmp dir around real records from ../shared and
ingests it into a real SQLite file (or through the real CLI in a subprocess).
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from trialfinder.ingest import ingest_paths
from trialfinder.ingest.limits import MAX_RECORD_BYTES
from trialfinder.store.sqlite import SQLiteStore

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
V2_STUDIES = SHARED / "ctgov_v2" / "studies_v2.jsonl"
LEGACY_XML = SHARED / "ctgov_legacy_xml" / "sample"
REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not V2_STUDIES.exists(), reason="../shared real data absent")

# What the issue reproduced: a record that is not UTF-8, and JSON nested 100,000 deep.
INVALID_UTF8 = b'{"protocolSection": {"identificationModule": {"nctId": "NCT0\xff\xfe"}}}'
DEEP = b'{"protocolSection": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
DEEP_ARRAY = b"[" * 100_000 + b"]" * 100_000


def real_lines(count: int) -> list[bytes]:
    lines = [line for line in V2_STUDIES.read_bytes().splitlines() if line.strip()]
    return lines[:count]


def nct_id(line: bytes) -> str:
    return str(json.loads(line)["protocolSection"]["identificationModule"]["nctId"])


@pytest.fixture()
def store(tmp_path: Path) -> SQLiteStore:
    return SQLiteStore(tmp_path / "trials.db")


def with_id(line: bytes, new_id: str) -> bytes:
    study: dict[str, Any] = json.loads(line)
    study["protocolSection"]["identificationModule"]["nctId"] = new_id
    return json.dumps(study).encode()


def test_twenty_good_lines_around_bad_ones_all_land_with_the_bad_ones_reported(
    tmp_path: Path, store: SQLiteStore
) -> None:
    good = real_lines(20)
    lines = [*good[:10], INVALID_UTF8, DEEP, DEEP_ARRAY, *good[10:]]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    summary = ingest_paths(store, [path], derivers=[])
    assert store.count_trials() == 20 and summary.inserted == 20
    reasons = {item.where: item.reason for item in summary.skipped}
    assert set(reasons) == {f"{path}:{n}" for n in (11, 12, 13)}
    assert "UTF-8" in reasons[f"{path}:11"]
    assert "nested" in reasons[f"{path}:12"] and "nested" in reasons[f"{path}:13"]


def test_a_bad_study_inside_an_array_a_page_or_a_gzip_costs_only_itself(
    tmp_path: Path, store: SQLiteStore
) -> None:
    good = real_lines(9)
    (tmp_path / "array.json").write_bytes(b"[" + b",".join([good[0], DEEP, good[1]]) + b"]")
    studies = b",".join([good[2], INVALID_UTF8, DEEP, good[3]])
    (tmp_path / "page.json").write_bytes(b'{"studies": [' + studies + b'], "totalCount": 4}')
    (tmp_path / "lines.jsonl.gz").write_bytes(gzip.compress(b"\n".join([good[4], DEEP, good[5]])))
    (tmp_path / "deep.json.gz").write_bytes(gzip.compress(DEEP))
    (tmp_path / "utf8.json").write_bytes(INVALID_UTF8)
    (tmp_path / "single.json").write_bytes(good[6])
    summary = ingest_paths(store, [tmp_path], derivers=[])
    assert store.count_trials() == 7
    wheres = sorted(item.where for item in summary.skipped)
    assert wheres == sorted(
        [
            f"{tmp_path}/array.json[1]",
            f"{tmp_path}/page.json#studies[1]",
            f"{tmp_path}/page.json#studies[2]",
            f"{tmp_path}/lines.jsonl.gz:2",
            f"{tmp_path}/deep.json.gz",
            f"{tmp_path}/utf8.json",
        ]
    )


def test_bad_members_of_a_zip_are_skipped_and_the_good_ones_land(
    tmp_path: Path, store: SQLiteStore
) -> None:
    good = real_lines(4)
    path = tmp_path / "bulk.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a/good0.json", good[0])
        archive.writestr("a/utf8.json", INVALID_UTF8)
        archive.writestr("a/deep.json", DEEP)
        archive.writestr("a/good1.json", good[1])
        archive.writestr("a/lines.jsonl", b"\n".join([good[2], DEEP, good[3]]))
        archive.writestr("a/NCT00055081.xml", (LEGACY_XML / "NCT00055081.xml").read_bytes())
    summary = ingest_paths(store, [path], derivers=[])
    assert store.count_trials() == 5
    assert sorted(item.where for item in summary.skipped) == [
        f"{path}!a/deep.json",
        f"{path}!a/lines.jsonl:2",
        f"{path}!a/utf8.json",
    ]


def run_cli(*args: str, db: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trialfinder", *args, "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )


def test_cli_ingest_of_bad_records_exits_zero_and_names_them(tmp_path: Path) -> None:
    good = real_lines(3)
    path = tmp_path / "some.jsonl"
    path.write_bytes(b"\n".join([good[0], INVALID_UTF8, DEEP, good[1], good[2]]) + b"\n")
    result = run_cli("ingest", str(path), "--format", "json", db=tmp_path / "t.db")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    summary = json.loads(result.stdout)
    assert (summary["ingested"], summary["skipped"]) == (3, 2)
    assert [item["where"] for item in summary["skipped_records"]] == [f"{path}:2", f"{path}:3"]


@pytest.mark.parametrize(
    "bad_id",
    [
        "<script>alert(1)</script>",
        "../../etc/passwd",
        "javascript:alert(1)",
        "NCT0",
        "NCT012345678",
    ],
)
def test_an_nct_id_that_is_not_nct_and_eight_digits_is_a_skipped_record(
    tmp_path: Path, store: SQLiteStore, bad_id: str
) -> None:
    good = real_lines(2)
    path = tmp_path / "ids.jsonl"
    path.write_bytes(b"\n".join([good[0], with_id(good[1], bad_id)]) + b"\n")
    summary = ingest_paths(store, [path], derivers=[])
    assert list(store.iter_nct_ids()) == [nct_id(good[0])]
    assert [item.where for item in summary.skipped] == [f"{path}:2"]
    assert "NCT followed by 8 digits" in summary.skipped[0].reason


def test_lower_case_and_padded_nct_ids_are_normalised(tmp_path: Path, store: SQLiteStore) -> None:
    line = real_lines(1)[0]
    path = tmp_path / "one.json"
    path.write_bytes(with_id(line, f"  {nct_id(line).lower()} "))
    summary = ingest_paths(store, [path], derivers=[])
    assert summary.skipped == [] and list(store.iter_nct_ids()) == [nct_id(line)]


def test_a_legacy_xml_record_with_a_forged_id_is_skipped(
    tmp_path: Path, store: SQLiteStore
) -> None:
    xml = (LEGACY_XML / "NCT00055081.xml").read_bytes().replace(b"NCT00055081", b"../../etc")
    (tmp_path / "forged.xml").write_bytes(xml)
    summary = ingest_paths(store, [tmp_path / "forged.xml"], derivers=[])
    assert store.count_trials() == 0
    assert "NCT followed by 8 digits" in summary.skipped[0].reason


# -- bounded reads ---------------------------------------------------------------


def gzip_of_zeros(path: Path, size: int, *, lines: bool = False) -> Path:
    """A gzip that expands to ``size`` bytes, written as it streams (small on disk)."""
    chunk = (b"0" * 1023 + b"\n") * 1024 if lines else b"0" * (1024 * 1024)
    with gzip.open(path, "wb", compresslevel=9) as sink:
        for _ in range(size // len(chunk)):
            sink.write(chunk)
    return path


def test_a_gzip_that_expands_far_beyond_its_size_is_skipped_with_a_reason(
    tmp_path: Path, store: SQLiteStore
) -> None:
    good = real_lines(2)
    (tmp_path / "a-good.jsonl.gz").write_bytes(gzip.compress(b"\n".join(good)))
    gzip_of_zeros(tmp_path / "bomb.json.gz", 256 * 1024 * 1024)
    gzip_of_zeros(tmp_path / "bomb-lines.jsonl.gz", 256 * 1024 * 1024)
    summary = ingest_paths(store, [tmp_path], derivers=[])
    assert store.count_trials() == 2
    reasons = {item.where: item.reason for item in summary.skipped}
    assert "expands" in reasons[f"{tmp_path}/bomb.json.gz"]
    assert "expands" in reasons[f"{tmp_path}/bomb-lines.jsonl.gz:1"]


def test_zip_members_are_bounded_as_they_stream(tmp_path: Path, store: SQLiteStore) -> None:
    good = real_lines(2)
    gzip_of_zeros(tmp_path / "inner.json.gz", 64 * 1024 * 1024)
    path = tmp_path / "bulk.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("good0.json", good[0])
        archive.write(tmp_path / "inner.json.gz", "inner.json.gz")
        with archive.open("no-newlines.jsonl", "w", force_zip64=True) as member:
            for _ in range(64):
                member.write(b"0" * (1024 * 1024))
        archive.writestr("good1.json", good[1])
    summary = ingest_paths(store, [path], derivers=[])
    assert store.count_trials() == 2
    reasons = {item.where: item.reason for item in summary.skipped}
    assert "expands" in reasons[f"{path}!inner.json.gz"]
    assert "expands" in reasons[f"{path}!no-newlines.jsonl:1"]


def test_a_json_lines_record_without_newline_over_the_record_limit_is_skipped(
    tmp_path: Path, store: SQLiteStore
) -> None:
    good = real_lines(2)
    path = tmp_path / "long.jsonl"
    with path.open("wb") as sink:
        sink.write(good[0] + b"\n")
        sink.write(b'{"x": "' + b"y" * (MAX_RECORD_BYTES + 10) + b'"}\n')
        sink.write(good[1] + b"\n")
    summary = ingest_paths(store, [path], derivers=[])
    assert store.count_trials() == 2
    assert [item.where for item in summary.skipped] == [f"{path}:2"]


def peak_rss_of_child_bytes(
    code: str, tmp_path: Path
) -> tuple[int, subprocess.CompletedProcess[str]]:
    """Run ``code`` in a fresh interpreter; its peak resident memory (Linux: ru_maxrss in KiB)."""
    script = tmp_path / "child.py"
    script.write_text(code)
    runner = textwrap.dedent(
        f"""
        import json, resource, subprocess, sys
        result = subprocess.run([sys.executable, {str(script)!r}], capture_output=True, text=True)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        print(json.dumps({{"peak": peak, "rc": result.returncode, "out": result.stdout,
                           "err": result.stderr[-2000:]}}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", runner],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    report = json.loads(done.stdout)
    return int(report["peak"]), subprocess.CompletedProcess(
        [], report["rc"], report["out"], report["err"]
    )


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in KiB on Linux only")
def test_a_one_gib_gzip_bomb_is_ingested_in_under_300_mb(tmp_path: Path) -> None:
    for name, lines in (("bomb.json.gz", False), ("bomb.jsonl.gz", True)):
        bomb = gzip_of_zeros(tmp_path / name, 1024 * 1024 * 1024, lines=lines)
        assert bomb.stat().st_size < 8 * 1024 * 1024
        code = textwrap.dedent(
            f"""
            from trialfinder.ingest import ingest_paths
            from trialfinder.store.sqlite import SQLiteStore
            store = SQLiteStore({str(tmp_path / (name + ".db"))!r})
            summary = ingest_paths(store, [{str(bomb)!r}], derivers=[])
            print(len(summary.skipped), summary.inserted)
            """
        )
        peak, result = peak_rss_of_child_bytes(code, tmp_path)
        assert result.returncode == 0, result.stderr
        skipped, inserted = map(int, result.stdout.split())
        assert skipped >= 1 and inserted == 0
        assert peak < 300 * 1024 * 1024, f"{name}: peak {peak / 2**20:.0f} MiB"


def test_ingest_of_a_never_ending_device_stops_at_a_bound(tmp_path: Path) -> None:
    result = run_cli("ingest", "/dev/zero", "--format", "json", db=tmp_path / "t.db", timeout=120)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["skipped"] == 1
    assert "limit" in summary["skipped_records"][0]["reason"]


# -- worker processes ----------------------------------------------------------------


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # pid (comm) state ppid ...: comm may hold spaces, so split after the last ")".
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_workers_of_a_parallel_ingest_exit_when_the_parent_is_killed(tmp_path: Path) -> None:
    parent = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "trialfinder",
            "ingest",
            str(V2_STUDIES),
            str(V2_STUDIES),
            "--jobs",
            "2",
            "--batch-size",
            "5",
            "--quiet",
            "--db",
            str(tmp_path / "t.db"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    try:
        deadline = time.monotonic() + 120
        workers: list[int] = []
        while len(workers) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
            workers = children_of(parent.pid)
        assert len(workers) >= 2, "the workers must have started"
    finally:
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    survivors = [pid for pid in workers if alive(pid)]
    for pid in survivors:  # do not leave them behind for the next test
        os.kill(pid, signal.SIGKILL)
    assert survivors == []
