"""The narrow protocol between search and an index backend, and the rules around it.

A backend (:mod:`~trialfinder.search.sqlite_index`, Tantivy beside a SQLite
file; :mod:`~trialfinder.search.postgres_index`, ``tsvector`` columns) compiles
a query into its engine's terms and runs it: it counts the matches and their
facets and returns the page of hits asked for; it also counts trials by place.
What is a rule of trialfinder's search rather than of an engine is written here
once for both: correcting the spelling of words no trial and no medical term uses,
following trials that match every concept of the text with those that match some
(and saying so), the next page's token and the place distances are measured from.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence, Set
from typing import NamedTuple, Protocol

import msgspec

from trialfinder.search.paging import next_page_token
from trialfinder.search.query import SearchQuery
from trialfinder.search.results import Facets, LocationCount, MatchMode, SearchHit, SearchResult
from trialfinder.search.text import (
    TextQuery,
    broader_alternatives,
    concept_role,
    filler_words_beside_concepts,
    parent_site,
    parent_sites,
    read_as,
    scattered_words,
    sign_alternatives,
    words,
)
from trialfinder.spelling import SpellingCorrector
from trialfinder.vocabulary import load_vocabulary, return_freed_memory

__all__ = [
    "IndexPage",
    "SearchDirRequired",
    "SearchIndex",
    "partial_tiers",
    "run_search",
    "spelling_corrector",
]


# An age group open above ("elderly": 65 to the form's limit) ends here when its middle is
# measured (_age_group_core): trials from 18 to 80 hold the middle of "elderly".
_AGE_GROUP_TOP_YEARS = 100.0


class SearchDirRequired(RuntimeError):
    """A PostgreSQL database that keeps no search tables, opened without a search
    directory: only a node's own index (``--search-dir``) can search it."""

    def __init__(self, url: str) -> None:
        super().__init__(
            f"the PostgreSQL database {url.rsplit('@', 1)[-1]} keeps no search tables"
            " (trialfinder search-tables off): give this process a search directory"
            " (--search-dir or TRIALFINDER_SEARCH_DIR) to search it through its own index"
        )


class IndexPage(NamedTuple):
    """What a backend answers for one query: the number of matches, their facets and
    the page of hits the query asks for."""

    total: int
    facets: Facets
    hits: list[SearchHit]


class SearchIndex(Protocol):
    """A backend's index of one store's trials."""

    def run(self, query: SearchQuery, text: TextQuery, shown: Set[str] = frozenset()) -> IndexPage:
        """Run ``query`` with ``text`` as its free text (the query's own, or relaxed).

        Trials in ``shown`` (above, from a stricter tier) are left out of the page's
        hits, not of its total or facets: nothing is read for them (near a place, their
        nearest sites). They are matches of ``text`` too (every relaxation holds the
        tiers before it), so when the matches number no more than they do, the page
        has no hit and a backend may answer the count and facets without ranking."""
        ...

    def count(self, query: SearchQuery, text: TextQuery) -> tuple[int, Facets]:
        """The number of matches of ``query`` with ``text`` and their facets, as
        :meth:`run` counts them, without a page: a relaxed tier below a page already
        full only supplies these (no hit is ranked, ordered by distance or read)."""
        ...

    def locations(self, country: str | None) -> list[LocationCount]:
        """Countries by trial count, or the cities of one country."""
        ...

    def word_frequencies(self, words: Sequence[str]) -> Mapping[str, int]:
        """How many trials hold each word in their text (0: none); exact for rare
        words, at least "common" for common ones (spelling help only needs that)."""
        ...

    def co_occurrences(self, words: Sequence[str], others: Sequence[str]) -> Mapping[str, int]:
        """How many trials hold each of ``words`` together with every one of ``others``
        in their text (0: none): the spelling corrector's choice between near spellings by
        the words typed beside them ("molers" beside "root canal" is molars)."""
        ...

    def name_words(self, prefix: str) -> Mapping[str, int]:
        """The words (as the index keeps them) of the trials' condition and intervention
        names that begin with ``prefix`` (lowercase letters), with how many trials hold each:
        the spelling corrector's candidates for a drug or disease name the vocabulary lacks
        ("ridaforolimous" is ridaforolimus)."""
        ...


@functools.cache
def spelling_corrector() -> SpellingCorrector:
    """The corrector over the medical vocabulary's words, built on the first unknown word
    (about a second) and shared afterwards; the index's own counts are asked per query."""
    corrector = SpellingCorrector(load_vocabulary().word_counts())
    return_freed_memory()
    return corrector


class _Answer(NamedTuple):
    page: IndexPage
    match_mode: MatchMode
    complete_matches: int | None

    def names_every_concept(self, query: SearchQuery) -> bool:
        """Whether the text's matches all match every concept of it (no trial matches only
        part of it), or a one-concept text names it in some (its words apart only follow
        them), at every page size: the match mode does not depend on it (:func:`_answer`;
        "asthama inhaler" took its correction with 3 results and not with 20)."""
        if len(query.text_query.groups) == 1:
            return self.match_mode == "all" or bool(self.complete_matches)
        return self.match_mode == "all"


def run_search(index: SearchIndex, query: SearchQuery, page_key: bytes) -> SearchResult:
    """Total, one page of hits, facets, the next page's token (signed with ``page_key``),
    and what was done to the text to find them.

    Spelling: a word that no trial holds and that is neither a medical nor an English
    word is corrected towards words trials hold. The typed word itself then finds
    nothing, so when the corrected text finds trials and either the typed text found
    none, or the corrected one matches every concept, or some trials match every concept
    of the corrected text while none match every concept of the typed one, the corrected
    text is what runs and the result says so (``corrected_query``: "Showing results for
    osteoporosis"); so does a correction that makes a disease name with the words typed
    beside it ("diabetic nueropathy in my feet": "feet" is in no diabetic neuropathy trial,
    and the typed text ranked diabetes trials by its other words) or that the typed words beside
    it confirm (trials hold it with most of them: "root canal surgery on lower molers" runs
    "molars"); otherwise the correction is offered beside the results (``suggestions``). The
    next page's token is bound to the query as asked: the next page asks it again and
    is corrected the same way.
    """
    answer = _answer(index, query)
    corrected_query: str | None = None
    suggestions: list[str] = []
    if (
        query.correct_spelling
        and query.text_query.match_all
        and (
            answer.page.total == 0 or _misspelt(query.text) or not answer.names_every_concept(query)
        )
    ):
        correction = spelling_corrector().correct_query(
            query.text, index.word_frequencies, index.co_occurrences, index.name_words
        )
        if correction.corrections:
            corrected = msgspec.structs.replace(query, text=correction.corrected)
            retried = _answer(index, corrected)
            if retried.page.total > 0 and (
                answer.page.total == 0
                or correction.sure
                or retried.names_every_concept(corrected)
                or _completes_what_the_typed_text_cannot(answer, retried)
            ):
                answer, corrected_query = retried, correction.corrected
            else:
                suggestions.append(correction.corrected)
    near = query.near
    page = answer.page
    return SearchResult(
        total=page.total,
        hits=page.hits,
        facets=page.facets,
        next_page_token=next_page_token(query, page.total, len(page.hits), page_key),
        place=near.label if near is not None else None,
        match_mode=answer.match_mode,
        complete_matches=answer.complete_matches,
        corrected_query=corrected_query,
        suggestions=suggestions,
    )


def _completes_what_the_typed_text_cannot(typed: _Answer, corrected: _Answer) -> bool:
    """Whether the corrected text has trials matching every concept where the typed one
    has none: its misspelt word is a concept no trial holds, so the typed text only ever
    ranks trials of its other words ("leukimia in adults" lists adult asthma and diabetes
    trials), while "leukemia in adults" puts the adult leukaemia trials first."""
    return (
        typed.match_mode == "partial"
        and not typed.complete_matches
        and (corrected.match_mode == "all" or bool(corrected.complete_matches))
    )


def _misspelt(text: str) -> bool:
    """Whether a word of the text is a misspelling the vocabulary knows ("osteoporsis").

    Its expansion finds the trials, so the answer looks complete; the correction is
    still worth saying. Any other unknown word leaves its concept unmatched (a partial
    answer or none), which is when the corrector is asked: it is built only then.
    """
    vocabulary = load_vocabulary()
    return any(
        readings and all(reading.kind == "spelling" for reading in readings)
        for readings in map(vocabulary.lookup, words(text))
    )


def _answer(index: SearchIndex, query: SearchQuery) -> _Answer:
    """The page for a query: trials matching every concept of its text first, then,
    when they do not fill the page, trials matching some of them, those matching
    more concepts first (each tier in the query's order: best match or nearest).

    A text of several concepts that few trials match as a whole still shows what
    matches part of it, but below every full match and flagged ("partial"), so a
    specific query narrowed by a place or a filter never silently turns into a
    list of trials about something else; and a trial matching two of three
    concepts is not buried under one that mentions a single concept many times.

    A text naming a condition and a treatment or test counts its conditions as matched
    where a trial names them as its subject (:func:`_about_the_conditions`): a trial
    naming hypertension in its title follows none that write "hypertension" and
    "tablets" only in their criteria ("blood pressure still high on three tablets": a
    leukaemia trial excluding uncontrolled hypertension ranked first).
    """
    text = query.text_query
    page = index.run(query, text)
    if text and not text.match_all:
        return _Answer(_age_group_first(index, query, text, page), "partial", None)
    wanted = query.offset + query.limit
    tiers = partial_tiers(text, broader=query.broader)
    subject, runs = _about_the_conditions(index, query, text, tiers)
    if subject is not query and index.count(_first(subject, 1), text)[0] == page.total:
        # Every full match names the conditions as its subject: they keep their own order.
        subject = query
    if not tiers or (page.total >= wanted and subject is query):
        page = _age_group_first(index, query, text, page)
        if not tiers:
            return _Answer(page, "all", None)
        # The full matches fill the page; trials matching part of the text follow them on
        # later pages, so the total, facets and mode are the broadest tier's, as on a page
        # they do not fill: a page of 10 and one of 100 say the same ("breast cancer" said
        # 33 trials on the first and 127 on the second, and 127 from its fourth page of 10).
        total, facets = index.count(_first(query, 1), tiers[-1])
        if total <= page.total:
            return _Answer(page, "all", None)
        return _Answer(IndexPage(total, facets, page.hits), "partial", page.total)
    full = (
        page if query.offset == 0 and subject is query else index.run(_first(subject, wanted), text)
    )
    full = _age_group_first(index, _first(subject, wanted), text, full)
    hits = list(full.hits)
    shown = {hit.nct_id for hit in hits}
    above, found = full.total, full
    total, facets = full.total, full.facets
    for searched, tier in runs:
        if len(hits) >= wanted:
            # The page is full: only the broadest tier's count and facets are still needed.
            total, facets = index.count(_first(query, 1), tiers[-1])
            break
        found = index.run(_first(searched, wanted + above), tier, shown)
        hits.extend(hit for hit in found.hits if hit.nct_id not in shown)
        shown.update(hit.nct_id for hit in found.hits)
        above = total = found.total
        facets = found.facets
    if total <= full.total:
        # No partial match follows: the full matches in the order the page shows them when
        # they fill it (the age group's middle first), whatever the page size.
        return _Answer(_age_group_first(index, query, text, page), "all", None)
    page = IndexPage(total, facets, hits[query.offset : wanted])
    return _Answer(page, "partial", full.total)


def _age_group_first(
    index: SearchIndex, query: SearchQuery, text: TextQuery, page: IndexPage
) -> IndexPage:
    """The page with the trials holding the middle of an age group the text names first.

    An age group read from the text ("teenager", 13–19; "elderly", 65 and older:
    :mod:`~trialfinder.search.who`) passes every trial whose ages overlap it, so adult
    trials from 18 pass for a teenager on the group's last two years and ranked first by
    their words ("teenager with asthma": four adult asthma trials above the one from 12).
    The trials whose ages hold the middle half of the group (:func:`_age_group_core`) now
    come first, each run in the query's order; those overlapping it only at an edge
    follow. Total and facets are the page's: the first run is a part of its matches."""
    core = _age_group_core(query)
    if core is None or page.total == 0:
        return page
    wanted = query.offset + query.limit
    inner = index.run(_first(core, wanted), text)
    if inner.total in (0, page.total):
        return page
    hits = list(inner.hits)
    if len(hits) < wanted:
        shown = {hit.nct_id for hit in hits}
        rest = index.run(_first(query, wanted + inner.total), text, shown)
        hits.extend(hit for hit in rest.hits if hit.nct_id not in shown)
    return IndexPage(page.total, page.facets, hits[query.offset : wanted])


def _age_group_core(query: SearchQuery) -> SearchQuery | None:
    """The query asking for the middle half of its age group (None without a group): a
    group open above ("elderly", "over 65") counts to 100 years for this, and a group from
    birth keeps its youngest quarter (the preterm infants' trial, 0 to 16 weeks, is a
    baby's; a trial from 18 is at a teenager's edge)."""
    if query.age_span is None:
        return None
    youngest, oldest = query.age_span
    oldest = min(oldest, _AGE_GROUP_TOP_YEARS)
    quarter = (oldest - youngest) / 4
    if quarter <= 0:
        return None
    # A group from birth ("baby", "child") has no younger group whose trials could touch
    # its lower edge: a trial of newborns is in the middle of what "baby" asks.
    lowest = youngest + quarter if youngest > 0 else youngest
    return msgspec.structs.replace(query, age_span=(lowest, oldest - quarter))


def _about_the_conditions(
    index: SearchIndex, query: SearchQuery, text: TextQuery, tiers: Sequence[TextQuery]
) -> tuple[SearchQuery, list[tuple[SearchQuery, TextQuery]]]:
    """The query whose matches of the whole text come first, and the runs after them.

    For a text naming a condition and a treatment or test, when some trial names its
    conditions as its subject (its title or condition list, the fields a ``condition``
    search reads): those trials first, matching every concept and then fewer (the tiers
    requiring the conditions), then every trial naming the conditions anywhere, by score
    (a criterion's "uncontrolled hypertension" is a mention), then the other tiers.
    Otherwise (or with a condition already asked for) the query itself and its tiers.
    Each run holds the ones before it."""
    plain = (query, [(query, tier) for tier in tiers])
    about = [tier for tier in tiers if tier.required]
    if not about or query.condition:
        return plain
    subject = msgspec.structs.replace(
        query, condition=" ".join(text.typed_phrase(group) for group in about[0].required)
    )
    if (
        subject.condition_query.groups != about[0].required
        or not index.count(_first(subject, 1), about[-1])[0]
    ):
        return plain
    others = [(query, tier) for tier in tiers if not tier.required]
    return subject, [*((subject, tier) for tier in about), (query, about[-1]), *others]


def _extended(group: tuple[str, ...], added: Iterable[str]) -> tuple[str, ...]:
    """A concept's phrases widened by ``added``, each phrase the group lacks appended in
    order: every relaxation (a broader heading, a parent site, a disease signs share) widens
    a group this one way, so the tier before stays inside it."""
    return (*group, *(phrase for phrase in added if phrase not in group))


def partial_tiers(text: TextQuery, *, broader: bool = True) -> list[TextQuery]:
    """The relaxations of a text that asks for all of several concepts: trials
    matching all but one of them, then all but two, ..., then any one (empty: nothing
    to relax). A text naming a condition and a treatment or test ("eczema injection",
    :func:`~trialfinder.search.text.concept_role`) first relaxes to the trials matching
    its conditions, by how many of the other concepts they match: a trial about the
    condition is what the person asks about, and one repeating a common treatment or test
    word ("injection" in a cancer drug's title) ranked above it by how often it does. Each
    tier holds the ones before it.

    A text of one concept typed in several words ("cervical cancer") relaxes to its
    words apart, anywhere in the trial: registries write "Cervical, Head and Neck and
    Prostate Cancer" or "Cancer Cervix", and summaries "cancer of the cervix", which
    neither the phrase nor the vocabulary's names match. Such trials are not known to
    be about the concept, so they follow every trial that names it, flagged like any
    partial match. Last, such a text relaxes to the concepts MeSH files it under
    ("gallbladder cancer" → biliary tract cancer trials that never write
    "gallbladder"), the neighbouring conditions a judge grades as related, and then,
    for a sign or symptom, to the diseases it is a sign of ("wheezing" → asthma trials:
    :func:`~trialfinder.search.text.sign_alternatives`), unless ``broader`` is off (the
    caller widens its search itself); a cancer's site relaxes level by level up to its body
    region between the two ("tonsil cancer" → oropharyngeal, pharyngeal, … head and neck
    cancer trials: :func:`~trialfinder.search.text.parent_sites`). A text of
    several concepts relaxes by concept instead: each tier still names every concept
    it counts; first, a cancer's site widened to the site it lies in, every concept still
    asked ("metastatic gallbladder cancer" → the metastatic biliary tract cancer trials,
    before the gallbladder trials that are not metastatic; not with a treatment or test,
    whose condition's own trials come first)."""
    if not text.match_all:
        return []
    if len(text.groups) == 1:
        (group,) = text.groups
        # A phrase read in another spelling or with another cancer word relaxes as that
        # phrase: "ca cervix" to "cancer" and "cervix" anywhere, not to the shorthand's words.
        typed = read_as(text.typed_phrase(group))
        apart = bool(scattered_words(words(typed)))
        tiers = [msgspec.structs.replace(text, typed=(typed,), words_apart=True)] if apart else []
        widened = group
        relaxations = (
            (broader_alternatives(typed), *parent_sites(typed), sign_alternatives(typed))
            if broader
            else ()
        )
        for added in relaxations:
            if added:
                # Holding the tier before it (every tier does): the group widened, words apart kept.
                widened = _extended(widened, added)
                tiers.append(
                    msgspec.structs.replace(
                        text, groups=(widened,), typed=(typed,), words_apart=apart
                    )
                )
        return tiers
    roles = [concept_role(group) for group in text.groups]
    conditions = (
        tuple(group for group, role in zip(text.groups, roles, strict=True) if role == "condition")
        if "condition" in roles and "treatment" in roles
        else ()
    )
    # A cancer's parent site holds trials of it that never name it ("metastatic gallbladder
    # cancer": the metastatic biliary tract cancer trials): every concept with the cancer's
    # site widened, right below the trials matching it as typed. Not for a condition with a
    # treatment or test: the trials about the condition come first there (below).
    wider = tuple(
        _extended(group, parent_site(text.typed_phrase(group)))
        if role == "condition" and broader and not conditions
        else group
        for group, role in zip(text.groups, roles, strict=True)
    )
    widened_tier = [msgspec.structs.replace(text, groups=wider)] if wider != text.groups else []
    # Read concepts beside plain filler words ("husband living with HIV needs someone to keep
    # him on track"): the trials matching every concept come first, by how many of the words
    # they match, as a condition's trials do beside a treatment; a trial repeating four
    # everyday words is not about the one concept read.
    first = conditions or filler_words_beside_concepts(text.groups)
    # A text naming a condition and a treatment or test: the trials matching every condition
    # come first, those matching more of the other concepts first ("eczema injection": the
    # eczema trials, then the trials holding "injection" alone), then the others, by how
    # many concepts they match, from as many as the conditions (each tier holds the ones
    # before it: a tier that adds no trial is only counted).
    about_them = [
        TextQuery(
            groups=text.groups,
            match_all=False,
            at_least=at_least,
            typed=text.typed,
            required=first,
        )
        for at_least in range(len(text.groups) - 1, len(first) - 1, -1)
        if first
    ]
    # The other trials by how many groups they match, from all but one beside filler words
    # (a trial matching no concept but four of the words before one matching one of them).
    most = min(len(conditions), len(text.groups) - 1) if conditions else len(text.groups) - 1
    # Signs sharing diseases ("short of breath and dry cough": interstitial lung disease,
    # COVID-19): trials of those diseases name neither sign, so each sign's group also names
    # the diseases they share; the trials matching every sign so come next, and the tiers
    # below count with the widened groups (each still holds the ones before it).
    signs, shared = _shared_sign_diseases(text) if broader and not conditions else ((), ())
    counted = tuple(_extended(group, shared) if group in signs else group for group in text.groups)
    signs_tier = (
        [
            TextQuery(
                groups=counted,
                match_all=False,
                at_least=len(signs),
                typed=text.typed,
                required=tuple(
                    widened
                    for widened, group in zip(counted, text.groups, strict=True)
                    if group in signs
                ),
            )
        ]
        if shared
        else []
    )
    return (
        widened_tier
        + about_them
        + signs_tier
        + [
            TextQuery(groups=counted, match_all=False, at_least=at_least, typed=text.typed)
            for at_least in range(most, 0, -1)
        ]
    )


def _shared_sign_diseases(text: TextQuery) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """The groups of a text that are signs or symptoms (:func:`sign_alternatives`) and the
    diseases every one of them is a sign of, when two or more share some; ((), ()) otherwise."""
    found = {group: sign_alternatives(text.typed_phrase(group)) for group in text.groups}
    signs = tuple(group for group in text.groups if found[group])
    if len(signs) < 2:
        return (), ()
    shared = tuple(
        disease for disease in found[signs[0]] if all(disease in found[sign] for sign in signs)
    )
    return (signs, shared) if shared else ((), ())


def _first(query: SearchQuery, limit: int) -> SearchQuery:
    """The query's first ``limit`` results (one run that covers its page)."""
    return msgspec.structs.replace(query, offset=0, limit=limit)
