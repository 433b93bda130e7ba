"""A server builds its search tables before it listens (``serve --warm-up``, the default)."""

from __future__ import annotations

import gc
import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import trialfinder.web.app as web_app
from trialfinder.ingest import ingest_paths, sample_paths
from trialfinder.search import build_query, open_store, search, warm_up
from trialfinder.search.index import spelling_corrector
from trialfinder.settings import Settings
from trialfinder.web.app import create_app


@pytest.fixture()
def sample_store_path(tmp_path: Path) -> Path:
    path = tmp_path / "trials.db"
    store = open_store(path)
    try:
        ingest_paths(store, sample_paths(), jobs=1)
    finally:
        store.close()
    return path


def test_warm_up_builds_the_spelling_corrector_and_changes_no_answer(
    sample_store_path: Path,
) -> None:
    store = open_store(sample_store_path)
    try:
        query = build_query(condition="breast cancer", near="Paris, France", within="500km")
        before = search(store, query)
        spelling_corrector.cache_clear()
        warm_up(store)
        assert spelling_corrector.cache_info().currsize == 1
        after = search(store, query)
        assert (after.total, [hit.nct_id for hit in after.hits]) == (
            before.total,
            [hit.nct_id for hit in before.hits],
        )
    finally:
        store.close()


def test_a_warmed_up_app_has_built_and_frozen_its_tables_before_the_first_request(
    sample_store_path: Path,
) -> None:
    spelling_corrector.cache_clear()
    gc.unfreeze()
    app = create_app(Settings(db=str(sample_store_path), warm_up=True))
    try:
        with TestClient(app) as client:  # entering runs the app's start-up
            assert spelling_corrector.cache_info().currsize == 1
            assert gc.get_freeze_count() > 0
            assert client.get("/api/status").status_code == 200
    finally:
        gc.unfreeze()


def test_an_app_made_in_process_does_not_warm_up_unless_asked(sample_store_path: Path) -> None:
    assert Settings(db=str(sample_store_path)).warm_up is False
    assert Settings.read({}, db=str(sample_store_path)).warm_up is False


def test_a_failed_warm_up_is_logged_and_the_server_still_answers(
    sample_store_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def database_not_ready(store: object) -> None:
        raise RuntimeError("the database is starting up")

    monkeypatch.setattr(web_app, "warm_up", database_not_ready)
    app = create_app(Settings(db=str(sample_store_path), warm_up=True))
    try:
        with caplog.at_level(logging.WARNING, logger="trialfinder.web"), TestClient(app) as client:
            assert client.get("/api/status").status_code == 200
    finally:
        gc.unfreeze()
    assert "search warm-up failed (the database is starting up)" in caplog.text
