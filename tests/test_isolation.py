"""Uploads are read in worker processes within a time and memory budget (lib/intake/isolation.py):
a file that costs too much is refused with its own message, the other files of the upload import,
and results keep the order of the files."""

from __future__ import annotations

import threading
import tracemalloc

import pytest

from lib import domain
from lib.demo import samples
from lib.i18n import LANGUAGES
from lib.intake import imports, isolation
from lib.intake import reading as ingest
from lib.store.services import Profile, create_service
from tests.test_ingest import CORPUS

D = domain.load()
CTX = ingest.context(D)
PERIOD, WORKERS, _ = samples.load_content()


def _big_batch_csv(rows_wanted: int = 24_000) -> bytes:
    """A valid batch CSV near the row limit: ~2 s to read, a few hundred MB of Python objects."""
    lines = samples.batch_csv(D, [WORKERS[2]], PERIOD).decode("cp1257").strip().split("\r\n")
    out, n = [lines[0]], 0
    while len(out) < rows_wanted:
        n += 1
        out += [line.replace("SD03", f"X{n:05d}", 1) for line in lines[1:]]
    return ("\r\n".join(out) + "\r\n").encode("cp1257")


def _small() -> tuple[str, bytes]:
    return "SD01.xlsx", samples.workload_xlsx(D, WORKERS[0], PERIOD)


@pytest.mark.parametrize("name", ["long_line.csv", "long_line_256k.csv"])
def test_one_long_line_is_refused_as_too_wide_and_the_reader_stays_linear(name):
    data = (CORPUS / name).read_bytes()
    tracemalloc.start()
    parsed = ingest.parse_upload(name, data, CTX)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [p.key for p in parsed.errors] == ["sheet_too_large"]
    assert dict(parsed.errors[0].params)["columns"] > ingest.MAX_COLUMNS
    assert peak < 40 * len(data) + 2**20  # one pass: memory in proportion to the file, no copies per separator


def test_separator_guess_counts_outside_quotes_only():
    assert ingest._delimiter('"a;b;c;d",x,y\n') == ","
    assert ingest._delimiter("a\tb\tc;d\n") == "\t"
    assert ingest._delimiter("") == ";"


def test_a_file_over_the_time_budget_is_refused_and_the_rest_of_the_upload_imports():
    files = [("slow.csv", _big_batch_csv()), _small(), ("slow_again.csv", _big_batch_csv()), _small()]
    out = list(isolation.parse_isolated(files, CTX, isolation.Budget(seconds=0.1)))
    assert [p.name for p in out] == [name for name, _ in files]
    assert [p.errors[0].key if p.errors else None for p in out] == ["too_slow", None, "too_slow", None]
    for lang in LANGUAGES:
        assert "0,1 s" in out[0].errors[0].message("lv") and "0.1 s" in out[0].errors[0].message("en")
        assert out[0].errors[0].message(lang)


def test_a_file_over_the_memory_budget_is_refused_and_the_next_worker_is_fresh():
    files = [("big.csv", _big_batch_csv()), _small(), _small()]
    out = list(isolation.parse_isolated(files, CTX, isolation.Budget(memory_bytes=240 * 2**20)))
    # Python reports the MemoryError, or dies of it while reporting: either way the file is refused
    assert out[0].errors[0].key in {"over_memory", "reader_crashed"}
    assert not out[1].errors and not out[2].errors
    assert len(out[1].forms) == 1


def test_the_default_budget_reads_a_large_valid_file():
    [parsed] = isolation.parse_isolated([("big.csv", _big_batch_csv())], CTX)
    assert parsed.ok and len(parsed.forms) > 1000


def test_upload_limits():
    many = [_small()] * (imports.MAX_FILES + 1)
    assert imports.over_limits(many) == "upload.limit.files"
    heavy = [("a.csv", b"x" * (imports.MAX_UPLOAD_BYTES // 2 + 1))] * 2
    assert imports.over_limits(heavy) == "upload.limit.bytes"
    assert imports.over_limits([_small()]) is None


def test_the_same_file_uploaded_twice_at_once_is_stored_once_and_reported_as_a_duplicate(con):
    sid = create_service(con, Profile("Dienests"))
    results: list = []
    start = threading.Barrier(2)

    def upload() -> None:
        start.wait()
        results.extend(imports.process(con, sid, [_small()], CTX, "lietotājs"))

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(o.status for o in results) == [imports.DUPLICATE, imports.IMPORTED]
    assert con.execute("SELECT count(*) FROM imports WHERE service_id = ?", [sid]).fetchone()[0] == 1
    assert not [p for o in results for p in o.parsed.problems]
