"""A loopback HTTP proxy that injects faults, to test the client's retries against a real wiki.

The real MediaWiki answers normally; the proxy replaces the next K answers with the failures
Wikimedia's servers produce (429, 5xx, maxlag, a broken body) and counts every request it got.
"""

from __future__ import annotations

import http.client
import json
import threading
from enum import Enum
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self
from urllib.parse import urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}
SET_BY_PROXY = {*HOP_BY_HOP, "server", "date"}
UPSTREAM_TIMEOUT = 30


class Fault(Enum):
    """What the proxy answers instead of forwarding."""

    RATE_LIMITED = "429 with Retry-After"
    GARBAGE = "200 whose body is not JSON"
    SERVER_ERROR = "500"
    UNAVAILABLE = "503 with Retry-After"
    MAXLAG = "200 with a maxlag error, Retry-After"


class FaultProxy:
    """Forwards to ``target`` (a base URL) from ``base_url``, failing on request."""

    def __init__(self, target: str) -> None:
        self.target = urlsplit(target)
        self.requests: list[tuple[str, str]] = []
        self._faults: list[tuple[Fault, int]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api.php"

    @property
    def request_count(self) -> int:
        """Requests received, faulted or forwarded."""
        with self._lock:
            return len(self.requests)

    def inject(self, fault: Fault, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next ``times`` requests (after faults already queued) with ``fault``."""
        with self._lock:
            self._faults.extend([(fault, retry_after)] * times)

    def _record(self, method: str, path: str) -> tuple[Fault, int] | None:
        with self._lock:
            self.requests.append((method, path))
            return self._faults.pop(0) if self._faults else None

    def _forward(self, method: str, path: str, headers: list[tuple[str, str]], body: bytes):
        connection = http.client.HTTPConnection(self.target.hostname, self.target.port, timeout=UPSTREAM_TIMEOUT)
        try:
            connection.request(method, self.target.path.rstrip("/") + path, body, dict(headers))
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()


def _fault_answer(fault: Fault, retry_after: int) -> tuple[int, list[tuple[str, str]], bytes]:
    retry = [("Retry-After", str(retry_after))]
    if fault is Fault.RATE_LIMITED:
        return 429, [*retry, ("Content-Type", "text/plain")], b"Too many requests"
    if fault is Fault.GARBAGE:
        return 200, [("Content-Type", "application/json")], b"<html><body>upstream hiccup"
    if fault is Fault.SERVER_ERROR:
        return 500, [("Content-Type", "text/html")], b"<h1>Internal Server Error</h1>"
    if fault is Fault.UNAVAILABLE:
        return 503, [*retry, ("Content-Type", "text/html")], b"<h1>Service Unavailable</h1>"
    error = {
        "code": "maxlag",
        "info": f"Waiting for fake-replica: {retry_after} seconds lagged.",
        "host": "fake-replica",
        "lag": retry_after,
        "type": "db",
    }
    headers = [
        *retry,
        ("X-Database-Lag", str(retry_after)),
        ("MediaWiki-API-Error", "maxlag"),
        ("Content-Type", "application/json; charset=utf-8"),
    ]
    return 200, headers, json.dumps({"error": error}).encode()


def _handler_for(proxy: FaultProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._answer()

        def do_POST(self) -> None:
            self._answer()

        def log_message(self, format: str, *args: object) -> None:
            """Silent: test output is for the tests."""

        def _answer(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            fault = proxy._record(self.command, self.path)
            if fault:
                status, headers, content = _fault_answer(*fault)
            else:
                sent = [(k, v) for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP]
                status, headers, content = proxy._forward(self.command, self.path, sent, body)
            self._reply(status, headers, content)

        def _reply(self, status: int, headers: list[tuple[str, str]], content: bytes) -> None:
            self.send_response(status)
            for name, value in headers:
                if name.lower() not in SET_BY_PROXY:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(content)

    return Handler
