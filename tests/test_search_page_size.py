"""What a search says besides its hits (total, facets, whether some trials match only part
of the text) is the same whatever the page size and whichever page is asked: a face showing
"33 trials" on a page of 10 and "127 trials" on a page of 100 for the same words, or a total
that grows when the fourth page of 10 is asked, contradicts itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest

from trialfinder import Store, build_query, open_store
from trialfinder import search_trials as search

# Texts of several concepts whose full matches fill a page of 10 but not one of 100, so
# trials matching only part of them follow on the larger page (found on bench/fresh2, fresh10
# and fresh16 queries, and the plainest: "breast cancer").
TEXTS = (
    "breast cancer",
    "men with breast cancer",
    "my breast cancer has come back",
    "lung cancer with EGFR mutation",
)


@pytest.fixture(scope="module")
def store(loaded_store_path: Path) -> Iterator[Store]:
    opened = open_store(loaded_store_path)
    yield opened
    opened.close()


def _besides_the_hits(result: object) -> dict[str, object]:
    shown = msgspec.to_builtins(result)
    return {key: value for key, value in shown.items() if key not in {"hits", "next_page_token"}}


@pytest.mark.parametrize("text", TEXTS)
def test_total_facets_and_match_mode_do_not_depend_on_the_page_size(
    store: Store, text: str
) -> None:
    small = search(store, build_query(text, limit=10))
    large = search(store, build_query(text, limit=100))
    assert [hit.nct_id for hit in large.hits[:10]] == [hit.nct_id for hit in small.hits]
    assert _besides_the_hits(small) == _besides_the_hits(large)
    assert small.to_api_dict()["total"] == large.to_api_dict()["total"]


@pytest.mark.parametrize("text", TEXTS)
def test_every_page_of_a_query_says_the_same_total(store: Store, text: str) -> None:
    first = search(store, build_query(text, limit=10))
    assert first.match_mode == "partial" and first.complete_matches is not None
    query = build_query(text, limit=10)
    later = search(store, msgspec.structs.replace(query, offset=first.complete_matches))
    assert _besides_the_hits(later) == _besides_the_hits(first)
