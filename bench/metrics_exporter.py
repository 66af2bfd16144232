#!/usr/bin/env python3
"""A Prometheus exporter for the metric-probe bench: N series restarts{host="h-I"} 0 on one port."""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ADDR, PORT, N = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
BODY = ("# TYPE restarts gauge\n" + "".join(
    f'restarts{{host="h-{i}"}} 0\n' for i in range(1, N + 1))).encode()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args):
        pass


ThreadingHTTPServer((ADDR, PORT), Handler).serve_forever()
