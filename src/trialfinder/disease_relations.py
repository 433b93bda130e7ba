"""What the judge knows about diseases that the MeSH tree does not say.

MeSH files diseases under broader ones, which lets "alcoholic cirrhosis" meet "cirrhosis";
it does not say which siblings exclude each other, which classes name their disease, or
which tumours are benign. Without those a patient with type 2 diabetes stays "unknown" for
"Type 1 diabetes", "NYHA II" says nothing about "NYHA class III or IV heart failure", and a
pituitary adenoma meets "history of malignancy" (MeSH files it under Neoplasms). These
relations are a short curated list (``data/disease_relations.json``), not per-trial code,
and every descriptor and name in it is checked against the vocabulary when it is loaded, so
a typo or a MeSH update that renames a heading fails loudly instead of silently matching
nothing.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import msgspec

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.phrases import phrase_pattern
from trialfinder.vocabulary import Vocabulary, load_vocabulary, normalize_phrase

__all__ = [
    "AskedHistologyCancer",
    "CancerClass",
    "ClassImplication",
    "DiseaseRelations",
    "FiledApart",
    "Histology",
    "HistologySubtype",
    "MeshHeading",
    "SiteFiling",
    "load_asked_histologies",
    "load_cancer_classes",
    "load_disease_relations",
    "unless_pattern",
    "validate_asked_histologies",
    "validate_disease_relations",
]


class MeshHeading(msgspec.Struct, frozen=True):
    """A MeSH descriptor as the data file names it: the id, and its MeSH name as a check."""

    descriptor: str
    name: str


class ClassImplication(msgspec.Struct, frozen=True):
    """A class or grade used for one disease only: a value of ``analyte`` states ``concept``,
    unless its note sentence names one of ``unless`` (the class given for another disease)."""

    analyte: str
    concept: str
    unless: tuple[str, ...] = ()


@functools.cache
def unless_pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """A class implication's ``unless`` words (the class given for another disease) as one
    pattern, built once for every reader that asks; None when it has none."""
    return phrase_pattern(phrases) if phrases else None


class TreatmentImplication(msgspec.Struct, frozen=True):
    """A state a treatment the patient is on makes them, by a published definition: a patient
    on immunosuppressive medicines (``treatment``, a lexicon concept) is immunosuppressed
    (``concept``), so a criterion asking the state in one of ``asked_words`` ("Immuno-
    compromised", "immunosuppressed") is met; one asking a disease of the same concept
    ("primary immunodeficiency") is not answered by the treatment. ``source``: the
    definition."""

    treatment: str
    concept: str
    asked_words: tuple[str, ...]
    source: str


class SiteFiling(msgspec.Struct, frozen=True):
    """A cancer MeSH files by histology only (``descriptor``) and the organ's neoplasms its
    scope note says it arises in (``site``): MeSH puts Cholangiocarcinoma under
    Adenocarcinoma and under no organ, so without this it never meets "biliary tract
    cancer"."""

    descriptor: str
    name: str
    site: MeshHeading


class FiledApart(msgspec.Struct, frozen=True):
    """A disease MeSH files under another (``under``) that is a separate disease, not a kind
    of it: Lambert-Eaton myasthenic syndrome lies under Myasthenia Gravis in every MeSH tree,
    but it is a presynaptic disease of its own, so a note's LEMS does not meet "myasthenia
    gravis" (nor a kind of it) and a criterion's LEMS is not denied by "no myasthenia
    gravis". It still meets what lies above ``under`` (a neuromuscular junction disease).
    ``rules_out``: whether a note naming it says the patient does not have ``under``
    (prediabetes is no diabetes; Barrett's oesophagus, a precancerous condition, says
    nothing of another cancer)."""

    descriptor: str
    name: str
    under: MeshHeading
    rules_out: bool = True


class HistologySubtype(msgspec.Struct, frozen=True):
    """A cancer subtype defined by histology at one organ, which MeSH does not file the
    histology's cancers of that organ under: an adenocarcinoma of the lung is a non-small
    cell lung cancer. The organ is the cancer's when its descriptor lies under ``site`` (the
    organ's neoplasms) or the note names ``organ`` right around the histology, with only
    ``between`` words between them ("adenocarcinoma of the left lung"), or names the organ's
    cancer right before it, the organ and one of ``organ_cancer_words`` ("lung cancer
    (adenocarcinoma)")."""

    organ: MeshHeading
    site: MeshHeading
    histologies: tuple[MeshHeading, ...]
    subtype: MeshHeading
    between: frozenset[str] = frozenset()
    organ_cancer_words: frozenset[str] = frozenset()


class Histology(msgspec.Struct, frozen=True):
    """One of a cancer's histologies that exclude each other (``asked_histology``): its name,
    how a reason writes it, its words (a regular expression on lower-cased text) and, for a
    group ("non-squamous"), the histologies it is."""

    name: str
    written: str
    pattern: str
    members: tuple[str, ...] = ()

    def kinds(self) -> frozenset[str]:
        """The histologies it is: a group's members, or itself."""
        return frozenset(self.members or (self.name,))


class AskedHistologyCancer(msgspec.Struct, frozen=True):
    """A cancer whose one histology a criterion may ask (``asked_histology``): how a reason
    writes it, the criterion's words for it, the MeSH heading and lexicon concepts a note's
    sentence names it by (and ``subtype``, which ``histology_subtypes`` reads it as), its
    histologies in reading order and the words of a mixed one."""

    cancer: str
    pattern: str
    site: MeshHeading
    concepts: tuple[str, ...]
    histologies: tuple[Histology, ...]
    subtype: MeshHeading | None = None
    mixed: str = ""
    # The words of a histology component a criterion may ask the presence of ("Presence of
    # small cell and neuroendocrine histology components"), which a note naming one plain
    # histology of the cancer does not have; ``pure`` the histologies that one may be.
    components: str = ""
    pure: tuple[str, ...] = ()


class CancerClass(msgspec.Struct, frozen=True):
    """One of the classes of malignancy that exclude each other (``cancer_classes``): the
    lexicon's ``concept`` ("solid_tumor"), how a reason writes it, the words of a note
    sentence that may hint at a tumour of the class, and the MeSH descriptors a disease the
    note names through MeSH alone must lie under to be of the class."""

    concept: str
    written: str
    hint_words: frozenset[str]
    mesh: tuple[MeshHeading, ...] = ()


class DiseaseRelations(msgspec.Struct, frozen=True, cache_hash=True):
    """The curated relations (see the data file's description). Its hash is kept: every
    cached relation lookup below hashes it, once a criterion a patient (a cohort asks
    thousands)."""

    version: str
    description: str
    disjoint: tuple[tuple[MeshHeading, ...], ...]
    classes_implying: tuple[ClassImplication, ...]
    benign_neoplasms: tuple[MeshHeading, ...]
    neutral_tumour_words: frozenset[str]
    malignant_words: frozenset[str]
    risk_factors: tuple[MeshHeading, ...] = ()
    filed_at_site: tuple[SiteFiling, ...] = ()
    disjoint_concepts_note: str = ""
    # Lexicon concepts that exclude each other where MeSH has no descriptor for them
    # (classical vs nodular lymphocyte predominant Hodgkin lymphoma, both filed by MeSH
    # under Hodgkin Disease alone), so ``disjoint`` cannot name them.
    disjoint_concepts: tuple[tuple[str, ...], ...] = ()
    below_mesh_note: str = ""
    # Lexicon concepts narrower than the MeSH descriptor their words read to (LV diastolic
    # dysfunction reads to Ventricular Dysfunction, Left): a patient's broader diagnosis must
    # not meet them through that descriptor.
    below_mesh: tuple[str, ...] = ()
    histology_subtypes_note: str = ""
    histology_subtypes: tuple[HistologySubtype, ...] = ()
    filed_apart_note: str = ""
    filed_apart: tuple[FiledApart, ...] = ()
    treatments_implying_note: str = ""
    treatments_implying: tuple[TreatmentImplication, ...] = ()

    def apart_from(self, has: str, wanted: str) -> FiledApart | None:
        """The filing (``filed_apart``) a patient's disease ``has`` falls under when MeSH
        files it under ``wanted``, or under a disease ``wanted`` is a kind of, though it is no
        kind of it (LEMS under myasthenia gravis); else None."""
        return _apart_from(self, has, wanted)

    def excludes(self, has: str, wanted: str) -> str | None:
        """The member a patient's disease ``has`` falls under when it rules out ``wanted``
        (a disjoint sibling of it, or a disease under such a sibling); else None."""
        return _excluding_member(self, has, wanted)

    def excludes_concept(self, has: str, wanted: str) -> str | None:
        """The member of ``disjoint_concepts`` a patient's lexicon concept ``has`` falls under
        when it rules out the concept ``wanted`` (a disjoint sibling, or a concept under one);
        else None."""
        return _excluding_concept(self, has, wanted)

    def is_benign(self, descriptor_id: str, words: str) -> bool:
        """Whether a disease the note names is a benign tumour: its descriptor lies under a
        benign heading, or its last word names one ("pituitary adenoma" is filed by MeSH under
        the site's neoplasms, but the adenoma says what it is)."""
        return _is_benign(self, descriptor_id, normalize_phrase(words).rsplit(" ", 1)[-1])

    def only_a_risk_for(self, has: str, wanted: str) -> bool:
        """Whether the patient's disease ``has`` is a risk factor MeSH files under the broader
        ``wanted`` ("hypertension" under "cardiovascular diseases"), so it does not meet it."""
        vocabulary = load_vocabulary()
        return any(
            vocabulary.is_kind_of(has, factor.descriptor)
            and not vocabulary.is_kind_of(wanted, factor.descriptor)
            for factor in self.risk_factors
        )

    def at_site_under(self, has: str, wanted: str) -> bool:
        """Whether the patient's cancer ``has`` is, by the organ it arises in, a kind of
        ``wanted`` though MeSH files it by histology only (a cholangiocarcinoma is a biliary
        tract cancer); a sibling organ's cancer (gallbladder, liver) is not."""
        return _at_site_under(self, has, wanted)

    def subtypes_of(self, descriptor_id: str, words: str, evidence: str) -> tuple[str, ...]:
        """The subtypes (``histology_subtypes``) a patient's cancer ``descriptor_id``, named
        by ``words`` in the note sentence ``evidence``, is a kind of by its histology and
        organ: "adenocarcinoma of the lung" is a non-small cell lung cancer."""
        if not self.histology_subtypes:
            return ()
        return _subtypes_of(self, descriptor_id, normalize_phrase(words), evidence)

    def neutral_about_malignancy(self, words: str) -> bool:
        """Whether a criterion's words for a tumour allow a benign one ("tumour", "neoplasm"),
        not only a malignant one ("malignancy", "cancer", "malignant tumour")."""
        named = set(normalize_phrase(words).split())
        return bool(named & self.neutral_tumour_words) and not named & self.malignant_words


@functools.lru_cache(maxsize=65_536)
def _excluding_member(relations: DiseaseRelations, has: str, wanted: str) -> str | None:
    vocabulary = load_vocabulary()
    for group in relations.disjoint:
        under = [m.descriptor for m in group if vocabulary.is_kind_of(has, m.descriptor)]
        if not under:
            continue
        if any(
            vocabulary.is_kind_of(wanted, m.descriptor) for m in group if m.descriptor not in under
        ):
            return under[0]
    return None


@functools.lru_cache(maxsize=65_536)
def _excluding_concept(relations: DiseaseRelations, has: str, wanted: str) -> str | None:
    ancestors = load_lexicon().ancestors
    has_above = ancestors.get(has, frozenset({has}))
    wanted_above = ancestors.get(wanted, frozenset({wanted}))
    for group in relations.disjoint_concepts:
        under = [member for member in group if member in has_above]
        if under and any(m in wanted_above for m in group if m not in under):
            return under[0]
    return None


@functools.lru_cache(maxsize=65_536)
def _apart_from(relations: DiseaseRelations, has: str, wanted: str) -> FiledApart | None:
    vocabulary = load_vocabulary()
    for filing in relations.filed_apart:
        if (
            vocabulary.is_kind_of(has, filing.descriptor)
            and vocabulary.is_kind_of(wanted, filing.under.descriptor)
            and not vocabulary.is_kind_of(wanted, filing.descriptor)
        ):
            return filing
    return None


@functools.lru_cache(maxsize=65_536)
def _at_site_under(relations: DiseaseRelations, has: str, wanted: str) -> bool:
    vocabulary = load_vocabulary()
    return any(
        vocabulary.is_kind_of(has, filing.descriptor)
        and vocabulary.is_kind_of(filing.site.descriptor, wanted)
        for filing in relations.filed_at_site
    )


@functools.lru_cache(maxsize=65_536)
def _subtypes_of(
    relations: DiseaseRelations, descriptor_id: str, words: str, evidence: str
) -> tuple[str, ...]:
    vocabulary = load_vocabulary()
    found: list[str] = []
    for rule in relations.histology_subtypes:
        if not any(vocabulary.is_kind_of(descriptor_id, h.descriptor) for h in rule.histologies):
            continue
        if vocabulary.is_kind_of(descriptor_id, rule.site.descriptor) or _organ_around(
            vocabulary, rule, words, evidence
        ):
            found.append(rule.subtype.descriptor)
    return tuple(found)


def _organ_around(vocabulary: Vocabulary, rule: HistologySubtype, words: str, text: str) -> bool:
    """Whether the sentence names the rule's organ right before the histology's words ("lung
    squamous cell carcinoma"), or the organ's cancer right before them ("lung cancer
    (adenocarcinoma)", ``organ_cancer_words``), or the organ after them past only
    ``between`` words ("of the lung").
    Word lookups, not a scan of the sentence: a cohort asks it of every patient's note."""
    tokens = normalize_phrase(text).split()
    named = words.split()
    if not named:
        return False
    for start in range(len(tokens) - len(named) + 1):
        if tokens[start : start + len(named)] != named:
            continue
        if start and _names(vocabulary, tokens[start - 1], rule):
            return True
        if (
            start > 1
            and tokens[start - 1] in rule.organ_cancer_words
            and _names(vocabulary, tokens[start - 2], rule)
        ):
            return True  # "lung cancer (adenocarcinoma)"
        after = start + len(named)
        while after < len(tokens) and tokens[after] in rule.between:
            after += 1
        between = after > start + len(named)
        if between and after < len(tokens) and _names(vocabulary, tokens[after], rule):
            return True
    return False


def _names(vocabulary: Vocabulary, word: str, rule: HistologySubtype) -> bool:
    return any(
        vocabulary.is_a(r.concept.id, rule.organ.descriptor) for r in vocabulary.lookup(word)
    )


@functools.lru_cache(maxsize=65_536)
def _is_benign(relations: DiseaseRelations, descriptor_id: str, last_word: str) -> bool:
    vocabulary = load_vocabulary()
    candidates = [descriptor_id]
    readings = vocabulary.lookup(last_word) if last_word else []
    if readings and readings[0].kind not in ("abbreviation", "spelling"):
        candidates.append(readings[0].concept.id)
    return any(
        vocabulary.is_kind_of(candidate, heading.descriptor)
        for candidate in candidates
        for heading in relations.benign_neoplasms
    )


def validate_disease_relations(relations: DiseaseRelations, vocabulary: Vocabulary) -> None:
    """Raise ValueError unless every heading exists with the stated MeSH name, no two members
    of a disjoint group (of descriptors or of lexicon concepts) lie under one another, and
    every class names a known analyte and a known lexicon concept."""
    problems: list[str] = []
    headings = [m for group in relations.disjoint for m in group]
    filings = relations.filed_at_site
    sited = [MeshHeading(f.descriptor, f.name) for f in filings] + [f.site for f in filings]
    apart = [MeshHeading(f.descriptor, f.name) for f in relations.filed_apart]
    apart += [f.under for f in relations.filed_apart]
    subtyped = [
        heading
        for rule in relations.histology_subtypes
        for heading in (rule.organ, rule.site, rule.subtype, *rule.histologies)
    ]
    for heading in (
        *headings,
        *relations.benign_neoplasms,
        *relations.risk_factors,
        *sited,
        *subtyped,
        *apart,
    ):
        concept = vocabulary.concept(heading.descriptor)
        if concept is None:
            problems.append(f"{heading.descriptor} is not a MeSH descriptor")
        elif concept.name != heading.name:
            problems.append(f"{heading.descriptor} is {concept.name!r}, not {heading.name!r}")
    for group in relations.disjoint:
        if len(group) < 2:
            problems.append(f"a disjoint group needs two members: {group}")
        for first in group:
            for second in group:
                if first != second and vocabulary.is_kind_of(first.descriptor, second.descriptor):
                    problems.append(f"{first.name} lies under {second.name}: not disjoint")
    for filing in relations.filed_apart:
        if not vocabulary.is_kind_of(filing.descriptor, filing.under.descriptor):
            problems.append(f"MeSH does not file {filing.name} under {filing.under.name}")
    lexicon = load_lexicon()
    for concepts in relations.disjoint_concepts:
        if len(concepts) < 2:
            problems.append(f"a disjoint group needs two members: {concepts}")
        for member in concepts:
            if member not in lexicon.concepts:
                problems.append(f"unknown concept {member!r}")
            above = lexicon.ancestors.get(member, frozenset())
            for other in concepts:
                if other != member and other in above:
                    problems.append(f"{member} lies under {other}: not disjoint")
    problems.extend(
        f"unknown concept {c!r}" for c in relations.below_mesh if c not in lexicon.concepts
    )
    for implication in relations.classes_implying:
        if implication.analyte not in lexicon.analytes:
            problems.append(f"unknown analyte {implication.analyte!r}")
        if implication.concept not in lexicon.concepts:
            problems.append(f"unknown concept {implication.concept!r}")
    for stated in relations.treatments_implying:
        problems.extend(
            f"unknown concept {c!r}"
            for c in (stated.treatment, stated.concept)
            if c not in lexicon.concepts
        )
        if not stated.asked_words:
            problems.append(f"{stated.treatment} states {stated.concept} for no asked words")
    if relations.neutral_tumour_words & relations.malignant_words:
        problems.append("a word is both neutral and malignant")
    if problems:
        raise ValueError("data/disease_relations.json: " + "; ".join(problems))


@functools.cache
def load_disease_relations() -> DiseaseRelations:
    """The bundled relations, checked against the vocabulary once per process."""
    raw = resources.files("trialfinder").joinpath("data/disease_relations.json").read_bytes()
    relations = msgspec.json.decode(raw, type=DiseaseRelations)
    validate_disease_relations(relations, load_vocabulary())
    return relations


class _CancerClasses(msgspec.Struct, frozen=True):
    """The ``cancer_classes`` of the same data file, decoded apart: the judge hashes
    :class:`DiseaseRelations` on every cached relation lookup, which these need not cost."""

    cancer_classes_note: str = ""
    cancer_classes: tuple[CancerClass, ...] = ()


@functools.cache
def load_cancer_classes() -> tuple[CancerClass, ...]:
    """The classes of malignancy that exclude each other (``cancer_classes``), checked once
    per process: each a lexicon concept under no other class, each descriptor a MeSH one
    with the name written beside it."""
    raw = resources.files("trialfinder").joinpath("data/disease_relations.json").read_bytes()
    classes = msgspec.json.decode(raw, type=_CancerClasses).cancer_classes
    vocabulary = load_vocabulary()
    lexicon = load_lexicon()
    members = [kind.concept for kind in classes]
    problems = [
        f"{heading.descriptor} is not {heading.name!r}"
        for kind in classes
        for heading in kind.mesh
        if getattr(vocabulary.concept(heading.descriptor), "name", None) != heading.name
    ]
    for member in members:
        if member not in lexicon.concepts:
            problems.append(f"unknown concept {member!r}")
        elif any(o != member and o in lexicon.ancestors.get(member, ()) for o in members):
            problems.append(f"{member} lies under another cancer class: not disjoint")
    if problems:
        raise ValueError("data/disease_relations.json: " + "; ".join(problems))
    return classes


class _AskedHistologies(msgspec.Struct, frozen=True):
    """The ``asked_histology`` section of the same data file, decoded apart (as
    :class:`_CancerClasses`)."""

    asked_histology_note: str = ""
    asked_histology: tuple[AskedHistologyCancer, ...] = ()


def validate_asked_histologies(
    cancers: tuple[AskedHistologyCancer, ...], vocabulary: Vocabulary
) -> None:
    """Raise ValueError unless each heading of ``asked_histology`` is a MeSH one with its name,
    each concept is in the lexicon, each pattern is a regular expression and each group's
    members are other histologies of the same cancer."""
    lexicon = load_lexicon()
    problems: list[str] = []
    for entry in cancers:
        headings = [entry.site] + ([entry.subtype] if entry.subtype else [])
        problems.extend(
            f"{heading.descriptor} is not {heading.name!r}"
            for heading in headings
            if getattr(vocabulary.concept(heading.descriptor), "name", None) != heading.name
        )
        problems.extend(
            f"unknown concept {concept!r}"
            for concept in entry.concepts
            if concept not in lexicon.concepts
        )
        names = {histology.name for histology in entry.histologies}
        if len(names) != len(entry.histologies):
            problems.append(f"{entry.cancer}: a histology named twice")
        for histology in entry.histologies:
            problems.extend(
                f"{entry.cancer}: {histology.name} groups unknown {member!r}"
                for member in histology.members
                if member not in names or member == histology.name
            )
        problems.extend(
            f"{entry.cancer}: pure {name!r} is no histology of it"
            for name in entry.pure
            if name not in names
        )
        for pattern in (
            entry.pattern,
            entry.mixed,
            entry.components,
            *(h.pattern for h in entry.histologies),
        ):
            try:
                re.compile(pattern)
            except re.error as error:
                problems.append(f"{entry.cancer}: {pattern!r} is no pattern ({error})")
    if problems:
        raise ValueError("data/disease_relations.json: " + "; ".join(problems))


@functools.cache
def load_asked_histologies() -> tuple[AskedHistologyCancer, ...]:
    """The cancers whose one histology a criterion may ask (``asked_histology``), checked once
    per process (:func:`validate_asked_histologies`)."""
    raw = resources.files("trialfinder").joinpath("data/disease_relations.json").read_bytes()
    cancers = msgspec.json.decode(raw, type=_AskedHistologies).asked_histology
    validate_asked_histologies(cancers, load_vocabulary())
    return cancers
