"""The HTTP API and the web page over one store, in one FastAPI app.

Every answer that is not a success is JSON ``{"error": reason}`` with a 4xx status (503 when
another process holds the store). Writes need the token the server was started with: without
one configured they are refused (403), with a wrong or missing one too (401), before anything is
read from the request body.
"""


import csv
import dataclasses
import datetime as dt
import hmac
import io
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException

from dateline.api import markup, story_view
from dateline.api.access import StoreAccess, StoreBusy
from dateline.api.views import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    document_data,
    events_data,
    listing_data,
    places_geojson,
    search_data,
    stories_data,
    story_data,
    story_of,
)
from dateline.model import Document, Rejection, Report
from dateline.readers import DEFAULT_MAX_BYTES
from dateline.readers.common import InputError
from dateline.readers.jsonl import read_jsonl
from dateline.store import Store
from dateline.store.query import Filters

HERE = Path(__file__).parent
#: The page loads nothing from elsewhere, and runs no inline script.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


class ListFormat(StrEnum):
    json = "json"
    csv = "csv"


class PlaceFormat(StrEnum):
    json = "json"
    csv = "csv"
    geojson = "geojson"


def create_app(
    access: StoreAccess, token: str | None = None, max_body: int = DEFAULT_MAX_BYTES
) -> FastAPI:
    """The app over ``access``; POST is enabled only when ``token`` is given."""
    app = FastAPIOffline(
        title="Dateline",
        version="0.1.0",
        description="Events, documents and places of a Dateline store.",
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    pages = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True)
    _install_error_handlers(app)

    # -- shared parameters ----------------------------------------------------------------
    def page(
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Rows per page.")]
        = DEFAULT_LIMIT,
        offset: Annotated[int, Query(ge=0, le=2**31, description="Rows to skip.")] = 0,
    ) -> tuple[int, int]:
        return limit, offset

    def doc_dates(
        search: Annotated[str | None, Query(description="Words that must all occur.")] = None,
        since: Annotated[str | None, Query(description="Document date on or after YYYY-MM-DD.")]
        = None,
        until: Annotated[str | None, Query(description="Document date on or before YYYY-MM-DD.")]
        = None,
        doc: Annotated[str | None, Query(description="One document id.")] = None,
    ) -> Filters:
        return Filters(search=_text("search", search), since=_date("since", since),
                       until=_date("until", until), doc=_text("doc", doc))

    def event_filters(
        base: Annotated[Filters, Depends(doc_dates)],
        actor: Annotated[str | None, Query(description="Actor or target name.")] = None,
        type: Annotated[str | None, Query(description="PLOVER event type.")] = None,
        country: Annotated[str | None, Query(description="ISO alpha-3 of the event's place.")]
        = None,
        happened_since: Annotated[
            str | None, Query(description="Known to have happened on or after YYYY-MM-DD.")
        ] = None,
        happened_until: Annotated[
            str | None, Query(description="Known to have happened on or before YYYY-MM-DD.")
        ] = None,
        distinct: Annotated[bool, Query(description="Leave out retellings.")] = False,
    ) -> Filters:
        return dataclasses.replace(
            base, actor=_text("actor", actor), type=_text("type", type),
            country=_text("country", country),
            happened_since=_date("happened_since", happened_since),
            happened_until=_date("happened_until", happened_until), distinct=distinct,
        )

    def read(fn, *args):
        """``fn(store, *args)`` through the access's cache; a copy the caller may extend."""
        key = (fn.__name__, *(dataclasses.astuple(a) if isinstance(a, Filters) else a
                              for a in args))
        data = access.read(key, lambda store: fn(store, *args))
        return dict(data) if isinstance(data, dict) else data

    # -- JSON API -------------------------------------------------------------------------
    @app.get("/api/documents", tags=["read"])
    def list_documents(
        request: Request,
        filters: Annotated[Filters, Depends(doc_dates)],
        paging: Annotated[tuple[int, int], Depends(page)],
        format: ListFormat = ListFormat.json,
    ) -> Response:
        """Documents (newest first) whose text or title has every search word."""
        filters.limit, filters.offset = paging
        return _listing(request, read(listing_data, "documents", filters), format)

    @app.get("/api/documents/{doc_id}", tags=["read"])
    def get_document(doc_id: str) -> dict[str, Any]:
        """A document's text and every fact with its character offsets."""
        data = read(document_data, doc_id)
        if data is None:
            raise HTTPException(404, f"no document with id {doc_id!r}")
        return data

    @app.get("/api/events", tags=["read"])
    def list_events(
        request: Request,
        filters: Annotated[Filters, Depends(event_filters)],
        paging: Annotated[tuple[int, int], Depends(page)],
        format: ListFormat = ListFormat.json,
    ) -> Response:
        """Events, each with its place resolved; ``search`` looks in the trigger word."""
        filters.limit, filters.offset = paging
        return _listing(request, read(events_data, filters), format)

    @app.get("/api/places", tags=["read"])
    def list_places(
        request: Request,
        filters: Annotated[Filters, Depends(doc_dates)],
        paging: Annotated[tuple[int, int], Depends(page)],
        country: Annotated[str | None, Query(description="ISO alpha-3 country.")] = None,
        format: PlaceFormat = PlaceFormat.json,
    ) -> Response:
        """Place mentions with their coordinates; ``format=geojson`` for a map."""
        filters.limit, filters.offset = paging
        filters.country = _text("country", country)
        data = read(listing_data, "places", filters)
        if format is PlaceFormat.geojson:
            data["next"] = _next(request, data)
            return JSONResponse(places_geojson(data), media_type="application/geo+json")
        return _listing(request, data, ListFormat(format.value))

    @app.get("/api/rejections", tags=["read"])
    def list_rejections(
        request: Request,
        paging: Annotated[tuple[int, int], Depends(page)],
        search: Annotated[str | None, Query(description="Words of origin or reason.")] = None,
        format: ListFormat = ListFormat.json,
    ) -> Response:
        """Inputs that could not become documents, and why (newest first)."""
        limit, offset = paging
        filters = Filters(search=_text("search", search), limit=limit, offset=offset)
        return _listing(request, read(listing_data, "rejections", filters), format)

    @app.get("/api/stories", tags=["read"])
    def list_stories(
        request: Request,
        paging: Annotated[tuple[int, int], Depends(page)],
        format: ListFormat = ListFormat.json,
    ) -> Response:
        """Stories (oldest first publication first), each with its dates, how many documents
        tell it and how many facts its documents state differently (kind other than agree)."""
        return _listing(request, read(stories_data, *paging), format)

    @app.get("/api/stories/{story_id}", tags=["read"])
    def get_story(story_id: str) -> dict[str, Any]:
        """A story's report: documents, actors, events dated across documents, and every fact
        two or more documents state, claims side by side (``dateline stories`` JSON)."""
        data = read(story_data, story_id)
        if data is None:
            raise HTTPException(404, f"no story with id {story_id!r}")
        return data

    @app.get("/api/search", tags=["read"])
    def search(filters: Annotated[Filters, Depends(event_filters)]) -> dict[str, Any]:
        """What the search page shows: the matching documents and their events."""
        return read(search_data, filters)

    @app.post(
        "/api/documents", tags=["write"], status_code=201,
        responses={401: {"description": "missing or wrong token"},
                   403: {"description": "writes disabled"}, 413: {"description": "too large"},
                   422: {"description": "rejected, with the reason"}},
    )
    async def post_document(request: Request) -> JSONResponse:
        """Ingest one article (the fields of a JSONL line: text, date, url, title, source, id)
        through the pipeline. Needs ``Authorization: Bearer <token>``."""
        _authorize(request, token)
        body = await _read_limited(request, max_body)
        # One JSON line: a raw newline in valid JSON is only ever whitespace between tokens.
        line = body.replace(b"\r", b" ").replace(b"\n", b" ")
        try:
            (item,) = read_jsonl(line, "api", None)
        except InputError as e:  # empty, binary or undecodable: as ingest says it
            raise HTTPException(422, str(e)) from None
        if isinstance(item, Rejection):
            raise HTTPException(422, item.reason)
        item = dataclasses.replace(item, origin=f"api:{item.id}")  # each post its own origin
        try:
            result = await run_in_threadpool(access.write, lambda store: _store_one(store, item))
        except TimeoutError:
            raise HTTPException(
                503, "the writer is busy; the article stays queued (a retry answers 'duplicate'"
                " once it is stored)", headers={"Retry-After": "10"},
            ) from None
        if isinstance(result, Rejection):
            raise HTTPException(422, result.reason)
        status = 201 if result["stored"] else 200
        return JSONResponse(result, status_code=status)

    # -- pages ----------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index_page(
        request: Request, filters: Annotated[Filters, Depends(event_filters)]
    ) -> HTMLResponse:
        data = read(search_data, filters)
        return _page(pages, "index.html", request=request, data=data,
                     params=dict(request.query_params))

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str) -> HTMLResponse:
        data = read(document_data, doc_id)
        if data is None:
            raise HTTPException(404, f"no document with id {doc_id!r}")
        text = data["document"]["text"]
        facts = {
            kind: [markup.summary(kind, r) for r in data[kind]] for kind in markup.HIGHLIGHTED
        }
        return _page(pages, "document.html", request=request, data=data, facts=facts,
                     pieces=markup.pieces(text, markup.fact_spans(data)),
                     url=_safe_url(data["document"]["url"]), story=read(story_of, doc_id))

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(
        request: Request, paging: Annotated[tuple[int, int], Depends(page)]
    ) -> HTMLResponse:
        data = dict(read(stories_data, *paging))
        data["next"] = _next(request, data)
        return _page(pages, "stories.html", request=request, data=data)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str) -> HTMLResponse:
        story = read(story_data, story_id)
        if story is None:
            raise HTTPException(404, f"no story with id {story_id!r}")
        return _page(pages, "story.html", request=request, story=story,
                     **story_view.layout(story))

    return app


def _store_one(store: Store, document: Document) -> dict[str, Any] | Rejection:
    """On the writer thread: process and store one document, unless it is stored already."""
    from dateline.pipeline import process

    if store.known_ids([document.id]):
        return {"id": document.id, "stored": False, "duplicate": True}
    (result,) = list(process([document]))
    if isinstance(result, Rejection):
        store.add_rejections([result])
        return result
    assert isinstance(result, Report)
    store.add_reports([result])
    return {"id": document.id, "stored": True, "duplicate": False,
            "events": len(result.events), "url": f"/api/documents/{document.id}"}


def _authorize(request: Request, token: str | None) -> None:
    if not token:
        raise HTTPException(403, "writes are disabled: the server was started without a token")
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.encode(), token.encode()):
        raise HTTPException(401, "missing or wrong token (send 'Authorization: Bearer <token>')",
                            headers={"WWW-Authenticate": "Bearer"})


async def _read_limited(request: Request, limit: int) -> bytes:
    """The request body, refused (413) past ``limit`` bytes before all of it is read."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"request body of {declared} bytes is over the {limit}-byte limit")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"request body is over the {limit}-byte limit")
        chunks.append(chunk)
    return b"".join(chunks)


def _date(name: str, value: str | None) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise HTTPException(422, f"{name}: {value!r} is not a valid YYYY-MM-DD date") from None


def _text(name: str, value: str | None) -> str | None:
    """A text filter, or None when empty; a NUL (which no stored text holds) is a 422."""
    if value and "\x00" in value:
        raise HTTPException(422, f"{name}: contains a NUL character")
    return value or None


def _next(request: Request, data: dict[str, Any]) -> str | None:
    """The address of the next page, or None on the last."""
    after = data["offset"] + data["limit"]
    if after >= data["total"]:
        return None
    return str(request.url.include_query_params(offset=after))


def _listing(request: Request, data: dict[str, Any], fmt: ListFormat) -> Response:
    data["next"] = _next(request, data)
    if fmt is ListFormat.json:
        return JSONResponse(data)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(data["columns"])
    for row in data["rows"]:
        writer.writerow(_csv_cell(row[c]) for c in data["columns"])
    headers = {"X-Total-Count": str(data["total"])}
    if data["next"]:
        headers["Link"] = f'<{data["next"]}>; rel="next"'
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


def _csv_cell(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value


def _safe_url(url: str | None) -> str | None:
    """An article's address, if it is one a link may point to (no ``javascript:``)."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def _page(pages: Environment, name: str, **context: Any) -> HTMLResponse:
    html = pages.get_template(name).render(**context)
    return HTMLResponse(html, headers={"Content-Security-Policy": PAGE_POLICY})


def _install_error_handlers(app: FastAPI) -> None:
    """Every failure as ``{"error": reason}``."""

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> JSONResponse:
        reasons = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ())[1:]) or "request"
            reasons.append(f"{where}: {err.get('msg')}")
        return JSONResponse({"error": "; ".join(reasons)}, status_code=422)

    @app.exception_handler(StoreBusy)
    async def busy(request: Request, exc: StoreBusy) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=503, headers={"Retry-After": "1"})

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> JSONResponse:
        # a bug, not the request's fault: still JSON, with the error's kind for the report
        return JSONResponse({"error": f"internal error: {type(exc).__name__}"}, status_code=500)
