"""Engines that run an ingest somewhere other than this process's own workers (``--engine``).

Each engine reads with Dateline's readers, processes with ``dateline.pipeline`` and commits
with the lake's ``Lake.commit``, so its tables equal a local ``ingest --lake`` of the same
inputs; only where the work runs differs. ``ray`` (Ray Data) needs the ``dateline[ray]`` extra
and is imported only when asked for.
"""

from __future__ import annotations


class EngineUnavailable(Exception):
    """An engine that cannot run here: its package is missing or its cluster unreachable."""
