"""Use the Kanade studio from a Python script, with the standard library only.

    python scripts/studio_client_example.py http://127.0.0.1:8000 drumify \
        --input my-melody.mid --set temperature=0.8 --lang en --out results/

The studio's API is protected against cross-site requests (Django's CSRF check), as every form
of the site is. A script does what the page does:

1. GET a studio tool page: the answer sets two cookies, ``sessionid`` and ``csrftoken``;
2. POST the form to ``/api/generate/<tool>`` with those cookies and the ``csrftoken`` value in an
   ``X-CSRFToken`` header (and a ``Referer`` from the same site, which Django requires on HTTPS);
3. poll ``GET /api/jobs/<id>`` until ``status`` is ``done`` or ``failed``, then download each
   variation's MIDI.

Errors come back as JSON ``{"code", "field", "message"}``; ``?lang=en`` (or ``ja``) picks the
language of ``message``. See docs/studio.md.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path


class StudioError(RuntimeError):
    """The studio refused the request; ``body`` is its JSON answer (code, field, message)."""

    def __init__(self, status: int, body: dict):
        super().__init__(f"{status} {body.get('code')}: {body.get('message')}")
        self.status = status
        self.body = body


class StudioClient:
    def __init__(self, base_url: str, lang: str = "en"):
        self.base = base_url.rstrip("/")
        self.lang = lang
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.page = ""

    def open_tool_page(self, tool: str) -> str:
        """Step 1: the page sets the session and CSRF cookies; returns the CSRF token."""
        self.page = f"{self.base}/{self.lang}/studio/{tool}/"
        with self.opener.open(self.page) as response:
            response.read()
        return self.csrf_token()

    def csrf_token(self) -> str:
        for cookie in self.cookies:
            if cookie.name == "csrftoken":
                return cookie.value
        raise RuntimeError("no csrftoken cookie: open a tool page first")

    def generate(self, tool: str, fields: dict[str, str], files: dict[str, Path]) -> dict:
        """Step 2: submit; returns the 202 answer ``{"id", "url", "status", "seed"}``."""
        if not self.page:
            self.open_tool_page(tool)
        body, content_type = multipart(fields, files)
        request = urllib.request.Request(
            f"{self.base}/api/generate/{tool}?lang={self.lang}",
            data=body,
            method="POST",
            headers={
                "Content-Type": content_type,
                "X-CSRFToken": self.csrf_token(),
                "Referer": self.page,
                "Accept": "application/json",
            },
        )
        return self._json(request)

    def wait(self, job_url: str, timeout_s: float = 300.0) -> dict:
        """Step 3: poll the job until it is done or failed."""
        deadline, pause = time.monotonic() + timeout_s, 0.5
        while True:
            job = self._json(f"{self.base}{job_url}?lang={self.lang}")
            if job["status"] in ("done", "failed") or time.monotonic() > deadline:
                return job
            time.sleep(pause)
            pause = min(pause * 1.5, 3.0)

    def download(self, path: str, target: Path) -> Path:
        with self.opener.open(f"{self.base}{path}") as response:
            target.write_bytes(response.read())
        return target

    def _json(self, request) -> dict:
        try:
            with self.opener.open(request) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            raw = error.read()
            try:
                body = json.loads(raw)
            except ValueError:
                body = {"code": "not_json", "message": raw[:200].decode(errors="replace")}
            raise StudioError(error.code, body) from None


def multipart(fields: dict[str, str], files: dict[str, Path]) -> tuple[bytes, str]:
    """A multipart/form-data body (what a browser sends for a form with file inputs)."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, path in files.items():
        head = (
            f"--{boundary}\r\nContent-Disposition: form-data; "
            f'name="{name}"; filename="{Path(path).name}"\r\nContent-Type: audio/midi\r\n\r\n'
        )
        parts.append(head.encode() + Path(path).read_bytes() + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("server", help="e.g. http://127.0.0.1:8000")
    parser.add_argument("tool", help="generate, continue, interpolate, groove, drumify, melody-rnn")
    parser.add_argument("--input", type=Path, help="a MIDI file for the tool's 'input' slot")
    parser.add_argument("--example", help="an example clip for 'input' instead (e.g. rock-beat)")
    parser.add_argument("--set", action="append", default=[], help="a setting, e.g. seed=7")
    parser.add_argument("--lang", choices=["ja", "en"], default="en")
    parser.add_argument("--out", type=Path, default=Path("studio-results"))
    args = parser.parse_args(argv)

    fields = dict(item.split("=", 1) for item in args.set)
    files = {"input": args.input} if args.input else {}
    if args.example:
        fields["input_example"] = args.example
    client = StudioClient(args.server, args.lang)
    try:
        accepted = client.generate(args.tool, fields, files)
        job = client.wait(accepted["url"])
    except StudioError as error:
        print(f"refused ({error.status}, {error.body.get('code')}): {error.body.get('message')}")
        for problem in error.body.get("errors", [])[1:]:
            print(f"  also {problem['field']}: {problem['message']}")
        return 1
    if job["status"] != "done":
        print(f"{job['status']} ({job.get('error_code')}): {job.get('error')}")
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for output in job["outputs"]:
        saved = client.download(output["midi"], args.out / f"{job['id']}-{output['index'] + 1}.mid")
        print(f"{saved} ({output['notes']} notes)")
    print(f"seed {job['seed']}: send seed={job['seed']} with the same settings to make it again")
    return 0


if __name__ == "__main__":
    sys.exit(main())
