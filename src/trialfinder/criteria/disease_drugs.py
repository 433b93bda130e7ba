"""A disease named as the drugs that treat it: "Parkinson's drug", "HIV medication".

Criteria list prohibited medicines by the disease they treat ("Use of medications that
could influence the result (…, Parkinson's drug, dementia drug)", "diabetes medicines").
Read as the disease, such a criterion asks the patient to have it, so a patient with
Parkinson's disease and no Parkinson's drug would be excluded. The words that turn a
disease into its drugs are data (``disease_drug_heads`` in ``cues.json``); the criterion
reader does not read the disease there, and the judge leaves the drug to the study team
(the note's drugs are not yet compared with what a disease's drugs are).
"""

from __future__ import annotations

import functools
import re

from trialfinder.criteria.lexicon import load_lexicon

__all__ = ["names_its_drugs"]


@functools.cache
def _heads() -> re.Pattern[str]:
    cues = load_lexicon().cues
    heads = "|".join(re.escape(h) for h in sorted(cues.disease_drug_heads, key=len, reverse=True))
    exceptions = "|".join(
        re.escape(e) for e in sorted(cues.disease_drug_head_exceptions, key=len, reverse=True)
    )
    after = rf"(?![\s-]*(?:{exceptions})\b)" if exceptions else ""
    # "Parkinson's drug", "Parkinson's disease medication", "HIV-medication", "dementia drugs".
    return re.compile(rf"(?:['’]s)?(?:\s+disease)?[\s-]+(?:{heads})\b{after}", re.IGNORECASE)


def names_its_drugs(text: str, end: int) -> bool:
    """Whether the disease ending at ``end`` in ``text`` is followed by a word naming its drugs."""
    return _heads().match(text, end) is not None
