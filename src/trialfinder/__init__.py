"""trialfinder: find clinical trials and pre-screen patients against their criteria."""

__version__ = "0.1.0"

__all__ = ["__version__"]
