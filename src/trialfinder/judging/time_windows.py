"""A criterion's time window against when the note dates a condition or a treatment.

"Within the last 6 months", "at least 4 weeks before enrolment", "for at least 3 months",
"at least suspended for more than 12 weeks": a window of recency, duration or wash-out,
read against the time the note gives (the fact's days ago, its onset, whether the patient is
on the drug now, when it stopped). The judge asks these readers for every concept with a
window; they hold no other concept.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Sequence

import msgspec

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention, TimeWindow, comparison_holds
from trialfinder.criteria.units import format_number
from trialfinder.judging.findings import Finding, Truth
from trialfinder.patient import (
    DAYS_PER_UNIT,
    Fact,
    named_concepts,
    phrase_pattern,
    relative_time,
    screening_phrase,
)
from trialfinder.phrases import phrase_alternation

__all__ = [
    "anchor_pattern",
    "approximate_span",
    "asks_about_onset",
    "counts_a_washout",
    "event_anchored_finding",
    "inside_the_window",
    "taken_for",
    "time_ago",
    "washout_finding",
    "window_finding",
    "years_since",
]


def _duration_text(days: float) -> str:
    """ "13 years" rather than "4,748 days", "8 months" rather than "244 days": the unit a
    clinician says it in; under two months in days."""
    years = days / 365.25
    if years >= 1:
        return f"{format_number(round(years, 1))} years"
    months = round(days / DAYS_PER_UNIT["month"])
    return f"{months} months" if months >= 2 else f"{format_number(days)} days"


def _criterion_window(window: TimeWindow) -> str:
    """The window as the reason gives it. One counted to the study's first dose ("within 4
    weeks prior to the first dose of study drug", ``study_start_anchor_phrases``) is counted
    back from today: the patient is screened about when the study's first dose is given."""
    if anchor_pattern(study_start=True).search(window.text):
        return f"criterion window {window.text}, counted back from today (the study's first dose)"
    return f"criterion window {window.text}"


def _within(window: TimeWindow) -> str:
    """The window a current course falls in, its "within" written once ("within 21 days",
    and "within 3 months" for a window the parse keeps as "3 months")."""
    text = window.text
    return text if text.lower().startswith("within") else f"within {text}"


@functools.cache
def anchor_pattern(study_start: bool) -> re.Pattern[str]:
    """A window's anchor in its text, which the parse keeps without a last "of" ("at least
    12 months must have elapsed since completion")."""
    cues = load_lexicon().cues
    phrases = cues.study_start_anchor_phrases if study_start else cues.treatment_end_anchor_phrases
    return phrase_pattern(sorted({phrase.removesuffix(" of") for phrase in phrases}))


@functools.lru_cache(maxsize=256)
def _past_event_after(text: str) -> re.Pattern[str]:
    """A window's words, then the past event it is counted from (``past_event_anchor_phrases``:
    "within 1 month before onset", "within 12 months prior to the diagnosis")."""
    anchors = phrase_alternation(load_lexicon().cues.past_event_anchor_phrases) or "(?!)"
    written = r"\s+".join(re.escape(word) for word in text.split())
    return re.compile(rf"{written}\s*(?P<anchor>{anchors})(?![\w-])", re.IGNORECASE)


def event_anchored_finding(
    constraint: ConceptMention, fact: Fact, name: str, criterion_text: str
) -> Finding | None:
    """A treatment's window counted from an event in the patient's past, not from the study's
    start ("Receiving statins within 1 month before onset", "within 12 months prior to the
    diagnosis of advanced/metastatic disease"): how long ago the note says the treatment was
    does not place it in that window (a statin begun five days ago, after the stroke, is none
    taken in the month before it), so the study team reads the dates. None when the window is
    counted from today, or when the event is the treatment itself ("surgery within 180 days
    of the initial surgery" is that surgery's own time)."""
    window = constraint.window
    if window is None or constraint.category not in ("treatment", "procedure"):
        return None
    found = _past_event_after(window.text).search(criterion_text)
    if found is None:
        return None
    anchor = " ".join(found["anchor"].lower().split())
    if anchor.rsplit(" ", 1)[-1] in constraint.text.lower():
        return None
    return Finding(
        "unknown",
        fact.evidence,
        f"{name}: the criterion's window, {window.text} {anchor}, counts from that event, "
        "not from today; the study team reads the dates",
    )


def years_since(year: int) -> float:
    return datetime.date.today().year - year + 0.5


def window_finding(constraint: ConceptMention, fact: Fact, name: str, about_onset: bool) -> Finding:
    window = constraint.window
    assert window is not None
    if window.kind == "stable" and constraint.category != "treatment":
        # "hypothyroidism and treatment with a stable dosage … for <6 months": the time is
        # how long the treatment's dose has been stable, which the condition's dates do not say.
        return Finding(
            "unknown",
            fact.evidence,
            f"{name}: how long its treatment's dose has been stable is not given; "
            f"criterion stable dose {window.text}",
        )
    if window.kind == "recency" and about_onset:
        return _onset_finding(window, fact, name)
    if window.kind == "recency":
        # "more than 6 months ago", "of at least 3 months": long enough ago, not recent.
        at_least = window.comparator in (">", ">=")
        if fact.days_ago is not None and (span := approximate_span(fact)) is not None:
            return _span_finding(window, span, fact, name)
        if fact.days_ago is not None:
            within = comparison_holds(fact.days_ago, window.comparator, window.days, None)
            return Finding(
                "true" if within else "false",
                fact.evidence,
                f"{name}: about {format_number(fact.days_ago)} days ago; "
                f"{_criterion_window(window)}",
            )
        if not at_least and (
            fact.current or (constraint.category == "treatment" and _taken_now(fact))
        ):
            return Finding("true", fact.evidence, f"{name}: current, {_within(window)}")
        if (
            at_least
            and constraint.category == "treatment"
            and fact.current
            and fact.end_year is None
        ):
            # "Completed or discontinued prior adjuvant ET >6 months prior to screening": a
            # course that goes on has not ended, so not that long ago (a condition's window
            # may be how long it has lasted: "intermittent fever >1 week in duration").
            return Finding(
                "false", fact.evidence, f"{name}: current, not ended; {_criterion_window(window)}"
            )
        if fact.end_year is not None:
            return _year_finding(window, fact, name)
        if anchor_pattern(study_start=False).search(window.text):
            return Finding(
                "unknown",
                fact.evidence,
                f"the note does not say when the last {name} dose was; "
                f"criterion window {window.text}",
            )
        return Finding(
            "unknown", fact.evidence, f"{name}: timing not given; {_criterion_window(window)}"
        )
    if fact.duration_days is not None:
        holds = comparison_holds(
            fact.duration_days, window.comparator, window.days, window.upper_days
        )
        return Finding(
            "true" if holds else "false",
            fact.evidence,
            f"{name}: for about {_duration_text(fact.duration_days)}; "
            f"criterion duration {window.text}",
        )
    if fact.start_year is not None:
        return _years_finding(window, fact, name)
    return Finding("unknown", fact.evidence, f"{name}: duration not given; criterion {window.text}")


def _year_finding(window: TimeWindow, fact: Fact, name: str) -> Finding:
    """A recency window against a time the note dates by its year alone ("thymectomy 2022",
    "rituximab stopped in 2025"): any day of that year up to today, so met or not only when
    every day of it holds the same ("2022" is outside 12 months, "2025" straddles them in
    December 2026 and is left to the study team)."""
    assert fact.end_year is not None
    today = datetime.date.today()
    newest = float(max(0, (today - min(today, datetime.date(fact.end_year, 12, 31))).days))
    oldest = float(max(0, (today - datetime.date(fact.end_year, 1, 1)).days))
    truth = _span_truth(window, newest, oldest)
    said = "in" if truth == "unknown" else "last in"
    return Finding(
        truth, fact.evidence, f"{name}: {said} {fact.end_year}; {_criterion_window(window)}"
    )


class ApproximateSpan(msgspec.Struct, frozen=True):
    """The days ago an approximate time a note writes may be, least and most, and its words."""

    least: float
    most: float
    words: str


# How far "about" a time may be from the time it says, either way: a quarter ("about a year
# ago" is nine to fifteen months back, "about 2 weeks ago" ten to eighteen days).
_ABOUT_TOLERANCE = 0.25


@functools.cache
def _approximate_time() -> re.Pattern[str]:
    """ "about a year ago", "a few weeks ago", "last year", "in the past month": a time a note
    writes that stands for a span of days, not for one day."""
    cues = load_lexicon().cues
    about = phrase_alternation(cues.approximation_words)
    vague = phrase_alternation(cues.approximate_count_spans)
    return re.compile(
        rf"\b(?:(?P<about>{about})\s+(?:a|an|one|\d+(?:\.\d+)?|[a-z]+)|(?:an?\s+)?(?P<vague>{vague}))"
        r"\s+(?P<unit>day|week|month|year)s?\s+(?:ago|earlier|before|prior)\b"
        r"|\b(?P<the>(?:in|within|during)\s+the\s+)?(?:last|past|previous)\s+"
        r"(?P<last>week|month|year)\b",
        re.IGNORECASE,
    )


def approximate_span(fact: Fact) -> ApproximateSpan | None:
    """The span of days ago an approximate time stands for, when it is what dated the fact
    (its words read as the fact's days ago): "about N units ago" is N less or more a quarter;
    "a few" / "several" / "a couple of" units ago the counts ``approximate_count_spans``
    gives; "last year" / "last month" / "last week" any day of that calendar year, month or
    week (Monday to Sunday); "in the past year" any day of the last twelve months. None for
    an exact time ("3 weeks ago", "on 02/11/2026")."""
    for found in _approximate_time().finditer(fact.evidence):
        if relative_time(found[0])[0] != fact.days_ago:
            continue
        words = " ".join(found[0].lower().split())
        span = _span_days(found)
        return None if span is None else ApproximateSpan(span[0], span[1], words)
    return None


def _span_days(found: re.Match[str]) -> tuple[float, float] | None:
    today = datetime.date.today()
    if found["last"] is not None:
        unit = found["last"].lower()
        if found["the"] is not None:
            return 0.0, DAYS_PER_UNIT[unit]
        if unit == "year":
            first, last = datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 31)
        elif unit == "month":
            last = today.replace(day=1) - datetime.timedelta(days=1)
            first = last.replace(day=1)
        else:
            last = today - datetime.timedelta(days=today.weekday() + 1)
            first = last - datetime.timedelta(days=6)
        return float((today - last).days), float((today - first).days)
    unit_days = DAYS_PER_UNIT[found["unit"].lower()]
    if found["vague"] is not None:
        least, most = load_lexicon().cues.approximate_count_spans[found["vague"].lower()]
        return least * unit_days, most * unit_days
    said = relative_time(found[0])[0]
    if said is None:
        return None
    return said * (1 - _ABOUT_TOLERANCE), said * (1 + _ABOUT_TOLERANCE)


def _span_finding(window: TimeWindow, span: ApproximateSpan, fact: Fact, name: str) -> Finding:
    """A window against an approximate time: met or not only when every day of its span is
    on the same side of the window's bound; a span across it is the study team's."""
    return Finding(
        _span_truth(window, span.least, span.most),
        fact.evidence,
        f"{name}: {span.words}, {_ago_text(span.least)} to {_ago_text(span.most)} ago; "
        f"{_criterion_window(window)}",
    )


def _span_truth(window: TimeWindow, newest: float, oldest: float) -> Truth:
    """A recency window against every day from ``newest`` to ``oldest`` days ago: met or not
    only when both ends hold the same (a window not one way, "=", is a "within" one, as the
    days-ago reading takes it)."""
    comparator = window.comparator if window.comparator in (">", ">=", "<") else "<="
    at_newest = comparison_holds(newest, comparator, window.days, None)
    at_oldest = comparison_holds(oldest, comparator, window.days, None)
    if at_newest and at_oldest:
        return "true"
    return "false" if not at_newest and not at_oldest else "unknown"


def _ago_text(days: float) -> str:
    if days >= 60:
        return _duration_text(days)
    return "1 day" if round(days) == 1 else f"{format_number(round(days))} days"


def _years_finding(window: TimeWindow, fact: Fact, name: str) -> Finding:
    """A duration against a course the note dates by its years alone ("exemestane
    2019-2022", "since 2021"): it lasted from its first year's last day to its last year's
    first day at the least, from the one's first day to the other's last at the most (up to
    this year for one that goes on). Met or not only when every length between holds the
    same; a span that straddles the limit is left to the study team."""
    assert fact.start_year is not None
    ongoing = fact.end_year is None
    end = datetime.date.today().year if ongoing else fact.end_year
    assert end is not None
    least = max(0.0, end - fact.start_year - 1.0) * 365.25
    most = (end - fact.start_year + (0.0 if ongoing else 1.0)) * 365.25
    if ongoing:
        least = max(0.0, (datetime.date.today() - datetime.date(fact.start_year, 12, 31)).days)
        most = float((datetime.date.today() - datetime.date(fact.start_year, 1, 1)).days)
    at_least = comparison_holds(least, window.comparator, window.days, window.upper_days)
    at_most = comparison_holds(most, window.comparator, window.days, window.upper_days)
    span = f"since {fact.start_year}" if ongoing else f"{fact.start_year} to {fact.end_year}"
    truth: Truth
    if at_least and at_most:
        truth = "true"  # the asked lengths are one interval: both ends in it, all between

    elif not at_least and not at_most and not _crosses(least, most, window):
        truth = "false"
    else:
        truth = "unknown"
    return Finding(
        truth,
        fact.evidence,
        f"{name}: {span}, between {_duration_text(least)} and {_duration_text(most)}; "
        f"criterion duration {window.text}",
    )


def _crosses(least: float, most: float, window: TimeWindow) -> bool:
    """Whether some length from ``least`` to ``most`` meets the window though neither end
    does: the asked interval lies wholly inside the span."""
    top = window.upper_days if window.upper_days is not None else window.days
    return window.comparator == "between" and least < window.days and top < most


def taken_for(constraint: ConceptMention, fact: Fact, criterion_text: str) -> ConceptMention:
    """A treatment asked as taken "for at least 3 consecutive months prior to enrollment",
    against one the patient is on now: the time is how long it has been taken up to
    enrolment ("on methadone since January 2026"), a duration, though "prior to" makes the
    parse read a recency window. Only when the note dates the start far enough back to tell
    (its day or month, or whole years before this one); never for a treatment asked absent
    or stopped (``washout_words``), where the time counts from its end."""
    window = constraint.window
    if (
        window is None
        or window.kind != "recency"
        or window.comparator not in (">", ">=")
        or constraint.negated
        or constraint.category != "treatment"
        or fact.historical
        or not (fact.current or _taken_now(fact))
        or (lead := _for_window(window.text).search(criterion_text)) is None
        or _washout_words().search(_sentence_of(criterion_text, lead)) is not None
    ):
        return constraint
    whole_years = (
        None if fact.start_year is None else datetime.date.today().year - fact.start_year - 1
    )
    if fact.duration_days is None and (whole_years is None or whole_years * 365.25 < window.days):
        return constraint
    return msgspec.structs.replace(
        constraint, window=TimeWindow("duration", window.comparator, window.days, window.text)
    )


@functools.lru_cache(maxsize=256)
def _for_window(text: str) -> re.Pattern[str]:
    """ "for at least 3 months": the duration cue right before a window's own words; or
    the window in brackets after a ``stable_on_cues`` cue within its clause ("stable on an
    antidepressant regime (at least 4 weeks to ensure symptoms are stable)")."""
    leads = "|".join(re.escape(cue) for cue in load_lexicon().cues.stable_on_cues)
    stable_on = rf"|\b(?:{leads})\b[^,;()]{{0,80}}\(\s*" if leads else ""
    return re.compile(rf"(?:\bfor\s+{stable_on}){re.escape(text)}", re.IGNORECASE)


def _sentence_of(text: str, found: re.Match[str]) -> str:
    """The sentence of a criterion a match is in: a wash-out word in another sentence
    ("… (at least 4 weeks …). Effective medications will not be discontinued for the
    purposes of the study") is not the window's."""
    start = max(text.rfind(". ", 0, found.start()) + 1, 0)
    end = text.find(". ", found.end())
    return text[start : len(text) if end < 0 else end]


def _taken_now(fact: Fact) -> bool:
    """Whether the note says the patient is *on* a drug ("AF on apixaban", "taking
    metformin"): a treatment named so is taken now, within any recent window."""
    if fact.concept is None or fact.historical:
        return False
    return any(
        found.concept == fact.concept and _ON_DRUG.search(fact.evidence, 0, found.start)
        for found in named_concepts(fact.evidence)
    )


_ON_DRUG = re.compile(r"\b(?:on|taking|takes|uses|using|started)\s+(?:[\w-]+\s+){0,2}$", re.I)


def _onset_finding(window: TimeWindow, fact: Fact, name: str) -> Finding:
    """ "Diagnosed within the last 12 months": when it began, not whether it is present."""
    since_days: float | None = None
    if fact.duration_days is not None:
        since_days = fact.duration_days
    elif fact.start_year is not None:
        since_days = years_since(fact.start_year) * 365.25
        if window.comparator in (">", ">=") and abs(since_days - window.days) < 365.25 / 2:
            # "since 2026" against "diagnosed ≥ 180 days before": any day of the year.
            return Finding(
                "unknown",
                fact.evidence,
                f"{name}: since {fact.start_year}; criterion {window.text}",
            )
    elif fact.days_ago is not None and (span := approximate_span(fact)) is not None:
        return _span_finding(window, span, fact, name)
    elif fact.days_ago is not None:
        since_days = fact.days_ago
    if since_days is None:
        return Finding(
            "unknown", fact.evidence, f"{name}: when it began is not given; criterion {window.text}"
        )
    # "Diagnosed ≥ 180 days before screening" asks for an onset long enough ago.
    within = comparison_holds(since_days, window.comparator, window.days, None)
    return Finding(
        "true" if within else "false",
        fact.evidence,
        f"{name}: began {time_ago(since_days)}; criterion window {window.text}",
    )


def time_ago(days: float) -> str:
    """An onset in the unit a reader counts it in ("about 20 days ago", "about 5 months
    ago", "about 3.5 years ago"), never a fraction of a year."""
    if days < 60:
        return f"about {format_number(round(days))} days ago"
    if days < 730:
        return f"about {format_number(round(days / 30.44))} months ago"
    return f"about {format_number(round(days / 365.25, 1))} years ago"


def asks_about_onset(criterion_text: str) -> bool:
    return screening_phrase("onset_cues").search(criterion_text) is not None


@functools.cache
def _washout_words() -> re.Pattern[str]:
    """A wash-out's words ("at least suspended", ``washout_words``), compiled once: both the
    duration reading and the wash-out reading ask them of every treatment with a window."""
    return phrase_pattern(load_lexicon().cues.washout_words)


def inside_the_window(
    constraint: ConceptMention,
    present: Sequence[Fact],
    name: str,
    criterion_text: str,
    first: Finding,
) -> Finding:
    """A recent window ("feverish feeling with last 72 hours") met by any of the note's
    mentions of the condition: a fever two weeks ago and "T: 39.5 C" now is a fever within 72
    hours; an undated lung cancer and a "prostate cancer 11/2024" is a malignancy within 3
    years. Only a window of recency asking "within" (not "at least ... ago"), so that a later
    mention cannot undo a long-enough-ago one."""
    window = constraint.window
    if window is None or window.kind != "recency" or window.comparator in (">", ">="):
        return first
    for fact in present[1:]:
        finding = window_finding(constraint, fact, name, asks_about_onset(criterion_text))
        if finding.truth == "true":
            return finding
    return first


def counts_a_washout(constraint: ConceptMention, criterion_text: str) -> bool:
    """Whether a treatment's duration is a wash-out ("or at least suspended previous biologic
    therapy for more than 12 weeks", ``washout_words``): time since it stopped, which the
    note's "about 1 year" of the drug does not answer either way."""
    return (
        constraint.category == "treatment"
        and constraint.window is not None
        and constraint.window.kind == "duration"
        and _washout_words().search(criterion_text) is not None
    )


def washout_finding(constraint: ConceptMention, present: Sequence[Fact], name: str) -> Finding:
    """A wash-out ("or at least suspended previous biologic therapy for more than 12 weeks")
    against when the note says the treatment stopped: not met while the patient is on it now
    ("adalimumab 40 mg weekly since 2022"); met or not by the time since the last dated stop
    ("infliximab 2019-20"), counted as a recency window is, a stop in a year too close to the
    limit to tell left unknown; without a stop the note dates, the study team reads it."""
    window = constraint.window
    assert window is not None
    ongoing = next((f for f in present if not f.historical and (f.current or _taken_now(f))), None)
    if ongoing is not None:
        return Finding(
            "false",
            ongoing.evidence,
            f"the patient is on {name} now; the criterion asks it stopped {window.text} before",
        )
    dated = [f for f in present if f.days_ago is not None or f.end_year is not None]
    if len(dated) != len(present) or not dated:
        return Finding(
            "unknown",
            present[0].evidence,
            f"the criterion counts the time since {name} stopped; the study team reads the dates",
        )
    latest = min(dated, key=_time_since_stop)
    return window_finding(
        msgspec.structs.replace(
            constraint, window=TimeWindow("recency", window.comparator, window.days, window.text)
        ),
        latest,
        name,
        about_onset=False,
    )


def _time_since_stop(fact: Fact) -> float:
    """Days since a past treatment stopped, from its date or, roughly, its year: the most
    recent stop is the one a wash-out counts from."""
    if fact.days_ago is not None:
        return fact.days_ago
    assert fact.end_year is not None
    return years_since(fact.end_year) * 365.25
