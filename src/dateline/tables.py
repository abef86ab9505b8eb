"""The data tables behind the components: TSV files under ``resources/<component>/``.

One reader for all of them, so the format is defined once: UTF-8, tab-separated cells, lines
starting with ``#`` and blank lines ignored. Components read their tables once per process
(behind ``functools.lru_cache``) and turn the rows into their own lexicons.
"""

from __future__ import annotations

from importlib import resources


def read_table(component: str, name: str) -> list[list[str]]:
    """The rows of ``resources/<component>/<name>``, each a list of cells."""
    path = resources.files("dateline") / "resources" / component / name
    return [
        line.split("\t")
        for line in path.read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
