"""A registry-like benchmark corpus: real text from every source, mixed, with a growing vocabulary.

Every generated API v2 study is assembled from parts of different real studies
of ``../shared/data`` (API v2 records, legacy XML records exported to the API v2
shape, and the Chia and LCT eligibility-criteria texts):

- its titles, conditions and keywords come from one record, its summary and
  description from another, its interventions, arm groups and outcomes from a
  third, its criteria text from any source (API v2, XML, Chia or LCT), sex and
  age limits, sponsor and contacts from others still; so text field lengths
  follow the real records' distributions;
- its status, phases, study type, design, enrollment, dates and its number of
  sites come together from one *profile* record, drawn from the real records that
  no crawl selected (see ``unbiased`` below); dates are shifted by up to half a
  year so that they are not 50 repeated values; sites are real sites (with their
  coordinates) drawn from the pooled site lists;
- new words are added at the rate Heaps' law, fitted on the real records
  (``bench/heaps.py``), predicts: once the corpus holds n words, it holds
  K * n**beta distinct ones. Mixing real text supplies words until its vocabulary
  is used up; beyond that each study receives the deficit as new words
  synthesised by recombining real ones (the start of one word, the end of
  another, so they look like registry words: drug names, compounds, codes),
  inserted at random places of its title, summary or criteria in proportion to
  their length. Each study also reuses as many earlier synthesised words
  (earlier ones more often), since real rare words recur.
- sub-documents taken whole (modules, sites, results) are encoded to JSON once
  (``msgspec.Raw``), so a study costs little more than the bytes it copies.

Only studies outside the zstd dictionary's training half
(:func:`trialfinder.in_dictionary_training_half`) are used, so the store size
measured on this corpus is not flattered by a dictionary that saw its text. (The
one exception is the material of synthesised words: fragments of any real word,
and no real word is ever produced whole.)

``unbiased``: 208 of the 228 API v2 records come from a crawl of recruiting,
multinational trials with an Indian site (~100 sites each, 92% RECRUITING), a
selection no registry-wide distribution has. Statuses, phases, dates and site
counts are therefore drawn from the other records (the AACT fixtures, the other
API v2 samples and the 65 legacy XML records); their text is used like any other.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from heaps import HeapsFit, arms_text, description_text, fit_heaps, study_text, topic_text, words
from trialfinder import export_study, in_dictionary_training_half, iter_records

__all__ = ["RegistryCorpus", "real_documents"]

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
V2_STUDIES = SHARED_DATA / "ctgov_v2" / "studies_v2.jsonl"
V2_MANIFEST = SHARED_DATA / "ctgov_v2" / "studies_v2_manifest.tsv"
XML_STUDIES = SHARED_DATA / "ctgov_legacy_xml" / "sample"
CHIA = SHARED_DATA / "chia" / "chia_without_scope"
LCT = SHARED_DATA / "lct" / "leaf_clinical_trials"
SELECTED_BY_CRAWL = "DhanasaiBontu/clinical_trial_matchers"

JsonObject = dict[str, Any]


def _nct_id(document: JsonObject) -> str:
    return str(document["protocolSection"]["identificationModule"]["nctId"])


def real_documents() -> list[JsonObject]:
    """Every real study as an API v2 document: the API v2 records, then the XML records."""
    documents = [msgspec.json.decode(line) for line in V2_STUDIES.read_bytes().splitlines()]
    documents = [doc for doc in documents if isinstance(doc.get("protocolSection"), dict)]
    documents += [export_study(r.trial) for r in iter_records([XML_STUDIES]) if r.trial]
    return documents


def _crawled_ids() -> set[str]:
    rows = [line.split("\t") for line in V2_MANIFEST.read_text().splitlines()[1:]]
    return {row[0] for row in rows if row[1] == SELECTED_BY_CRAWL}


def _criteria_texts() -> list[str]:
    """Chia (inclusion and exclusion files) and LCT criteria, laid out as the registry does."""
    texts = []
    for inclusion in sorted(CHIA.glob("NCT*_inc.txt")):
        nct_id = inclusion.name[:11]
        if in_dictionary_training_half(nct_id):
            continue
        exclusion = inclusion.with_name(f"{nct_id}_exc.txt")
        sections = [("Inclusion Criteria", inclusion), ("Exclusion Criteria", exclusion)]
        parts = []
        for heading, path in sections:
            lines = [line.strip() for line in path.read_text().splitlines() if line.strip()]
            if lines:
                parts.append(f"{heading}:\n\n" + "\n".join(f"* {line}" for line in lines))
        texts.append("\n\n".join(parts))
    texts += [
        path.read_text()
        for path in sorted(LCT.rglob("NCT*.txt"))
        if not in_dictionary_training_half(path.stem)
    ]
    return [text for text in texts if text.strip()]


@dataclass(frozen=True)
class _Part:
    """A piece of a real study, with the words it contributes."""

    value: Any
    tokens: int
    vocabulary: frozenset[str]


def _part(value: Any, text: str) -> _Part:
    tokens = words(text)
    return _Part(value, len(tokens), frozenset(tokens))


class _WordSynthesizer:
    """New words by recombining real ones: the start of one word and the end of another.

    "pembrolizumab" + "dupilumab" -> "pembrolilumab": the results look like
    registry words (drug names, compounds, codes with digits) and are cheap to
    make, which matters at 5,000 studies a second.
    """

    def __init__(self, vocabulary: set[str]) -> None:
        self._stems = sorted(word for word in vocabulary if len(word) >= 4)
        self._taken = set(vocabulary)

    def word(self, rng: random.Random) -> str:
        """A word not in the real vocabulary and not produced before."""
        while True:
            head = self._stems[rng.randrange(len(self._stems))]
            tail = self._stems[rng.randrange(len(self._stems))]
            word = head[: rng.randint(2, len(head) - 1)] + tail[rng.randint(1, len(tail) - 2) :]
            if word not in self._taken:
                self._taken.add(word)
                return word


def _insert_words(text: str, new_words: list[str], rng: random.Random) -> str:
    """``text`` with each word put between two existing words at a random place."""
    for word in new_words:
        at = text.find(" ", rng.randrange(len(text) + 1))
        text = f"{text} {word}" if at < 0 else f"{text[:at]} {word}{text[at:]}"
    return text


_DATE_KEYS = (
    "startDateStruct",
    "primaryCompletionDateStruct",
    "completionDateStruct",
    "studyFirstPostDateStruct",
    "lastUpdatePostDateStruct",
)


def _raw(value: Any) -> msgspec.Raw:
    return msgspec.Raw(msgspec.json.encode(value))


@dataclass(frozen=True)
class _Profile:
    """What comes together from one unbiased record: status, design, dates, site count.

    The dates are kept parsed (day, whether the record gives only a month) so that
    shifting them costs a little arithmetic per study.
    """

    status: JsonObject
    dates: tuple[tuple[str, datetime.date, bool], ...]
    design: msgspec.Raw | None
    has_results: bool
    results: msgspec.Raw | None
    sites: int

    @classmethod
    def of(cls, document: JsonObject) -> _Profile:
        protocol = document["protocolSection"]
        status = dict(protocol.get("statusModule", {}))
        dates = []
        for key in _DATE_KEYS:
            struct = status.pop(key, None)
            if isinstance(struct, dict) and isinstance(struct.get("date"), str):
                parts = [int(part) for part in struct["date"].split("-")]
                day = datetime.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 15)
                dates.append((key, day, len(parts) == 2))
        design = protocol.get("designModule")
        results = document.get("resultsSection")
        return cls(
            status=status,
            dates=tuple(dates),
            design=_raw(design) if design else None,
            has_results=bool(document.get("hasResults")),
            results=_raw(results) if results else None,
            sites=len((protocol.get("contactsLocationsModule") or {}).get("locations", [])),
        )

    def status_module(self, shift_days: int) -> JsonObject:
        """The status module with every date moved by ``shift_days`` (same precision)."""
        status = dict(self.status)
        shift = datetime.timedelta(days=shift_days)
        for key, day, month_only in self.dates:
            moved = day + shift
            text = f"{moved.year:04d}-{moved.month:02d}" if month_only else moved.isoformat()
            status[key] = {"date": text}
        return status


@dataclass
class _Growth:
    """The corpus so far: words, the real parts used, distinct words, synthesised words."""

    tokens: int = 0
    parts_used: set[int] = field(default_factory=set)
    real_seen: set[str] = field(default_factory=set)
    synthesized: list[str] = field(default_factory=list)

    def use(self, part: _Part) -> None:
        """Count ``part``'s words in the vocabulary (once per part: the union is costly)."""
        if id(part) not in self.parts_used:
            self.parts_used.add(id(part))
            self.real_seen |= part.vocabulary


class RegistryCorpus:
    """The generator; build once (reads and tokenises the sources), then draw studies."""

    def __init__(
        self, fit: HeapsFit | None = None, everything: list[JsonObject] | None = None
    ) -> None:
        everything = everything or real_documents()
        self.fit = fit or fit_heaps([study_text(document) for document in everything])
        crawled = _crawled_ids()
        documents = [doc for doc in everything if not in_dictionary_training_half(_nct_id(doc))]
        self.source_ids = sorted(_nct_id(doc) for doc in documents)
        protocols = [doc["protocolSection"] for doc in documents]
        self._topics = [
            _part(
                (
                    p.get("identificationModule", {}),
                    _optional_raw(p.get("conditionsModule")),
                    _optional_raw(doc.get("derivedSection", {}).get("conditionBrowseModule")),
                ),
                topic_text(p.get("identificationModule", {}), p.get("conditionsModule", {})),
            )
            for p, doc in zip(protocols, documents, strict=True)
        ]
        self._descriptions = [
            _part(
                p.get("descriptionModule") or {}, description_text(p.get("descriptionModule", {}))
            )
            for p in protocols
        ]
        self._arms = [
            _part(
                (
                    _optional_raw(p.get("armsInterventionsModule")),
                    _optional_raw(p.get("outcomesModule")),
                    _optional_raw(doc.get("derivedSection", {}).get("interventionBrowseModule")),
                ),
                arms_text(p.get("armsInterventionsModule", {}), p.get("outcomesModule", {})),
            )
            for p, doc in zip(protocols, documents, strict=True)
        ]
        criteria = [
            p.get("eligibilityModule", {}).get("eligibilityCriteria") or "" for p in protocols
        ]
        self._criteria = [_part(text, text) for text in [*criteria, *_criteria_texts()] if text]
        self._eligibility = [
            {
                k: v
                for k, v in (p.get("eligibilityModule") or {}).items()
                if k != "eligibilityCriteria"
            }
            for p in protocols
        ]
        self._sponsors = [_optional_raw(p.get("sponsorCollaboratorsModule")) for p in protocols]
        contacts = [p.get("contactsLocationsModule") or {} for p in protocols]
        self._contacts = [
            {key: _raw(value) for key, value in module.items() if key != "locations" and value}
            for module in contacts
        ]
        self._sites = [_raw(site) for module in contacts for site in module.get("locations", [])]
        self._profiles = [_Profile.of(doc) for doc in documents if _nct_id(doc) not in crawled]
        real_vocabulary: set[str] = set()
        for parts in (self._topics, self._descriptions, self._arms, self._criteria):
            for part in parts:
                real_vocabulary |= part.vocabulary
        self._real_vocabulary_size = len(real_vocabulary)
        self._all_real_words = {
            word for document in everything for word in words(study_text(document))
        }

    def study_lines(self, count: int, seed: int = 7) -> Iterator[bytes]:
        """``count`` API v2 study lines (new NCT ids), the same for the same seed."""
        rng = random.Random(seed)
        synthesizer = _WordSynthesizer(self._all_real_words)
        growth = _Growth()
        for index in range(count):
            yield msgspec.json.encode(self._study(index, rng, synthesizer, growth))

    def _new_words(
        self, tokens: int, rng: random.Random, synthesizer: _WordSynthesizer, growth: _Growth
    ) -> list[str]:
        """This study's share of new words (and reused ones) to keep V on K * n**beta."""
        growth.tokens += tokens
        seen = len(growth.real_seen) + len(growth.synthesized)
        deficit = int(self.fit.vocabulary_at(growth.tokens)) - seen
        if deficit <= 0:
            return []
        fresh = [synthesizer.word(rng) for _ in range(deficit)]
        reused = [
            growth.synthesized[int(len(growth.synthesized) * rng.random() ** 2)]
            for _ in range(min(deficit, len(growth.synthesized)))
        ]
        growth.synthesized += fresh
        growth.tokens += len(fresh) + len(reused)
        return fresh + reused

    def _study(
        self, index: int, rng: random.Random, synthesizer: _WordSynthesizer, growth: _Growth
    ) -> JsonObject:
        topic = rng.choice(self._topics)
        description = rng.choice(self._descriptions)
        arms = rng.choice(self._arms)
        criteria = rng.choice(self._criteria)
        for part in (topic, description, arms, criteria):
            growth.use(part)
        tokens = topic.tokens + description.tokens + arms.tokens + criteria.tokens
        new_words = self._new_words(tokens, rng, synthesizer, growth)

        identification_module, conditions_module, condition_browse = topic.value
        identification = dict(identification_module)
        identification["nctId"] = f"NCT{90_000_000 + index:08d}"
        summary = description.value
        criteria_text: str = criteria.value
        if new_words:
            # Into the title, summary or criteria, in proportion to the words each holds.
            weights = [topic.tokens + 1, description.tokens + arms.tokens, criteria.tokens]
            targets: tuple[list[str], list[str], list[str]] = ([], [], [])
            for word in new_words:
                targets[_weighted_index(weights, rng)].append(word)
            if targets[0]:
                title = identification.get("briefTitle") or ""
                identification["briefTitle"] = _insert_words(title, targets[0], rng).strip()
            if targets[1]:
                body = summary.get("briefSummary") or ""
                summary = {**summary, "briefSummary": _insert_words(body, targets[1], rng).strip()}
            criteria_text = _insert_words(criteria_text, targets[2], rng)

        profile: _Profile = rng.choice(self._profiles)
        arms_module, outcomes_module, intervention_browse = arms.value
        eligibility = {"eligibilityCriteria": criteria_text, **rng.choice(self._eligibility)}
        contacts = dict(rng.choice(self._contacts))
        sites = min(profile.sites, len(self._sites))
        if sites:
            contacts["locations"] = rng.sample(self._sites, sites)
        protocol = {
            "identificationModule": identification,
            "statusModule": profile.status_module(rng.randint(-182, 182)),
            "sponsorCollaboratorsModule": rng.choice(self._sponsors),
            "descriptionModule": summary,
            "conditionsModule": conditions_module,
            "designModule": profile.design,
            "armsInterventionsModule": arms_module,
            "outcomesModule": outcomes_module,
            "eligibilityModule": eligibility,
            "contactsLocationsModule": contacts,
        }
        derived = {
            "conditionBrowseModule": condition_browse,
            "interventionBrowseModule": intervention_browse,
        }
        document: JsonObject = {
            "protocolSection": {key: value for key, value in protocol.items() if value},
            "derivedSection": {key: value for key, value in derived.items() if value},
            "hasResults": profile.has_results,
        }
        if profile.results:
            document["resultsSection"] = profile.results
        return document


def _optional_raw(value: Any) -> msgspec.Raw | None:
    return _raw(value) if value else None


def _weighted_index(weights: list[int], rng: random.Random) -> int:
    roll = rng.random() * sum(weights)
    for position, weight in enumerate(weights):
        roll -= weight
        if roll < 0:
            return position
    return len(weights) - 1
