"""Access logs without query strings.

Search terms, places and patient answers travel in query strings of GET forms;
they are health data and must never reach a log file. The simplest rule that is
safe everywhere: every access-log line keeps the path and drops the query.
"""

from __future__ import annotations

import logging
from typing import Any

__all__ = ["ACCESS_LOGGER", "DropQueryStrings", "install_access_log_filter", "uvicorn_log_config"]

ACCESS_LOGGER = "uvicorn.access"


class DropQueryStrings(logging.Filter):
    """Rewrites uvicorn access records (client, method, path?query, version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        arguments = record.args
        if isinstance(arguments, tuple) and len(arguments) >= 3 and isinstance(arguments[2], str):
            record.args = (*arguments[:2], arguments[2].split("?", 1)[0], *arguments[3:])
        return True


def install_access_log_filter() -> None:
    """Attach the filter to uvicorn's access logger (idempotent), whoever starts the server."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(existing, DropQueryStrings) for existing in logger.filters):
        logger.addFilter(DropQueryStrings())


def uvicorn_log_config() -> dict[str, Any]:
    """uvicorn's default logging config with the filter on the access handler."""
    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = {
        **LOGGING_CONFIG,
        "filters": {"drop_query_strings": {"()": DropQueryStrings}},
        "handlers": {name: dict(handler) for name, handler in LOGGING_CONFIG["handlers"].items()},
    }
    config["handlers"]["access"]["filters"] = ["drop_query_strings"]
    return config
