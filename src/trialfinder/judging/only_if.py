"""A criterion that counts what it names only under a further condition.

"Patients with comorbid generalized anxiety disorder (GAD), social anxiety disorder (SAD), or
panic disorder are excluded only if the GAD, SAD, or panic disorder is considered the primary
psychiatric diagnosis, rather than MDD" (NCT05686408), "Treatment-naïve patients will be
eligible only if they refused standard treatment" (NCT03983954): the condition the criterion
names is not enough; the words after "only if" (``only_if_cues`` of ``judge_cues``) add a
condition a note seldom settles. A met answer decided on the named condition alone is unknown,
and the reason quotes what the criterion also asks. Only the criterion's first sentence is
read so: a later sentence's "only when" qualifies another of its cases.
"""

from __future__ import annotations

import functools
import re

from trialfinder.criteria.model import Criterion
from trialfinder.judging.findings import Outcome
from trialfinder.patient import judge_cue_pattern

__all__ = ["with_only_if_asked"]


# A sentence's full stop (a decimal point ends none).
_SENTENCE_END = re.compile(r"\.(?=\s|$)")


@functools.cache
def _only_if() -> re.Pattern[str]:
    """The cue and its condition, to the end of its clause or bracket."""
    return judge_cue_pattern(r"\b(?:{only_if_cues:spaced})\b[^.;()]*", re.IGNORECASE)


def with_only_if_asked(criterion: Criterion, own: Outcome) -> Outcome:
    """``own``, a met answer made unknown when the criterion counts what it names only
    under a further condition ("excluded only if the GAD … is considered the primary
    psychiatric diagnosis")."""
    status, evidence, reason = own
    if status != "met":
        return own
    # The criterion's own first sentence: a later one's "only if" qualifies something else
    # ("… In the case of oophorectomy alone, women are considered menopausal … only when the
    # reproductive status … has been confirmed", NCT06427811, after its natural menopause).
    first = _SENTENCE_END.search(criterion.text)
    found = _only_if().search(criterion.text, 0, first.start() if first else len(criterion.text))
    if found is None:
        return own
    asked = " ".join(found.group().split()).rstrip(" ,")
    return "unknown", evidence, f"{reason}; the criterion counts it {asked}, for the study team"
