"""`cleantext dataset`: every row comes out, the text column is `clean()` of each input, other
columns are kept, every format round-trips, and a failed run resumes where it stopped."""

from __future__ import annotations

import gzip
import json
import os
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

import cleantext
from cleantext.cli import main
from cleantext.dataset import clean_batch

TRADITIONAL = "開發區的經濟發展，與 2025 年的計劃\n相關。"


def edge_rows() -> list[dict[str, Any]]:
    """Documents a corpus throws at a cleaner, each with other fields to keep."""
    texts: list[Any] = [
        "在 2025 年,创新\n之城",
        None,
        42,
        "",
        "孤\ud800立的代理项 ,在这里",
        ("北京 ,2025 年的报道\n继续写下去。\n\n" * 20_000)[: 1 << 20],  # about 1 MB
        TRADITIONAL,
        ["a", "list"],
    ]
    return [{"id": i, "text": text, "meta": {"n": i * 1.5, "tags": ["x", str(i)]}, "z": i % 2 == 0}
            for i, text in enumerate(texts)]


def small_rows() -> list[dict[str, Any]]:
    """The edge documents without the 1 MB one."""
    return [row for row in edge_rows() if row["id"] != 5]


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    data = "".join(json.dumps(row) + "\n" for row in rows).encode("ascii")
    if path.name.endswith(".gz"):
        data = gzip.compress(data)
    elif path.name.endswith(".zst"):
        data = zstandard.ZstdCompressor().compress(data)
    path.write_bytes(data)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    elif path.name.endswith(".zst"):
        data = zstandard.ZstdDecompressor().stream_reader(data).read()
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def run(*args: str | Path) -> int:
    return main(["dataset", *map(str, args)])


def expected(rows: list[dict[str, Any]], ruleset: str = "default") -> list[dict[str, Any]]:
    """What the output must be: each string cleaned by `clean()`, the rest as it was."""
    out = []
    for row in rows:
        text = row.get("text")
        error = None if text is None or isinstance(text, str) else \
            f"not a string: {type(text).__name__}"
        cleaned = cleantext.clean(text, ruleset) if isinstance(text, str) else text
        out.append({**row, "text": cleaned, "cleantext_error": error})
    return out


@pytest.mark.parametrize("name", ["c.jsonl", "c.jsonl.gz", "c.jsonl.zst"])
def test_jsonl_rows_are_clean_of_each_input_and_keep_other_fields(tmp_path: Path,
                                                                   name: str) -> None:
    rows = edge_rows() if name == "c.jsonl" else small_rows()  # 1 MB once is enough
    write_jsonl(tmp_path / name, rows)
    assert run(tmp_path / name, tmp_path / "out", "--ruleset", "zh-hans", "-j", "2") == 0
    got = read_jsonl(tmp_path / "out" / name)
    assert got == expected(rows, "zh-hans")
    assert got[-2]["text"].startswith("开发区的经济发展，与2025年的计划相关。")
    assert list(got[0]) == ["id", "text", "meta", "z", "cleantext_error"]
    manifest = json.loads((tmp_path / "out" / (name + ".cleantext.json")).read_text())
    assert manifest["ruleset"] == "zh-hans" and "opencc-t2s" in manifest["rules"]
    assert (manifest["rows"], manifest["errors"]) == (len(rows), 2)


def test_parquet_round_trip_keeps_types_metadata_and_other_columns(tmp_path: Path) -> None:
    texts = [row["text"] for row in small_rows() if row["text"] is None or
             isinstance(row["text"], str) and "\ud800" not in row["text"]]
    table = pa.table({"text": pa.array(texts, pa.large_string()),
                      "n": pa.array(range(len(texts)), pa.int16()),
                      "when": pa.array([None] * len(texts), pa.timestamp("ms"))})
    table = table.replace_schema_metadata({"source": "crawl-7"})
    pq.write_table(table, tmp_path / "p.parquet", row_group_size=2)
    assert run(tmp_path / "p.parquet", tmp_path / "out", "--batch-size", "3", "--stats") == 0
    out = pq.read_table(tmp_path / "out" / "p.parquet")
    assert out.column("text").to_pylist() == [None if t is None else cleantext.clean(t)
                                              for t in texts]
    assert out.schema.field("text").type == pa.large_string()
    assert out.select(["n", "when"]).equals(table.select(["n", "when"]))
    assert out.schema.metadata[b"source"] == b"crawl-7"
    assert json.loads(out.schema.metadata[b"cleantext"])["options"]["stats"] is True
    stats = out.column("cleantext_stats").to_pylist(maps_as_pydicts="strict")
    assert stats[0] == dict(cleantext.clean_result(texts[0]).counts()) and stats[1] is None


def test_formats_convert_both_ways(tmp_path: Path) -> None:
    rows = small_rows()
    (tmp_path / "in" / "sub").mkdir(parents=True)
    write_jsonl(tmp_path / "in" / "sub" / "c.jsonl.gz", rows)
    assert run(tmp_path / "in", tmp_path / "pq", "--out-format", "parquet") == 0
    table = pq.read_table(tmp_path / "pq" / "sub" / "c.parquet")
    assert table.schema.names == ["id", "text", "meta", "z", "cleantext_error"]
    errors = table.column("cleantext_error").to_pylist()
    assert errors[2] == "not a string: int" and "surrogate" in errors[4] and errors[6]
    assert run(tmp_path / "pq", tmp_path / "back", "--out-format", "jsonl") == 0
    back = read_jsonl(tmp_path / "back" / "sub" / "c.jsonl")
    want = expected(rows)
    for got, row in zip(back, want):
        if row["cleantext_error"] is None and "\ud800" not in (row["text"] or ""):
            assert got == row
        else:  # Parquet holds no int or lone surrogate in a text column: null (said above)
            assert got["text"] is None and got["id"] == row["id"]


def test_dict_and_table_batches_give_the_same_rows() -> None:
    texts = ["中 ,文", None, "孤\ud800", "x"]
    by_dict = clean_batch({"text": texts, "k": [1, 2, 3, 4]})
    assert by_dict["text"] == [cleantext.clean("中 ,文"), None, cleantext.clean("孤\ud800"), "x\n"]
    table = clean_batch(pa.table({"text": ["中 ,文", None], "k": [1, 2]}))
    assert table.to_pydict() == {"text": ["中，文\n", None], "k": [1, 2],
                                 "cleantext_error": [None, None]}
    ints = clean_batch(pa.table({"text": [1, None]}))
    assert ints.column("text").to_pylist() == [1, None]
    assert ints.column("cleantext_error").to_pylist() == ["not a string: int", None]
    again = clean_batch(table)  # cleaning cleaned output: same rows, one error column
    assert again.equals(table)


def test_resume_after_a_failed_file_redoes_only_what_is_missing(tmp_path: Path,
                                                                capsys: Any) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name in ["a.jsonl", "b.jsonl.zst", "d.jsonl"]:
        write_jsonl(src / name, edge_rows()[:3])
    (src / "c.jsonl").write_text('{"text": "好"}\n{"text": "坏"\n', encoding="utf-8")
    out.mkdir()
    stale = out / ".cleantext-tmp-999999999-x"  # left by a killed run
    stale.write_text("partial")
    assert run(src, out) == 3
    err = capsys.readouterr().err
    assert f"{src / 'c.jsonl'}:2: invalid JSON" in err and "Traceback" not in err
    failed = [json.loads(line) for line in (out / "_cleantext_failed.jsonl").read_text()
              .splitlines()]
    assert [f["input"] for f in failed] == [str(src / "c.jsonl")]
    assert not (out / "c.jsonl").exists() and not stale.exists()
    assert sorted(p.name for p in out.iterdir() if not p.name.endswith(".json")) == \
        ["_cleantext_failed.jsonl", "a.jsonl", "b.jsonl.zst", "d.jsonl"]
    (out / "d.jsonl").unlink()  # an output lost
    before = {p.name: os.stat(p).st_mtime_ns for p in out.iterdir()}
    (src / "c.jsonl").write_text('{"text": "好"}\n{"text": "坏"}\n', encoding="utf-8")
    assert run(src, out, "--resume") == 0
    assert "2 files written, 2 complete already (skipped), 0 failed" in capsys.readouterr().err
    after = {p.name: os.stat(p).st_mtime_ns for p in out.iterdir()}
    for name in ["a.jsonl", "b.jsonl.zst", "a.jsonl.cleantext.json"]:
        assert after[name] == before[name], name
    assert "c.jsonl" in after and "d.jsonl" in after and "_cleantext_failed.jsonl" not in after
    assert run(src, out, "--resume", "--ruleset", "zh-hans") == 0  # other rules: all redone
    assert "4 files written, 0 failed" in capsys.readouterr().err


@pytest.mark.parametrize(("args", "message"), [
    (["only-one"], "at least one input and the output folder"),
    (["missing.jsonl", "out"], "missing.jsonl: no such file or folder"),
    (["notes.txt", "out"], "notes.txt: not a corpus file"),
    (["in", "in"], "OUT is this input folder"),
    (["in", "out", "--address", "auto"], "--address is for --engine ray"),
    (["in", "out", "--select", "nope"], "no rule with id 'nope'"),
])
def test_usage_errors_exit_2_on_one_line(tmp_path: Path, capsys: Any, monkeypatch: Any,
                                         args: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "notes.txt").write_text("x")
    write_jsonl(tmp_path / "in" / "a.jsonl", [{"text": "x"}])
    assert run(*args) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(("content", "message"), [
    (b'{"text": "x"}\n\xff\xfe\n', "bad.jsonl:2: not UTF-8: invalid byte 0xff"),
    (b'[1, 2]\n', "bad.jsonl:1: not a JSON object"),
])
def test_a_bad_file_fails_alone_with_its_name_and_line(tmp_path: Path, capsys: Any,
                                                       content: bytes, message: str) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.jsonl").write_bytes(content)
    write_jsonl(tmp_path / "in" / "good.jsonl", [{"text": "x"}])
    assert run(tmp_path / "in", tmp_path / "out") == 3
    assert message in capsys.readouterr().err
    assert read_jsonl(tmp_path / "out" / "good.jsonl") == [{"text": "x\n",
                                                            "cleantext_error": None}]
    assert not (tmp_path / "out" / "bad.jsonl").exists()


def test_a_parquet_file_without_the_column_fails(tmp_path: Path, capsys: Any) -> None:
    pq.write_table(pa.table({"body": ["x"]}), tmp_path / "p.parquet")
    assert run(tmp_path / "p.parquet", tmp_path / "out") == 3
    assert "p.parquet: no column 'text' (columns: body)" in capsys.readouterr().err
    assert run(tmp_path / "p.parquet", tmp_path / "out", "--field", "body") == 0


def test_datatrove_step_cleans_documents_and_records_errors() -> None:
    pytest.importorskip("datatrove")
    from datatrove.data import Document

    from cleantext.dataset.datatrove import CleantextFormatter

    step = CleantextFormatter("zh-hans", stats=True)
    docs = list(step([Document(text=TRADITIONAL, id="1")]))
    assert docs[0].text == cleantext.clean(TRADITIONAL, "zh-hans")
    assert docs[0].metadata["cleantext_stats"]["opencc-t2s"] > 0


def test_ray_engine_without_ray_says_how_to_install_it(tmp_path: Path, capsys: Any,
                                                       monkeypatch: Any) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray fails as when not installed
    write_jsonl(tmp_path / "a.jsonl", [{"text": "x"}])
    assert run(tmp_path / "a.jsonl", tmp_path / "out", "--engine", "ray") == 2
    assert "pip install 'cleantext[ray]'" in capsys.readouterr().err


def test_a_killed_worker_fails_its_file_and_the_next_file_gets_new_workers(
        tmp_path: Path, capsys: Any, monkeypatch: Any) -> None:
    from concurrent.futures.process import BrokenProcessPool

    from cleantext.dataset import local

    real = local._in_order
    calls = []

    def dies_once(*args: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise BrokenProcessPool("killed")
        return real(*args)

    monkeypatch.setattr(local, "_in_order", dies_once)
    (tmp_path / "in").mkdir()
    for name in ("a.jsonl", "b.jsonl"):
        write_jsonl(tmp_path / "in" / name, [{"text": "中 ,文"}])
    assert run(tmp_path / "in", tmp_path / "out", "-j", "2") == 3
    assert "a.jsonl: a worker process died" in capsys.readouterr().err
    assert read_jsonl(tmp_path / "out" / "b.jsonl")[0]["text"] == "中，文\n"


def test_outputs_go_through_fsspec_urls() -> None:
    fsspec = pytest.importorskip("fsspec")
    memory = fsspec.filesystem("memory")
    memory.pipe("/corpus/in/a.jsonl", b'{"text": "\\u4e2d ,\\u6587", "n": 1}\n')
    assert run("memory://corpus/in", "memory://corpus/out", "--out-format", "parquet") == 0
    with memory.open("/corpus/out/a.parquet", "rb") as stream:
        assert pq.read_table(stream).to_pylist() == [{"text": "中，文\n", "n": 1,
                                                      "cleantext_error": None}]
    assert not [p for p in memory.find("/corpus/out") if ".cleantext-tmp" in p]


def test_workers_taking_whole_files_write_what_one_process_writes(tmp_path: Path,
                                                                  capsys: Any) -> None:
    (tmp_path / "in").mkdir()
    for index in range(4):  # two files per worker: each worker takes whole files
        write_jsonl(tmp_path / "in" / f"{index}.jsonl.gz", small_rows()[index:])
    pq.write_table(pa.table({"text": ["中 ,文", None]}), tmp_path / "in" / "p.parquet")
    assert run(tmp_path / "in", tmp_path / "one", "-j", "1", "--stats") == 0
    assert run(tmp_path / "in", tmp_path / "two", "-j", "2", "--stats") == 0
    assert capsys.readouterr().err.count("5 files written, 0 failed; 24 rows, 7 with") == 2
    for name in ["0.jsonl.gz", "3.jsonl.gz", "p.parquet", "3.jsonl.gz.cleantext.json"]:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
