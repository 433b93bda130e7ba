"""Keep the garbage collector off the tables a server process builds once.

A web process builds large tables on first use and keeps them for its whole life:
the vocabulary, the spelling corrector, the gazetteer, the basemap, compiled
templates, per-module caches (about 190,000 objects the collector tracks on the
bundled sample). CPython's full collection walks every tracked object, and a
search page allocates enough to set one off every dozen pages or so: measured on
the sample, 16 full collections of ~105 ms each in 218 cold search pages, over a
third of their CPU. :func:`gc.freeze` moves every object alive at that moment to a
permanent generation no collection walks again; objects still die as usual when
their last reference goes.

The tables are built lazily by whichever request first needs them, so there is no
one moment after which everything is built: this middleware freezes after the
1st, 10th, 100th and 1,000th answer of the process (a collection first, so no
garbage is frozen), which catches what the first pages of each kind build at the
cost of four collections per process.
"""

from __future__ import annotations

import gc

from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["FreezeLongLivedMiddleware", "answer_sent", "freeze_long_lived"]

_FREEZE_AFTER = frozenset({1, 10, 100, 1_000})

# Answers this process has sent (all apps of the process share one heap).
_answered = 0


def freeze_long_lived() -> None:
    """Collect, then move what is alive now out of the collector's reach."""
    gc.collect()
    gc.freeze()


def answer_sent() -> None:
    """Counts one answer of this process (freezing after the few that build the tables);
    for answers sent in front of the middleware."""
    global _answered
    _answered += 1
    if _answered in _FREEZE_AFTER:
        freeze_long_lived()


class FreezeLongLivedMiddleware:
    """Counts the process's answers and freezes what is alive after a few of them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)
        if scope["type"] == "http":
            answer_sent()
