"""The data tables behind the components: TSV files under ``resources/<component>/``.

One reader for all of them, so the format is defined once: UTF-8, tab-separated cells, lines
starting with ``#`` and blank lines ignored. Components read their tables once per process
(behind ``functools.lru_cache``) and turn the rows into their own lexicons.

A concept that several components need lives in one table under ``resources/shared/``, read here
once, and each component takes the part it needs: :func:`demonyms`, :func:`weapons`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

#: kinds of demonym (``resources/shared/demonyms.tsv``)
NATION, NAME, LOCAL = "nation", "name", "local"


def read_table(component: str, name: str) -> list[list[str]]:
    """The rows of ``resources/<component>/<name>``, each a list of cells."""
    path = resources.files("dateline") / "resources" / component / name
    return [
        line.split("\t")
        for line in path.read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


@dataclass(frozen=True, slots=True)
class Demonym:
    """A word for a country's people ("Afghans"), or its name used as a modifier ("US")."""

    form: str  # as written
    country: str  # ISO 3166 alpha-3
    kind: str  # NATION ("Afghan"), NAME ("US": also a place name) or LOCAL ("Texan", "Kurdish")


@lru_cache(maxsize=1)
def demonyms() -> tuple[Demonym, ...]:
    """Every demonym form in table order: the actors component reads nationalities from the
    NATION and NAME forms, the places component drops NATION and LOCAL forms from toponyms."""
    return tuple(
        Demonym(form.strip(), iso.strip(), kind.strip())
        for iso, kind, forms in read_table("shared", "demonyms.tsv")
        for form in forms.split("|")
    )


@dataclass(frozen=True, slots=True)
class Weapon:
    """A weapon or other word that says how an attack was carried out ("rifle", "suicide")."""

    lemma: str  # lowercase
    mode: str | None  # the ASSAULT mode it decides ("firearms"), None for none
    acled: str | None  # the ACLED sub-type it implies, None for the mode's own
    model: bool  # a noun a weapon model name modifies ("AK rifles"): the name is a product


@lru_cache(maxsize=1)
def weapons() -> tuple[Weapon, ...]:
    """``resources/shared/weapons.tsv``: the events component reads the ASSAULT modes from it,
    the actors component the model nouns."""
    return tuple(
        Weapon(lemma, None if mode == "-" else mode, None if acled == "-" else acled, model == "1")
        for lemma, mode, acled, model in read_table("shared", "weapons.tsv")
    )
