"""File responses that honour HTTP Range (RFC 9110 §14), for the studio's audio and MIDI.

Browsers need byte ranges to play media properly: without a 206 answer Chromium cannot seek an
OGG (seeking jumps back to 0) and guesses its length from what it has downloaded so far.
Django's FileResponse always answers 200 with the whole file, and WhiteNoise serves ranges only
for the static files it indexes, not for files a view picks (a job's outputs), hence this module.

One range per request is served; several ranges (``bytes=0-1,5-9``) are answered with the whole
file, which RFC 9110 allows and which no media element asks for. Every answer carries an ETag and
``Accept-Ranges: bytes``; ``If-Range`` with a stale validator also gets the whole file, and
``If-None-Match`` with the current ETag a 304.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import BinaryIO

from django.core.files.storage import Storage
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header, http_date, parse_http_date_safe

CHUNK_BYTES = 64 * 1024
_SINGLE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class Unsatisfiable(Exception):
    """The Range names no byte of the file (answered 416)."""


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) byte, inclusive, of a single ``bytes=`` range, or None for the whole file.

    None also for anything this server does not serve as a range (several ranges, another unit,
    a malformed header): RFC 9110 lets a server ignore Range. Raises Unsatisfiable when the range
    is well formed but starts past the end or asks for an empty suffix.
    """
    if not header:
        return None
    match = _SINGLE_RANGE.match(header.strip().replace(" ", ""))
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":  # bytes=-N: the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            raise Unsatisfiable
        return max(0, size - length), size - 1
    start = int(first)
    end = size - 1 if last == "" else min(int(last), size - 1)
    if last != "" and int(last) < start:
        return None  # bytes=9-5 is invalid syntax, not unsatisfiable
    if start >= size:
        raise Unsatisfiable
    return start, end


def _if_range_allows(request: HttpRequest, etag: str, last_modified: datetime | None) -> bool:
    """Whether the Range may be honoured: no If-Range, or one naming the current file."""
    validator = request.headers.get("If-Range")
    if not validator:
        return True
    validator = validator.strip()
    if validator.startswith(('"', "W/")):
        return validator == etag  # strong comparison: a weak tag never matches
    when = parse_http_date_safe(validator)
    return when is not None and last_modified is not None and when == int(last_modified.timestamp())


def _none_match(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in tags or etag in tags


def _read(handle: BinaryIO, start: int, length: int) -> Iterator[bytes]:
    try:
        handle.seek(start)
        while length > 0:
            chunk = handle.read(min(CHUNK_BYTES, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        handle.close()  # also when the client goes away mid-file (the server closes the iterator)


def ranged_response(
    request: HttpRequest,
    content: Callable[[int, int], bytes | Iterator[bytes]],
    *,
    size: int,
    etag: str,
    content_type: str,
    filename: str,
    as_attachment: bool,
    last_modified: datetime | None = None,
) -> HttpResponse | StreamingHttpResponse:
    """200 with the whole file, 206 with the asked range, 416, or 304.

    ``content(start, length)`` gives the bytes to send, at once or as chunks (then streamed); it
    is called only when bytes are sent.
    """
    headers = {"Accept-Ranges": "bytes", "ETag": etag}
    if last_modified is not None:
        headers["Last-Modified"] = http_date(last_modified.timestamp())
    if _none_match(request, etag):
        return HttpResponse(status=304, headers=headers)
    try:
        byte_range = parse_range(request.headers.get("Range"), size)
    except Unsatisfiable:
        if _if_range_allows(request, etag, last_modified):
            headers["Content-Range"] = f"bytes */{size}"
            return HttpResponse(status=416, headers=headers)
        byte_range = None
    if byte_range is not None and not _if_range_allows(request, etag, last_modified):
        byte_range = None
    start, end = byte_range if byte_range is not None else (0, size - 1)
    length = max(0, end - start + 1)
    body = content(start, length)
    response_class = HttpResponse if isinstance(body, bytes) else StreamingHttpResponse
    response = response_class(
        body,
        status=206 if byte_range is not None else 200,
        content_type=content_type,
        headers=headers,
    )
    response["Content-Length"] = str(length)
    if byte_range is not None:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response


def stored_file_response(
    request: HttpRequest,
    storage: Storage,
    name: str | None,
    *,
    content_type: str,
    filename: str,
    as_attachment: bool,
) -> HttpResponse | StreamingHttpResponse:
    """A file from a Django storage, with ranges; 404 when it is gone (e.g. cleaned up)."""
    if not name or not storage.exists(name):
        raise Http404("file not found")
    size = storage.size(name)
    try:
        modified = storage.get_modified_time(name)
    except NotImplementedError:
        modified = None
    # Stored files are written once, so size + modification time identify their bytes.
    stamp = int(modified.timestamp() * 1_000_000) if modified else 0
    return ranged_response(
        request,
        lambda start, length: _read(storage.open(name, "rb"), start, length),
        size=size,
        etag=f'"{size:x}-{stamp:x}"',
        content_type=content_type,
        filename=filename,
        as_attachment=as_attachment,
        last_modified=modified,
    )


def content_etag(data: bytes) -> str:
    return f'"{hashlib.sha256(data).hexdigest()[:32]}"'


def bytes_response(
    request: HttpRequest,
    data: bytes,
    *,
    content_type: str,
    filename: str,
    as_attachment: bool,
    streaming: bool = False,
) -> HttpResponse | StreamingHttpResponse:
    """Bytes made on request (a zip, an example clip), with ranges and a content-hash ETag;
    ``streaming`` sends them as a file download is sent (a StreamingHttpResponse)."""

    def content(start: int, length: int) -> bytes | Iterator[bytes]:
        part = data[start : start + length]
        return iter([part]) if streaming else part

    return ranged_response(
        request,
        content,
        size=len(data),
        etag=content_etag(data),
        content_type=content_type,
        filename=filename,
        as_attachment=as_attachment,
    )
