"""Which files are read, and reading them safely: regular files only, bounded, no escape through
symlinks.

A folder is walked without following symlinks (``os.walk``), so a link loop cannot hang the walk;
a symlink inside it is read only when it leads to a regular file inside the same folder, and one
leading outside (to ``/etc/passwd``, say) is rejected naming the link and its target. A path given
directly is the user's choice and is followed. Files are opened non-blocking and checked with
``fstat`` on the open descriptor, so a FIFO cannot block the run and a device (``/dev/zero``,
whose size reads 0) is rejected; a regular file is read to at most ``max_bytes + 1`` bytes, never
trusting its size.
"""

from __future__ import annotations

import errno
import gzip
import io
import os
import stat
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from dateline.model import Rejection
from dateline.readers.common import InputError

_CHUNK = 1 << 20
_SKIPPED_NAMES = frozenset({".DS_Store", "Thumbs.db"})
_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def input_files(paths: Iterable[str | Path]) -> Iterator[Path | Rejection]:
    """The files to read under each path (folders recursively, in name order, hidden names
    skipped), or a rejection for what may not be read: a symlink leading outside its folder, a
    loop, a folder that cannot be listed."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _walk(folder: Path) -> Iterator[Path | Rejection]:
    root = folder.resolve()
    errors: list[OSError] = []
    for top, dirs, files in os.walk(root, onerror=errors.append):
        here = Path(top)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for d in list(dirs):
            if (here / d).is_symlink():
                dirs.remove(d)  # never descended: its files are read under their real path
                outside = _outside(here / d, root, folder)
                if outside:
                    yield outside
        for name in sorted(files):
            if name.startswith(".") or name in _SKIPPED_NAMES:
                continue
            path = here / name
            rejection = _outside(path, root, folder) if path.is_symlink() else None
            yield rejection or folder / path.relative_to(root)
    for e in errors:
        yield Rejection(origin=origin_of(e.filename or folder),
                        reason=f"cannot list: {e.strerror or e}")


def _outside(link: Path, root: Path, folder: Path) -> Rejection | None:
    """A rejection for a symlink that is broken, loops, or leads outside ``root`` (the folder
    given, resolved; ``folder`` is how the user wrote it, for the origin)."""
    origin = origin_of(folder / link.relative_to(root))
    try:
        target = link.resolve(strict=True)
    except RuntimeError:  # how Python 3.11 reports a loop
        return Rejection(origin=origin, reason="symlink loop; not followed")
    except OSError as e:
        loop = e.errno == errno.ELOOP
        reason = "symlink loop" if loop else f"broken symlink to {origin_of(os.readlink(link))}"
        return Rejection(origin=origin, reason=f"{reason}; not followed")
    if target != root and root not in target.parents:
        reason = f"symlink to {origin_of(target)} leads outside {origin_of(folder)}; not followed"
        return Rejection(origin=origin, reason=reason)
    return None


def origin_of(path: str | Path) -> str:
    """The path as text that can be stored and shown: bytes of a file name that are not UTF-8
    (held by Python as lone surrogates, which no store accepts) written as ``\\xff``."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """A regular file's bytes, decompressing ``.gz``; never more than ``max_bytes`` in memory."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputError("no such file") from None
    except OSError as e:
        if e.errno == errno.ENXIO:  # a socket cannot be opened: say what it is
            _check_regular(os.stat(path).st_mode)
        raise
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(fd)
        _check_regular(info.st_mode)
        if info.st_size > max_bytes:  # a quick no; a small size is not believed
            raise InputError(f"too large: {info.st_size:,} bytes > {max_bytes:,} (see --max-bytes)")
        if path.suffix.lower() == ".gz":
            return _gunzip(f, max_bytes)
        data = f.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputError(f"too large: more than {max_bytes:,} bytes (see --max-bytes)")
        return data


def _check_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = next((k for test, k in _KINDS if test(mode)), "not a regular file")
        raise InputError(f"{kind}, not a regular file; only regular files are read")


def _gunzip(f: io.BufferedReader, max_bytes: int) -> bytes:
    out = bytearray()
    try:
        with gzip.open(f, "rb") as z:
            while chunk := z.read(min(_CHUNK, max_bytes + 1 - len(out))):
                out += chunk
                if len(out) > max_bytes:
                    raise InputError(
                        f"too large: more than {max_bytes:,} bytes decompressed (see --max-bytes)"
                    )
    except (EOFError, gzip.BadGzipFile, zlib.error) as e:
        raise InputError(f"truncated or corrupt gzip: {e}") from None
    return bytes(out)
