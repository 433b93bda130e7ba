"""Which criteria of the real trials the parse reads nothing from, by form.

A criterion counts as "nothing read" when ``criterion_from_text`` gives it no constraint (the
judge then answers it from its text alone, or "not computable from structured data"). The
criteria are those the judge audit reads (``bench/judge_audit.py``): every text item and
sub-item of the API v2 studies and the legacy XML sample, each (trial, text) once. Each
unread inclusion is put in the first FORM its leading construction matches (the order
below), so the table says which forms a note could answer (diagnosis, histology, stage,
procedure, measurable disease) and which it cannot (willingness, consent, ability).

``--audit FILE`` (a ``judge_audit.py --out`` file) adds a second count per form: the
criteria the judge answers "not computable from structured data" for every note of the
audit (the judge reads some unread criteria from their text: measurable disease, consent;
and a criterion read alone loses the trial's conditions a stage alone is read with).

``--section exclusion`` puts the unread exclusions in forms by WHY nothing is read
(``EXCLUSION_FORMS``): what a note cannot answer (consent, another study, compliance, the
investigator's opinion: the study team decides), words asking nothing themselves (a list's
heading), and what a note can name (a medicine, a procedure or device, a test's result, an
illness in general, else a condition the vocabulary misses: ``other``). Beside each form,
the judge's answers on a whole note made of the criterion's own words: a note naming what
an exclusion asks should meet it or leave it to the study team, never let it off
("not_met") as a note silent on it is.

Run: PYTHONPATH=src .venv/bin/python bench/unread_forms.py [--section inclusion] [--show FORM]
     [--audit /tmp/audit.json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from trialfinder import Criterion, PatientProfile, criterion_from_text, extract_facts
from trialfinder.match import judge

sys.path.insert(0, str(Path(__file__).resolve().parent))
from judge_audit import criteria

__all__ = ["EXCLUSION_FORMS", "FORMS", "form_of", "main"]

_I = re.IGNORECASE
# (form, leading construction) in the order they are tried.
FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("willing / consent / agree", re.compile(r"\b(?:willing|willingness|consent|agree)", _I)),
    ("able to / capable of", re.compile(r"^\W*(?:\w+\s+){0,4}(?:able|ability|capable)\b", _I)),
    ("measurable / evaluable disease", re.compile(r"\b(?:measurable|evaluable|RECIST)\b", _I)),
    ("life expectancy", re.compile(r"\blife\s+expectancy\b", _I)),
    ("performance status", re.compile(r"\b(?:ECOG|Karnofsky|KPS|performance\s+status)\b", _I)),
    (
        "histologically / cytologically confirmed X",
        re.compile(r"\b(?:histolog|cytolog|patholog|biopsy[- ]proven)\w*", _I),
    ),
    ("diagnosis of / diagnosed with X", re.compile(r"\bdiagnos[ie]", _I)),
    (
        "X stage / extent (stage, TNM, metastatic, resectable)",
        re.compile(
            r"\b(?:stage|grade|T[0-4]|N[0-3]|M[01]|metasta\w*|locally\s+advanced|"
            r"(?:un)?resectable|recurren\w*|relapsed|refractory)\b",
            _I,
        ),
    ),
    (
        "scheduled for / undergoing <procedure>",
        re.compile(
            r"\b(?:scheduled|undergo\w*|underwent|planned|planning|candidates?\s+for|"
            r"referred|awaiting|surgery|surgical|resection|transplant\w*)\b",
            _I,
        ),
    ),
    (
        "adequate organ function / laboratory values",
        re.compile(r"\b(?:adequate|laboratory|function|values?|count|levels?)\b", _I),
    ),
    (
        "contraception / childbearing / sex",
        re.compile(r"\b(?:contracept\w*|childbearing|pregnan\w*|female|male|gender|sex)\b", _I),
    ),
    (
        "patients / subjects with X",
        re.compile(
            r"^\W*(?:\w+\s+){0,2}(?:patients?|subjects?|participants?|adults?|women|men|"
            r"children|individuals?|persons?|people)\b",
            _I,
        ),
    ),
    ("prior / current treatment", re.compile(r"\b(?:prior|previous|treat\w*|therap\w*)\b", _I)),
)
# The exclusions' forms, by why nothing is read of them (``--section exclusion``): what a
# note cannot answer (the study's own administration, the investigator's opinion), words
# that ask nothing themselves (a list's heading, a pointer to the protocol), and what a
# note can name (a medicine, a procedure or device, a test's result, an illness in general
# or a named condition the vocabulary misses).
EXCLUSION_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "administrative: the investigator's opinion",
        re.compile(
            r"\b(?:opinion|judg(?:e)?ment|judged|discretion|investigators?'?s?|unsuitable|"
            r"deemed|considered)\b",
            _I,
        ),
    ),
    (
        "administrative: consent, another study, compliance",
        re.compile(
            r"\b(?:consent|assent|willing|unwilling\w*|complian\w*|comply|cooperat\w*|"
            r"(?:another|other|different|any)\s+(?:\w+\s+){0,2}(?:stud(?:y|ies)|trials?)|"
            r"enrol(?:l)?(?:ment|ed)?|participat\w*|protocol|follow[- ]?up|language|English)\b",
            _I,
        ),
    ),
    (
        "asks nothing itself: a heading, a pointer",
        re.compile(r"(?::\s*$|^\W*(?:none|notes?|part)\W*$|\b(?:above|refer\s+to)\b)", _I),
    ),
    (
        "a medicine or substance",
        re.compile(
            r"\b(?:use|taking|taken|took|receiv\w*|treat\w*|therap\w*|drugs?|"
            r"medications?|medicines?|agents?|inhibitors?|inducers?|substrates?|vitamins?|"
            r"supplements?|alcohol|caffein\w*|\w+mab|\w+nib)\b",
            _I,
        ),
    ),
    (
        "a procedure, device or implant",
        re.compile(
            r"\b(?:\w*ectomy|\w*otomy|\w*plasty|surg\w*|operat\w*|irradiation|radiation|"
            r"implant\w*|devices?|stents?|prosthe\w*|metal\w*|MRI|transfusion|donation|"
            r"reconstruction|stimulat\w*|piercing|tattoo)\b",
            _I,
        ),
    ),
    (
        "a test's result or finding (ECG, screen, imaging)",
        re.compile(
            r"\b(?:ECG|electrocardiogram|QTc?|positive|negative|screen\w*|test\w*|imaging|"
            r"laborator\w*|labs?|abnormal\w*|findings?|ULN)\b",
            _I,
        ),
    ),
    (
        "an illness in general (any condition, serious illness)",
        re.compile(
            r"\b(?:conditions?|illness\w*|diseases?|disorders?|comorbid\w*|co-morbid\w*)\b",
            _I,
        ),
    ),
)
OTHER = "other"


def form_of(text: str, forms: tuple[tuple[str, re.Pattern[str]], ...] = FORMS) -> str:
    """The first form whose construction the criterion's text shows, else ``other``."""
    for name, pattern in forms:
        if pattern.search(text):
            return name
    return OTHER


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--section", default="inclusion")
    parser.add_argument("--show", help="print the unread criteria of the form containing this")
    parser.add_argument("--audit", help="a judge_audit.py --out file: count 'not computable'")
    args = parser.parse_args()
    forms = EXCLUSION_FORMS if args.section == "exclusion" else FORMS
    items = dict.fromkeys((t, c.section, c.text) for t, _, c in criteria())
    total = 0
    unread: dict[str, list[str]] = defaultdict(list)
    named: Counter[tuple[str, str]] = Counter()
    for _, section, text in items:
        if section != args.section:
            continue
        total += 1
        criterion = criterion_from_text(text, section)
        if not criterion.constraints:
            form = form_of(text, forms)
            unread[form].append(text)
            if section == "exclusion":
                named[form, _named_in_own_words(criterion)] += 1
    count = sum(len(texts) for texts in unread.values())
    print(f"{args.section} criteria: {total}; nothing read: {count} ({count / total:.1%})")
    unanswered = _never_computed(args.audit, args.section) if args.audit else None
    if unanswered is not None:
        print(f"the judge answers 'not computable' for every note: {len(unanswered)}")
    if named:
        print("a whole note of the criterion's own words: met / unknown / not met (let off)")
    print(
        " unread"
        + ("  never" if unanswered is not None else "")
        + ("    met unknown not_met" if named else "")
        + "  form"
    )
    for name, texts in Counter({n: len(t) for n, t in unread.items()}).most_common():
        never = (
            "" if unanswered is None else f"{sum(form_of(t, forms) == name for t in unanswered):7d}"
        )
        answers = (
            "".join(f"{named[name, status]:>7d}" for status in ("met", "unknown", "not_met"))
            if named
            else ""
        )
        print(f"{texts:6d} {never}{answers}  {name}")
    if args.show:
        for name, texts in unread.items():
            if args.show in name:
                for text in sorted(texts):
                    print(f"- {text[:200]}")


def _named_in_own_words(criterion: Criterion) -> str:
    """The judge's answer to an unread exclusion on a whole note that is its own words: a
    note naming what it asks, which should meet it or leave it to the study team, never
    let it off (``not_met``) as a note silent on it does."""
    note = extract_facts(PatientProfile(note=criterion.text))
    return judge(criterion, note, frozenset(), record_is_complete=True).status


def _never_computed(path: str, section: str) -> list[str]:
    """The criteria of ``section`` the audit's judge answered "not computable" for every
    note (each (trial, text) once)."""
    never: dict[tuple[str, str], bool] = {}
    with open(path) as lines:
        for line in lines:
            answer = json.loads(line)
            if answer["section"] == section:
                key = (answer["trial"], answer["criterion"])
                computed = not answer["reason"].startswith("not computable")
                never[key] = never.get(key, True) and not computed
    return [text for (_, text), unread in never.items() if unread]


if __name__ == "__main__":
    main()
