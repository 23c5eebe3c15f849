"""The Dask path on a LocalCluster with two worker processes equals the local batch row for row."""

from __future__ import annotations

from pathlib import Path

import dask
import pandas as pd
import pytest

import reportmine
import reportmine.dask
from messy_archive import build

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.slow


def test_dask_on_a_local_cluster_equals_the_local_batch(tmp_path: Path) -> None:
    archive = build(tmp_path / "archive")
    local_metrics, local_documents = reportmine.extract_files(archive.root, jobs=1, progress=False)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        metrics, documents = reportmine.dask.extract(archive.root, partition_size=4)
        assert documents.npartitions > 1
        got_metrics, got_documents = dask.compute(metrics, documents)
    for got, want in [(got_metrics, local_metrics), (got_documents, local_documents)]:
        pd.testing.assert_frame_equal(got.reset_index(drop=True), want)


def test_fsspec_urls_read_like_local_paths(tmp_path: Path) -> None:
    fsspec = pytest.importorskip("fsspec")
    archive = build(tmp_path / "archive")
    _, local = reportmine.extract_files(archive.root / "gbk", jobs=0, progress=False)
    memory = fsspec.filesystem("memory")
    for name in ("rare.txt", "report.txt"):
        memory.pipe(f"/reports/gbk/{name}", (archive.root / "gbk" / name).read_bytes())
    _, remote = dask.compute(*reportmine.dask.extract("memory://reports/gbk"), scheduler="sync")
    remote = remote.reset_index(drop=True)
    assert list(remote["doc_id"]) == list(local["doc_id"])
    assert list(remote["path"]) == [
        "memory:///reports/gbk/rare.txt",
        "memory:///reports/gbk/report.txt",
    ]
    cols = ["encoding", "n_chars", "n_metrics", "status", "title"]
    pd.testing.assert_frame_equal(remote[cols], local[cols])


def test_the_time_limit_applies_on_the_dask_path(tmp_path: Path) -> None:
    archive = build(tmp_path / "archive")
    _, documents = dask.compute(
        *reportmine.dask.extract(archive.root / "gbk", timeout=0.001), scheduler="threads"
    )
    assert len(documents) == 2
    for row in documents.to_dict("records"):
        said = f"{row['error']} {row['note']}"
        assert "time limit of 0.001 s" in said, row
    _, unlimited = dask.compute(
        *reportmine.dask.extract(archive.root / "gbk", timeout=None), scheduler="threads"
    )
    assert set(unlimited["status"]) == {"ok"} and unlimited["note"].isna().all()
