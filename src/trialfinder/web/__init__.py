"""The web app: server-rendered pages over the store (no business logic here)."""

__all__: list[str] = []
