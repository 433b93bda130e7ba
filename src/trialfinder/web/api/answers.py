"""What every JSON endpoint shares: the store it answers from and its documented errors."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from trialfinder.store import Store

__all__ = ["ERROR_RESPONSES", "request_store"]

# The OpenAPI description of the error answers; bodies are QueryError.to_json().
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {
        "description": "A parameter is unknown, unsupported or has a bad value (named in the body)."
    },
    404: {"description": "No such study."},
}


def request_store(request: Request) -> Store:
    """The store the app was created over."""
    store: Store = request.app.state.store
    return store
