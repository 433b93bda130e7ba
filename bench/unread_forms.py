"""Which inclusion criteria of the real trials the parse reads nothing from, by form.

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

from trialfinder import criterion_from_text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from judge_audit import criteria

__all__ = ["FORMS", "form_of", "main"]

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
OTHER = "other"


def form_of(text: str) -> str:
    """The first form whose construction the criterion's text shows, else ``other``."""
    for name, pattern in FORMS:
        if pattern.search(text):
            return name
    return OTHER


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--section", default="inclusion")
    parser.add_argument("--show", help="print the unread criteria of the form containing this")
    parser.add_argument("--audit", help="a judge_audit.py --out file: count 'not computable'")
    args = parser.parse_args()
    items = dict.fromkeys((t, c.section, c.text) for t, _, c in criteria())
    total = 0
    unread: dict[str, list[str]] = defaultdict(list)
    for _, section, text in items:
        if section != args.section:
            continue
        total += 1
        if not criterion_from_text(text, section).constraints:
            unread[form_of(text)].append(text)
    count = sum(len(texts) for texts in unread.values())
    print(f"{args.section} criteria: {total}; nothing read: {count} ({count / total:.1%})")
    unanswered = _never_computed(args.audit, args.section) if args.audit else None
    if unanswered is not None:
        print(f"the judge answers 'not computable' for every note: {len(unanswered)}")
    print(" unread" + ("  never" if unanswered is not None else "") + "  form")
    for name, texts in Counter({n: len(t) for n, t in unread.items()}).most_common():
        never = "" if unanswered is None else f"{sum(form_of(t) == name for t in unanswered):7d}"
        print(f"{texts:6d} {never}  {name}")
    if args.show:
        for name, texts in unread.items():
            if args.show in name:
                for text in sorted(texts):
                    print(f"- {text[:200]}")


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
