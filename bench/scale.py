"""Benchmark corpora at registry sizes, built from the real records of ``../shared/data``.

Two corpora (``study_lines(corpus, count)``):

- ``registry`` (``bench/registry_corpus.py``): fields of different real records
  from every source mixed into each study, statuses, site counts and dates drawn
  from the real distributions, and a vocabulary that grows with corpus size as
  Heaps' law fitted on the real records says; none of its text is in the zstd
  dictionary's training half. The corpus the size and speed targets are judged on.
- ``typical`` (below, the corpus of the earlier benchmarks, kept for comparison):
  the 228 API v2 records copied round-robin. Its vocabulary stops growing at 228
  studies and the store's dictionary was trained on the same studies, so its
  store sizes are optimistic.

Typical copies get new NCT ids and lightly perturbed text, site coordinates and dates so
that indexes see realistic variety rather than one study repeated verbatim.

Site lists: 208 of the 228 shared records come from a crawl of multinational
trials and average about 100 sites each, far more than a typical registry study
(most list one site). By default each copy keeps a random subset of its sites,
drawn so that about 60% of copies list one site and the mean is about 6;
``heavy=True`` keeps every site (a worst case for geo search and store size).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import msgspec

from registry_corpus import RegistryCorpus

__all__ = ["CORPORA", "REAL_STUDIES", "real_study_lines", "scaled_study_lines", "study_lines"]

CORPORA = ("registry", "typical", "heavy")

REAL_STUDIES = (
    Path(__file__).resolve().parent.parent.parent / "shared/data/ctgov_v2/studies_v2.jsonl"
)

_WORDS = (
    "phase",
    "pilot",
    "extension",
    "cohort",
    "registry",
    "adjuvant",
    "open-label",
    "follow-up",
)


def real_study_lines(path: Path = REAL_STUDIES) -> list[bytes]:
    """The real API v2 studies, one JSON document per line."""
    return [line for line in path.read_bytes().splitlines() if line.strip()]


def _site_count(available: int, rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.60:
        wanted = 1
    elif roll < 0.85:
        wanted = rng.randint(2, 5)
    elif roll < 0.95:
        wanted = rng.randint(6, 20)
    else:
        wanted = rng.randint(21, 100)
    return min(available, wanted)


def _perturb(document: dict[str, object], index: int, rng: random.Random, heavy: bool) -> None:
    protocol = document["protocolSection"]
    assert isinstance(protocol, dict)
    identification = protocol["identificationModule"]
    identification["nctId"] = f"NCT{90_000_000 + index:08d}"
    title = identification.get("briefTitle") or ""
    identification["briefTitle"] = f"{title} ({rng.choice(_WORDS)} {index})"
    status = protocol.get("statusModule") or {}
    year = rng.randint(2005, 2026)
    status["lastUpdatePostDateStruct"] = {
        "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "type": "ACTUAL",
    }
    protocol["statusModule"] = status
    contacts = protocol.get("contactsLocationsModule") or {}
    locations = contacts.get("locations") or []
    if not heavy and locations:
        locations = rng.sample(locations, _site_count(len(locations), rng))
        contacts["locations"] = locations
    for location in locations:
        point = location.get("geoPoint")
        if isinstance(point, dict) and "lat" in point and "lon" in point:
            point["lat"] = max(-89.9, min(89.9, point["lat"] + rng.uniform(-0.5, 0.5)))
            point["lon"] = max(-179.9, min(179.9, point["lon"] + rng.uniform(-0.5, 0.5)))


def scaled_study_lines(count: int, seed: int = 7, heavy: bool = False) -> Iterator[bytes]:
    """``count`` API v2 study lines built from the real records (same mix, new ids)."""
    rng = random.Random(seed)
    originals = [msgspec.json.decode(line) for line in real_study_lines()]
    originals = [doc for doc in originals if isinstance(doc.get("protocolSection"), dict)]
    for index in range(count):
        document = msgspec.json.decode(msgspec.json.encode(originals[index % len(originals)]))
        _perturb(document, index, rng, heavy)
        yield msgspec.json.encode(document)


@cache
def _registry_corpus() -> RegistryCorpus:
    return RegistryCorpus()


def study_lines(corpus: str, count: int, seed: int = 7) -> Iterator[bytes]:
    """``count`` API v2 study lines of the named corpus (one of :data:`CORPORA`).

    ``heavy`` is the typical corpus with every site of every copied study kept.
    """
    if corpus == "registry":
        return _registry_corpus().study_lines(count, seed=seed)
    if corpus in ("typical", "heavy"):
        return scaled_study_lines(count, seed=seed, heavy=corpus == "heavy")
    raise ValueError(f"unknown corpus {corpus!r}; one of {', '.join(CORPORA)}")
