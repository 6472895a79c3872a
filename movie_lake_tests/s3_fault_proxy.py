"""An HTTP proxy on 127.0.0.1 in front of the moto server that fails a share of S3 requests
the way S3 does under load: 500 InternalError, 503 SlowDown, and connections dropped before
any answer. Seeded, bounded, and it counts what it injected (a test can check it did)."""
from __future__ import annotations

import http.client
import random
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

ERROR_BODY = ('<?xml version="1.0" encoding="UTF-8"?><Error><Code>{code}</Code>'
              '<Message>injected by the test proxy</Message></Error>')


class FaultProxy:
    def __init__(self, upstream: str, error_rate: float = 0.10, drop_rate: float = 0.02, seed: int = 7):
        target = urlparse(upstream)
        self.upstream = (target.hostname, target.port)
        self.error_rate, self.drop_rate = error_rate, drop_rate
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.injected = {"500": 0, "503": 0, "dropped": 0, "forwarded": 0}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> "FaultProxy":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _fate(self) -> str:
        with self.lock:
            roll = self.random.random()
        if roll < self.drop_rate:
            return "dropped"
        if roll < self.drop_rate + self.error_rate / 2:
            return "500"
        if roll < self.drop_rate + self.error_rate:
            return "503"
        return "forwarded"

    def _handler(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def _body(self) -> bytes:
                if "chunked" in self.headers.get("Transfer-Encoding", ""):
                    chunks = []
                    while (size := int(self.rfile.readline().split(b";")[0], 16)) > 0:
                        chunks.append(self.rfile.read(size))
                        self.rfile.readline()
                    self.rfile.readline()
                    return b"".join(chunks)
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def _any(self) -> None:
                body = self._body()
                fate = proxy._fate()
                with proxy.lock:
                    proxy.injected[fate] += 1
                if fate == "dropped":
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                if fate in ("500", "503"):
                    text = ERROR_BODY.format(code="InternalError" if fate == "500" else "SlowDown").encode()
                    self.send_response(int(fate))
                    self.send_header("Content-Type", "application/xml")
                    self.send_header("Content-Length", str(len(text)))
                    self.end_headers()
                    self.wfile.write(text)
                    return
                upstream = http.client.HTTPConnection(*proxy.upstream, timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("transfer-encoding", "content-length")}
                headers["Content-Length"] = str(len(body))
                upstream.request(self.command, self.path, body=body, headers=headers)
                answer = upstream.getresponse()
                data = answer.read()
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in ("transfer-encoding", "content-length", "connection"):
                        self.send_header(name, value)
                length = answer.getheader("Content-Length") if self.command == "HEAD" else None
                self.send_header("Content-Length", length or str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)
                upstream.close()

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _any

        return Handler
