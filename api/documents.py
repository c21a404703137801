"""POST /documents: add or replace a document, behind a bearer token.

Order matters: the token is checked before the body is read, the body is read with a size cap, then the
document is decoded and extracted *before* anything is written, and the write replaces the document's
named graph in one transaction. So a client can waste at most `max_upload_bytes` of our memory, and a
broken or undecodable file never changes the graph.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import threading
from collections import Counter

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from api.errors import ApiError, ErrorBody
from api.models import IngestResult
from graph import queries
from loaders.model import LoaderError

router = APIRouter(tags=["documents"])
_write_lock = threading.Lock()  # one ingest at a time: the second waits rather than racing the first
_NAME = re.compile(r"^[^/\\\x00-\x1f]{1,200}$")


def check_token(request: Request) -> None:
    expected = request.app.state.settings.token
    if expected is None:
        raise ApiError(403, "writes_disabled", "this service is read-only: set YKG_TOKEN to enable POST /documents")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(401, "missing_token", "send the token as Authorization: Bearer <token>",
                       headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.strip().encode(), expected.get_secret_value().encode()):
        raise ApiError(403, "invalid_token", "the token is not valid")


async def read_capped(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "payload_too_large", f"documents are limited to {limit:,} bytes", {"limit": limit})
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "payload_too_large", f"documents are limited to {limit:,} bytes", {"limit": limit})
        chunks.append(chunk)
    return b"".join(chunks)


async def read_upload(request: Request, limit: int) -> tuple[bytes, str | None]:
    """The document's bytes and file name, from a multipart upload (field `file`) or the raw body."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit + 64 * 1024:
            raise ApiError(413, "payload_too_large", f"documents are limited to {limit:,} bytes", {"limit": limit})
        try:
            form = await request.form(max_files=1, max_fields=10, max_part_size=limit)
        except Exception as error:  # malformed multipart: the parser's message says what is wrong
            raise ApiError(400, "malformed_upload", f"cannot read the upload: {error}") from None
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise ApiError(422, "invalid_parameter", "the multipart upload needs a `file` field", {"parameter": "file"})
        data = await upload.read(limit + 1)
        if len(data) > limit:
            raise ApiError(413, "payload_too_large", f"documents are limited to {limit:,} bytes", {"limit": limit})
        return data, upload.filename
    if content_type and not (content_type.startswith("text/") or content_type == "application/octet-stream"):
        raise ApiError(415, "unsupported_media_type",
                       "send the document as text/plain, application/octet-stream or a multipart upload")
    return await read_capped(request, limit), None


def _ingest(kg, data: bytes, name: str) -> dict:
    from loaders import extract, read_document

    try:
        source = read_document(data, name=name)
    except LoaderError as error:
        raise ApiError(415, "undecodable_document", str(error)) from None
    try:
        extraction = extract(source)
    except LoaderError as error:
        raise ApiError(422, "unreadable_document", str(error)) from None
    except Exception as error:  # an extractor bug: the client's document stays out, the server stays up
        raise ApiError(422, "extraction_failed", f"{name}: extraction failed ({type(error).__name__})") from error
    if not any(e.id != source.id for e in extraction.entities.values()):
        # Decodable but nothing in it we can read (no Chinese prose, a binary file with a BOM): keep it out.
        raise ApiError(422, "nothing_extracted", f"{name}: no organisations, projects or other facts found; "
                       "is it a Chinese government document?")
    with _write_lock:
        before = set(queries.catalog(kg))
        report = kg.ingest(extraction)
        queries.invalidate(kg)
        queries.warm(kg)
    entities = Counter(e.type for e in extraction.entities.values())
    new = Counter(e.type for e in extraction.entities.values() if e.id not in before)
    relations = Counter(r.type for r in extraction.relations)
    return {
        "document_id": report.document_id, "name": name, "added": report.added, "removed": report.removed,
        "unchanged": report.unchanged, "quads": report.quads,
        "entities": dict(sorted(entities.items())), "new_entities": dict(sorted(new.items())),
        "relations": dict(sorted(relations.items())),
    }


@router.post(
    "/documents",
    response_model=IngestResult,
    status_code=201,
    responses={
        200: {"model": IngestResult, "description": "The same document again: nothing changed"},
        400: {"model": ErrorBody, "description": "Malformed multipart upload"},
        401: {"model": ErrorBody, "description": "No bearer token"},
        403: {"model": ErrorBody, "description": "Wrong token, or writes disabled (no YKG_TOKEN)"},
        413: {"model": ErrorBody, "description": "Larger than YKG_MAX_UPLOAD_BYTES"},
        415: {"model": ErrorBody, "description": "Not text, or not decodable as UTF-8/GB18030"},
        422: {"model": ErrorBody, "description": "Invalid name, or the document could not be extracted"},
    },
    openapi_extra={"requestBody": {"required": True, "content": {
        "text/plain": {"schema": {"type": "string"}},
        "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
        "multipart/form-data": {"schema": {"type": "object", "properties": {"file": {"type": "string",
                                                                                      "format": "binary"}},
                                           "required": ["file"]}},
    }}},
)
async def post_document(
    request: Request,
    name: str | None = Query(None, max_length=200, description="File name; it becomes the document id, so "
                             "the same name replaces the earlier version. Default: the upload's file name, "
                             "else one derived from the content."),
):
    """Ingest a document (UTF-8 or GB18030 text): the text as the body, or a multipart upload in `file`.
    Needs `Authorization: Bearer $YKG_TOKEN`. Answers what was added: quads, entities and relations by type."""
    check_token(request)
    settings = request.app.state.settings
    data, filename = await read_upload(request, settings.max_upload_bytes)
    if not data.strip():
        raise ApiError(422, "empty_document", "the document is empty")
    name = (name or filename or f"upload-{hashlib.sha256(data).hexdigest()[:12]}.txt").strip()
    if not _NAME.match(name) or name in (".", ".."):
        raise ApiError(422, "invalid_parameter", "a document name is 1–200 characters without / \\ or control "
                       "characters", {"parameter": "name"})
    result = await run_in_threadpool(_ingest, request.app.state.kg, data, name)
    return JSONResponse(IngestResult(**result).model_dump(), status_code=200 if result["unchanged"] else 201)
