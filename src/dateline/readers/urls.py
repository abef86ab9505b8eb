"""The form of a URL that goes into a document's key, so that variants of one address are one
document: ``HTTP://Example.com:80/a/?utm_source=x#top`` and ``http://example.com/a`` name the
same article.

Normalized: scheme and host case, default ports, a trailing slash, the fragment, and tracking
parameters (``resources/readers/tracking_params.tsv``: exact names and prefixes such as
``utm_``); the other parameters keep their order, since some sites give it meaning. Written with
``urllib.parse`` rather than courlan (already installed with trafilatura) because courlan keeps
fragments and trailing slashes and hard-codes its own tracking list.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from dateline.tables import read_table

_DEFAULT_PORTS = {"http": 80, "https": 443}


@lru_cache(maxsize=1)
def _tracking() -> tuple[frozenset[str], tuple[str, ...]]:
    """(exact names, prefixes), lowercase."""
    rows = read_table("readers", "tracking_params.tsv")
    exact = frozenset(name.lower() for name, kind, *_ in rows if kind == "exact")
    prefixes = tuple(name.lower() for name, kind, *_ in rows if kind == "prefix")
    return exact, prefixes


def _is_tracking(name: str) -> bool:
    exact, prefixes = _tracking()
    name = name.lower()
    return name in exact or name.startswith(prefixes)


def canonical_url(url: str) -> str:
    """``url`` in the form used for the document key; a string that does not parse as a URL
    is returned stripped, unchanged otherwise."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a bad port or an unbalanced IPv6 bracket: not a URL to normalize
        return url
    if not parts.scheme or not parts.netloc:
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:  # IPv6
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    if "@" in parts.netloc:
        host = f"{parts.netloc.rpartition('@')[0]}@{host}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not _is_tracking(k)]
    return urlunsplit((scheme, host, parts.path.rstrip("/"), urlencode(query), ""))
