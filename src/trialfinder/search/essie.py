"""Essie, the registry's search-expression language, parsed into a typed tree.

ClinicalTrials.gov API v2 takes Essie expressions in every ``query.*`` parameter
and in ``filter.advanced``; clients written against the registry send them
as-is, so a drop-in server has to read them the same way. Parsing is kept apart
from evaluation: this module only turns text into :data:`EssieNode` values (or
an :class:`EssieSyntaxError` that says where the text went wrong), and the
search side decides how each node is answered by its index.

The grammar, loosest binding first (as in the registry's syntax reference):

* ``a NOT b`` keeps what matches ``a`` and not ``b``; a leading ``NOT b`` means
  "every study but ``b``";
* ``a AND b``, or ``a b`` side by side, needs both;
* ``a OR b`` needs either;
* context operators prefix one operand: ``AREA[Field]``, ``SEARCH[Area]``,
  ``EXPANSION[mode]``, ``COVERAGE[mode]``, ``TILT[Field]``;
* operands: a word, a ``"quoted phrase"``, ``( … )``, ``RANGE[low, high]``
  (``MIN``/``MAX`` for an open end), ``MISSING`` and ``ALL``.

Operator words are recognised only in capitals, as the registry does; ``and``
in lower case is a search word.
"""

from __future__ import annotations

from typing import Final, Literal

import msgspec

__all__ = [
    "COVERAGE_MODES",
    "EXPANSION_MODES",
    "MAX_EXPRESSION_LENGTH",
    "All",
    "And",
    "Area",
    "Coverage",
    "EssieNode",
    "EssieSyntaxError",
    "Expansion",
    "Missing",
    "Not",
    "Or",
    "Range",
    "Search",
    "Term",
    "Tilt",
    "parse_essie",
]

MAX_EXPRESSION_LENGTH: Final = 10_000
"""Longer expressions are refused: no registry client sends one, and the parser is recursive."""

_MAX_DEPTH: Final = 64

EXPANSION_MODES: Final = ("None", "Term", "Concept", "Relaxation", "Lossy")
COVERAGE_MODES: Final = ("FullMatch", "StartsWith", "EndsWith", "Contains")

_BOOLEAN_WORDS: Final = frozenset({"AND", "OR", "NOT"})
_BRACKET_OPERATORS: Final = frozenset({"AREA", "SEARCH", "EXPANSION", "COVERAGE", "TILT", "RANGE"})
_LEAF_WORDS: Final = frozenset({"MISSING", "ALL"})


class EssieSyntaxError(ValueError):
    """An expression the grammar cannot read; ``position`` is a 0-based character offset."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} (at character {position + 1})")
        self.reason = message
        self.position = position


class Term(msgspec.Struct, frozen=True, tag="term"):
    """A search word, or several words that must stand together when ``phrase``."""

    text: str
    phrase: bool = False


class Range(msgspec.Struct, frozen=True, tag="range"):
    """``RANGE[low, high]``; None for ``MIN`` or ``MAX`` (an open end). Bounds keep their text
    ("16 years", "2023-01-15", "100") because their meaning depends on the field."""

    low: str | None
    high: str | None


class Missing(msgspec.Struct, frozen=True, tag="missing"):
    """``MISSING``: the field has no value."""


class All(msgspec.Struct, frozen=True, tag="all"):
    """``ALL``: every study."""


class And(msgspec.Struct, frozen=True, tag="and"):
    children: tuple[EssieNode, ...]


class Or(msgspec.Struct, frozen=True, tag="or"):
    children: tuple[EssieNode, ...]


class Not(msgspec.Struct, frozen=True, tag="not"):
    """``keep NOT drop``; ``keep`` is :class:`All` for a leading ``NOT``."""

    keep: EssieNode
    drop: EssieNode


class Area(msgspec.Struct, frozen=True, tag="area"):
    """``AREA[Field]operand``: the operand is looked for in one field or search area."""

    field: str
    operand: EssieNode


class Search(msgspec.Struct, frozen=True, tag="search"):
    """``SEARCH[Location](…)``: every condition inside must hold for the same list item
    (the same site, the same intervention)."""

    area: str
    operand: EssieNode


class Expansion(msgspec.Struct, frozen=True, tag="expansion"):
    """``EXPANSION[mode]``: how far synonyms and word forms reach (a ranking hint)."""

    mode: str
    operand: EssieNode


class Coverage(msgspec.Struct, frozen=True, tag="coverage"):
    """``COVERAGE[mode]``: whether the operand must be the whole field, its start, its end,
    or may stand anywhere in it."""

    mode: str
    operand: EssieNode


class Tilt(msgspec.Struct, frozen=True, tag="tilt"):
    """``TILT[Field]``: rank by a field (ordering only; never changes which studies match)."""

    field: str
    operand: EssieNode


EssieNode = (
    Term | Range | Missing | All | And | Or | Not | Area | Search | Expansion | Coverage | Tilt
)

_TokenKind = Literal["word", "phrase", "open", "close", "operator", "end"]


class _Token(msgspec.Struct, frozen=True):
    kind: _TokenKind
    text: str
    position: int
    argument: str | None = None  # the text between the brackets of an operator token


def _tokenise(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if char.isspace():
            index += 1
        elif char == "(":
            tokens.append(_Token("open", char, index))
            index += 1
        elif char == ")":
            tokens.append(_Token("close", char, index))
            index += 1
        elif char == '"':
            end = text.find('"', index + 1)
            if end < 0:
                raise EssieSyntaxError("a quoted phrase is not closed", index)
            tokens.append(_Token("phrase", text[index + 1 : end], index))
            index = end + 1
        elif char in "[]":
            raise EssieSyntaxError(f"unexpected {char!r}", index)
        else:
            start = index
            while index < length and not text[index].isspace() and text[index] not in '()[]"':
                index += 1
            word = text[start:index]
            if word in _BRACKET_OPERATORS and index < length and text[index] == "[":
                close = text.find("]", index + 1)
                if close < 0:
                    raise EssieSyntaxError(f"{word}[ is not closed with ]", index)
                argument = text[index + 1 : close].strip()
                tokens.append(_Token("operator", word, start, argument))
                index = close + 1
            elif word in _BRACKET_OPERATORS:
                raise EssieSyntaxError(f"{word} needs [ … ] right after it", start)
            elif word in _BOOLEAN_WORDS or word in _LEAF_WORDS:
                tokens.append(_Token("operator", word, start))
            else:
                tokens.append(_Token("word", word, start))
    tokens.append(_Token("end", "", length))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenise(text)
        self.index = 0
        self.depth = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def at_end(self) -> bool:
        return self.token.kind == "end"

    def at_operator(self, *names: str) -> bool:
        return self.token.kind == "operator" and self.token.text in names

    def enter(self) -> None:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise EssieSyntaxError("the expression nests too deeply", self.token.position)

    def expression(self) -> EssieNode:
        self.enter()
        if self.at_operator("NOT"):
            self.advance()
            result: EssieNode = Not(All(), self.conjunction())
        else:
            result = self.conjunction()
        while self.at_operator("NOT"):
            self.advance()
            result = Not(result, self.conjunction())
        self.depth -= 1
        return result

    def conjunction(self) -> EssieNode:
        children = [self.disjunction()]
        while True:
            if self.at_operator("AND"):
                self.advance()
                if self.at_operator("NOT"):
                    # "a AND NOT b" is "a NOT b": leave the NOT to the looser level.
                    break
                children.append(self.disjunction())
            elif self.starts_operand():
                children.append(self.disjunction())
            else:
                break
        return children[0] if len(children) == 1 else And(tuple(children))

    def disjunction(self) -> EssieNode:
        children = [self.unary()]
        while self.at_operator("OR"):
            self.advance()
            children.append(self.unary())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def starts_operand(self) -> bool:
        token = self.token
        if token.kind in ("word", "phrase", "open"):
            return True
        return token.kind == "operator" and token.text not in _BOOLEAN_WORDS

    def unary(self) -> EssieNode:
        token = self.token
        if token.kind == "operator" and token.argument is not None:
            self.advance()
            if token.text == "RANGE":
                return _range(token)
            if not token.argument:
                raise EssieSyntaxError(f"{token.text}[ ] needs a name inside", token.position)
            self.enter()
            operand = self.unary()
            self.depth -= 1
            return _context(token, operand)
        return self.primary()

    def primary(self) -> EssieNode:
        token = self.advance()
        if token.kind == "word":
            return Term(token.text)
        if token.kind == "phrase":
            text = " ".join(token.text.split())
            if not text:
                raise EssieSyntaxError("an empty quoted phrase", token.position)
            return Term(text, phrase=True)
        if token.kind == "open":
            inner = self.expression()
            if self.token.kind != "close":
                raise EssieSyntaxError("a parenthesis is not closed", token.position)
            self.advance()
            return inner
        if token.kind == "operator" and token.text == "MISSING":
            return Missing()
        if token.kind == "operator" and token.text == "ALL":
            return All()
        if token.kind == "end":
            raise EssieSyntaxError(
                "the expression ends where a search term was expected", token.position
            )
        raise EssieSyntaxError(f"unexpected {token.text!r}", token.position)


def _range(token: _Token) -> Range:
    argument = token.argument or ""
    parts = argument.split(",")
    if len(parts) != 2:
        raise EssieSyntaxError("RANGE[ ] takes two bounds separated by a comma", token.position)
    low, high = (part.strip() for part in parts)
    if not low or not high:
        raise EssieSyntaxError("RANGE[ ] bounds cannot be empty (use MIN or MAX)", token.position)
    return Range(None if low.upper() == "MIN" else low, None if high.upper() == "MAX" else high)


def _context(token: _Token, operand: EssieNode) -> EssieNode:
    argument = token.argument or ""
    if token.text == "AREA":
        return Area(argument, operand)
    if token.text == "SEARCH":
        return Search(argument, operand)
    if token.text == "TILT":
        return Tilt(argument, operand)
    modes = EXPANSION_MODES if token.text == "EXPANSION" else COVERAGE_MODES
    mode = next((known for known in modes if known.lower() == argument.lower()), None)
    if mode is None:
        raise EssieSyntaxError(
            f"{token.text}[{argument[:40]}] is not one of {', '.join(modes)}", token.position
        )
    if token.text == "EXPANSION":
        return Expansion(mode, operand)
    return Coverage(mode, operand)


def parse_essie(text: str) -> EssieNode:
    """Parse an Essie expression; raises :class:`EssieSyntaxError` with the position of the fault.

    An expression with nothing in it is an error too: callers skip absent parameters
    before parsing, so an empty one here is a client mistake worth naming.
    """
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise EssieSyntaxError(
            f"the expression is longer than {MAX_EXPRESSION_LENGTH:,} characters",
            MAX_EXPRESSION_LENGTH,
        )
    parser = _Parser(text)
    if parser.at_end():
        raise EssieSyntaxError("the expression is empty", 0)
    tree = parser.expression()
    if not parser.at_end():
        token = parser.token
        what = "')'" if token.kind == "close" else repr(token.text)
        raise EssieSyntaxError(f"unexpected {what}", token.position)
    return tree
