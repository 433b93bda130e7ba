"""How much one request may send: the body, the number of form fields, each field's length.

The limits are named and generous — a patient profile JSON or a clinical note of
100 KB fits with room to spare — and nothing is ever cut silently: a request over
a limit is refused with a 413 whose message names the limit (and the field).

The body cap is enforced as the body streams (:class:`BodyLimitMiddleware`): a
declared ``Content-Length`` over the cap is refused before a byte of the body is
read, and a body without one is counted chunk by chunk, so a 200 MB POST never
sits in memory.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "FORM_LIMITS",
    "MAX_FIELD_CHARS",
    "MAX_FORM_FIELDS",
    "MAX_REQUEST_BYTES",
    "BodyLimitMiddleware",
    "BodyTooLarge",
    "FieldTooLong",
    "declares_body",
    "limited_answers",
]

# One form field (a profile JSON, a note, a list of conditions), in characters.
MAX_FIELD_CHARS = 200_000
# Fields of one form: the longest pre-screen form asks a few dozen questions.
MAX_FORM_FIELDS = 200
# A whole request body: a full-length field of non-ASCII text, URL-encoded (9 bytes a
# character at worst), and more.
MAX_REQUEST_BYTES = 2 * 1024 * 1024
# Keyword arguments of ``request.form()``: fields are counted as the form is parsed, and
# one field may be as long as the body (Starlette's own default cuts at 1 MB, with a 400).
FORM_LIMITS: dict[str, int] = {"max_fields": MAX_FORM_FIELDS, "max_part_size": MAX_REQUEST_BYTES}

# Headers that say a request has a body.
_BODY_HEADERS = frozenset({b"content-length", b"transfer-encoding"})


def declares_body(scope: Scope) -> bool:
    """Whether an HTTP request says it has a body: answers in front of the app take
    only requests without one, and leave the others to the body cap."""
    return any(name.lower() in _BODY_HEADERS for name, _ in scope["headers"])


class FieldTooLong(ValueError):
    """A form field over :data:`MAX_FIELD_CHARS` (a 413)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BodyTooLarge(ValueError):
    """A request body over :data:`MAX_REQUEST_BYTES` (a 413)."""

    message = (
        f"The request is larger than {MAX_REQUEST_BYTES // (1024 * 1024)} MB, "
        "the most this server accepts."
    )


def limited_answers(form: Mapping[str, object]) -> dict[str, str]:
    """The form's text fields, whole; FieldTooLong naming a field over :data:`MAX_FIELD_CHARS`."""
    answers = {key: value for key, value in form.items() if isinstance(value, str)}
    for key, value in answers.items():
        if len(value) > MAX_FIELD_CHARS:
            raise FieldTooLong(
                f"The field {key[:40]!r} is {len(value):,} characters long; "
                f"the most this form accepts is {MAX_FIELD_CHARS:,}."
            )
    return answers


class BodyLimitMiddleware:
    """Refuses request bodies over ``max_bytes`` as they stream: never read into memory.

    A declared length over the cap is answered at once; an undeclared one raises
    :class:`BodyTooLarge` from ``receive`` when the count passes the cap, which the
    error handling answers as a 413 (the app is reading the body, so it has not
    answered yet).
    """

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_REQUEST_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            raise BodyTooLarge()
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge()
            return message

        await self.app(scope, counted_receive, send)
