"""`cleantext dataset --engine ray` on a local Ray cluster (offline): the same rows as the local
engine, file by file, row by row."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from cleantext.cli import main

from .conftest import ROOT
from .test_dataset import edge_rows, expected, read_jsonl, small_rows, write_jsonl

ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def cluster() -> Iterator[None]:
    """One local Ray for the module (starting one takes seconds), offline."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             runtime_env={"env_vars": {"PYTHONPATH": str(ROOT)}})
    yield
    ray.shutdown()


def outputs(folder: Path) -> dict[str, list[dict[str, Any]]]:
    """Each output file's rows, by name."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if name.endswith(".parquet"):
            rows[name] = pq.read_table(path).to_pylist(maps_as_pydicts="strict")
        elif name.endswith((".jsonl", ".jsonl.gz", ".jsonl.zst")):
            rows[name] = read_jsonl(path)
    return rows


def test_ray_and_local_engines_write_the_same_rows(cluster: None, tmp_path: Path,
                                                   capsys: Any) -> None:
    src = tmp_path / "in"
    (src / "part").mkdir(parents=True)
    write_jsonl(src / "edge.jsonl", edge_rows())
    write_jsonl(src / "part" / "small.jsonl.gz", small_rows())
    write_jsonl(src / "part" / "small.jsonl.zst", small_rows()[:4])
    common = ["dataset", str(src), "--ruleset", "zh-hans", "--stats"]
    assert main([*common, str(tmp_path / "local"), "--engine", "local", "-j", "2"]) == 0
    assert main([*common, str(tmp_path / "ray"), "--engine", "ray"]) == 0
    local, remote = outputs(tmp_path / "local"), outputs(tmp_path / "ray")
    assert list(local) == ["edge.jsonl", "part/small.jsonl.gz", "part/small.jsonl.zst"]
    for name in local:
        assert len(local[name]) == len(remote[name])
        for a, b in zip(local[name], remote[name]):
            assert a == b, name
    without_stats = [{k: v for k, v in row.items() if k != "cleantext_stats"}
                     for row in local["edge.jsonl"]]
    assert without_stats == expected(edge_rows(), "zh-hans")
    manifest = json.loads((tmp_path / "ray" / "edge.jsonl.cleantext.json").read_text())
    assert manifest["rows"] == len(edge_rows()) and manifest["ruleset"] == "zh-hans"
    capsys.readouterr()
    assert main([*common, str(tmp_path / "ray"), "--engine", "ray", "--resume"]) == 0
    assert "0 files written, 3 complete already" in capsys.readouterr().err


def test_ray_engine_lists_a_failed_file_and_exits_3(cluster: None, tmp_path: Path,
                                                    capsys: Any) -> None:
    (tmp_path / "in").mkdir()
    write_jsonl(tmp_path / "in" / "good.jsonl", small_rows()[:2])
    (tmp_path / "in" / "bad.jsonl").write_text('{"text": 1}\n{', encoding="utf-8")
    assert main(["dataset", str(tmp_path / "in"), str(tmp_path / "out"), "--engine", "ray"]) == 3
    assert "bad.jsonl:2: invalid JSON" in capsys.readouterr().err
    failed = (tmp_path / "out" / "_cleantext_failed.jsonl").read_text()
    assert "bad.jsonl" in failed and "good.jsonl" not in failed
    assert len(read_jsonl(tmp_path / "out" / "good.jsonl")) == 2


def test_batch_cleaner_runs_as_ray_data_map_batches(cluster: None) -> None:
    data = pytest.importorskip("ray.data")
    from cleantext.dataset import BatchCleaner

    texts = ["開發區 ,2025 年", None, "在 2025 年,创新"]
    dataset = data.from_items([{"text": t, "id": i} for i, t in enumerate(texts)])
    rows = dataset.map_batches(BatchCleaner("text", "zh-hans"), batch_format="pyarrow",
                               concurrency=1).take_all()
    from cleantext import clean

    assert sorted((r["id"], r["text"]) for r in rows) == \
        [(i, None if t is None else clean(t, "zh-hans")) for i, t in enumerate(texts)]


def _dies_the_first_time(marker: str) -> Any:
    """A configuration loader whose first call kills its process, as a lost node would."""
    from cleantext.config import load_config

    if not os.path.exists(marker):
        open(marker, "w").close()
        os._exit(1)
    return load_config(None)


def test_a_task_whose_worker_dies_is_retried(cluster: None, tmp_path: Path) -> None:
    import sys
    from functools import partial

    from cleantext.dataset.jobs import WRITTEN, Settings, plan
    from cleantext.dataset.ray import RayEngine

    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import tests
    write_jsonl(tmp_path / "a.jsonl", [{"text": "中 ,文"}])
    jobs = plan([str(tmp_path / "a.jsonl")], str(tmp_path / "out"), None)
    engine = RayEngine(partial(_dies_the_first_time, str(tmp_path / "died")), Settings(), None)
    outcomes = list(engine.run(jobs))
    assert (tmp_path / "died").exists()
    assert [o.status for o in outcomes] == [WRITTEN]
    assert read_jsonl(tmp_path / "out" / "a.jsonl")[0]["text"] == "中，文\n"
