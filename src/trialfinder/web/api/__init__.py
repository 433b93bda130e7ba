"""The JSON face: ClinicalTrials.gov API v2 compatible ``/api/v2`` and trialfinder's own.

One face in one place: the registry-compatible endpoints (:mod:`.ctgov_v2`, with
the study export in :mod:`.export`, ``fields`` in :mod:`.fields`, the registry's
parameters in :mod:`.registry_query` and its metadata, statistics and version
endpoints in :mod:`.registry_stats`), trialfinder's own ``/api/search`` and
``/api/facets`` (:mod:`.own`), ``/api/status`` (:mod:`.status`), ``POST /api/match``
(:mod:`.match`) and the URL parameters they share with the search page
(:mod:`.params`). A registry question asked before is answered from memory by
:mod:`.answer_cache`, in front of the router, and a plain ``/studies`` question is
answered there too (:mod:`.direct_studies`), without FastAPI's routing. Every bad parameter is a
:class:`trialfinder.search.QueryError`, answered as a 400 naming it.
"""

from __future__ import annotations

from fastapi import APIRouter

from trialfinder.web.api import ctgov_v2, match, own, registry_stats, status

__all__ = ["router"]

router = APIRouter()
# Before ctgov_v2: /v2/studies/metadata is not a study id.
router.include_router(registry_stats.router)
router.include_router(ctgov_v2.router)
router.include_router(own.router)
router.include_router(status.router)
router.include_router(match.router)
