"""What the judge's reasons call a concept: the trial's own words when they read as a
name, else the concept's clean name, never a fragment ("HCV) antibody") or a lone adjective
("autoimmune"). Every reader that writes a reason asks it.
"""

from __future__ import annotations

from trialfinder.criteria.lexicon import Concept, phrase_key

__all__ = ["concept_name", "prose_name"]


# A mention ending on one of these is a fragment of a longer phrase ("Participation
# in another" of "…another clinical trial"): reasons name the concept instead.
_DANGLING_WORDS = frozenset(
    {"a", "an", "and", "another", "any", "in", "of", "or", "other", "the", "to", "with"}
    | {"for", "by", "on", "at", "from"}
)


def concept_name(text: str, concept: Concept | None) -> str:
    """What reasons call a concept: the trial's words when they read as a name, else the concept's.

    The words matched in criteria can be a fragment ("HCV) antibody" from
    "anti-(HCV) antibody", "Participation in another") or a lone adjective that
    begins a longer name of the concept ("autoimmune" in "autoimmune or inflammatory
    disorders", of "autoimmune disease"; "malignant" in "malignant thymoma", of "malignant
    tumor"); people are shown a clean name, never the fragment.
    """
    words = text.split()
    balanced = text.count("(") == text.count(")") and text.count("[") == text.count("]")
    lone_adjective = (
        concept is not None
        and len(words) == 1
        and bool(concept.names)
        and any(name.startswith(f"{text.lower()} ") for name in concept.names)
    ) or _part_of_a_name(text, concept)
    clean = (
        balanced
        and bool(words)
        and words[-1].lower() not in _DANGLING_WORDS
        and text[:1].isalnum()
        and text[-1:].isalnum()
        and not lone_adjective
    )
    if clean:
        return text
    if concept is not None and concept.names:
        return concept.names[0]
    return text.replace("(", "").replace(")", "").strip("[],;:. ")


def prose_name(name: str) -> str:
    """A concept's name in the middle of a reason's sentence: lower case, but for words
    written in two or more capitals, kept as the criterion writes them ("adjuvant ET", not
    "adjuvant et"; "HIV infection")."""
    return " ".join(
        word if sum(char.isupper() for char in word) >= 2 else word.lower()
        for word in name.split(" ")
    )


def _part_of_a_name(text: str, concept: Concept | None) -> bool:
    """Whether ``text`` is words of one of the concept's names but no name itself: a name
    written in part, its shared words left to the name beside it ("type 1" and "C" of "type
    1 or type 2 diabetes" and "hepatitis B or C")."""
    if concept is None or not concept.names:
        return False
    key = phrase_key(text)
    if not key or " ".join(key) in concept.names:
        return False
    size = len(key)
    return any(
        tuple(words[i : i + size]) == key
        for words in (phrase_key(name) for name in concept.names)
        if len(words) > size
        for i in range(len(words) - size + 1)
    )
