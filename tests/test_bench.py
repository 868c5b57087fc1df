"""Smoke test of the benchmark's load generator (bench/ratio.py): bounded, it stops by itself
after its duration and reports what it measured."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bench.ratio import load


class Hello(BaseHTTPRequestHandler):
    def do_GET(self):
        status = 200 if self.path == "/" else 404
        self.send_response(status)
        self.send_header("Content-Length", "5")
        self.end_headers()
        self.wfile.write(b"hello")

    def log_message(self, *args):
        pass


def test_load_stops_by_itself_and_reports_latencies():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hello)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        started = time.monotonic()
        rps, p50, p95, errors = load(port, "/", duration=0.5, concurrency=2, warm_up=1)
        assert time.monotonic() - started < 5
        assert rps > 0 and 0 < p50 <= p95 and errors == 0
    finally:
        server.shutdown()
        server.server_close()
