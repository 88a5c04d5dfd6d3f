#!/usr/bin/env python3
"""A fault-injecting HTTP proxy between shardlift and Elasticsearch 7, for the fault tests.

Listens on 127.0.0.1 (a port the kernel picks, written to --port-file), forwards every request to
--upstream, and spoils the answers of the requests whose path starts with --path (default /_bulk)
by a fixed schedule: the n-th such request gets the n-th fault of --faults (comma-separated, cycled
--cycles times, then everything passes):

  ok          forward unchanged
  429         answer 429 es_rejected_execution_exception without forwarding
  500         answer 500 without forwarding
  503         answer 503 without forwarding
  reset       read the request, forward nothing, close the connection (RST)
  slow        forward, then wait --slow-seconds before answering
  timeout     forward, then wait --timeout-seconds (longer than the client's timeout)
  truncate    forward, answer with the body cut in half (Content-Length of the full body)
  badjson     forward, answer 200 with a body cut in half and a matching Content-Length
  item429     forward, then mark every third item 429 es_rejected_execution_exception

Every fault is bounded: at most len(faults) * cycles requests are spoiled, and the proxy exits
by itself after --max-seconds. Counts go to --stats-file on exit (JSON).
"""
import argparse
import http.client
import json
import os
import signal
import socket
import socketserver
import struct
import sys
import threading
import time
import urllib.parse

REJECTED = {"error": {"type": "es_rejected_execution_exception",
                      "reason": "rejected execution (fault proxy)"}, "status": 429}


class State:
    def __init__(self, faults, cycles):
        self.schedule = faults * cycles
        self.lock = threading.Lock()
        self.requests = 0
        self.injected = {}

    def next_fault(self):
        with self.lock:
            n = self.requests
            self.requests += 1
            fault = self.schedule[n] if n < len(self.schedule) else "ok"
            self.injected[fault] = self.injected.get(fault, 0) + 1
            return fault


def read_request(rfile):
    line = rfile.readline(65537)
    if not line:
        return None
    method, target, _ = line.decode("latin-1").split(" ", 2)
    headers = {}
    while True:
        header = rfile.readline(65537)
        if header in (b"\r\n", b"\n", b""):
            break
        name, _, value = header.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    body = rfile.read(length) if length else b""
    return method, target, headers, body


def make_handler(args, state):
    upstream = urllib.parse.urlsplit(args.upstream)

    class Handler(socketserver.StreamRequestHandler):
        def send(self, status, body, headers=(), declared_length=None):
            reason = {200: "OK", 429: "Too Many Requests", 500: "Internal Server Error",
                      503: "Service Unavailable"}.get(status, "Answer")
            head = [f"HTTP/1.1 {status} {reason}"]
            skip = {"content-length", "transfer-encoding", "connection", "content-encoding"}
            head += [f"{k}: {v}" for k, v in headers if k.lower() not in skip]
            head.append(f"content-length: {declared_length if declared_length is not None else len(body)}")
            self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
            self.wfile.flush()

        def handle(self):
            connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=600)
            while True:
                request = read_request(self.rfile)
                if request is None:
                    return
                method, target, headers, body = request
                fault = state.next_fault() if target.startswith(args.path) else "ok"
                if fault in ("429", "500", "503"):
                    payload = json.dumps(REJECTED if fault == "429" else
                                         {"error": {"type": "fault_proxy", "reason": fault},
                                          "status": int(fault)}).encode()
                    self.send(int(fault), payload, [("content-type", "application/json")])
                    continue
                if fault == "reset":
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                               struct.pack("ii", 1, 0))
                    self.connection.close()
                    return
                forward = {k: v for k, v in headers.items()
                           if k not in ("host", "connection", "content-length", "expect",
                                        "accept-encoding")}  # answers stay plain to be spoiled
                try:
                    connection.request(method, target, body=body, headers=forward)
                    answer = connection.getresponse()
                    payload = answer.read()
                except (OSError, http.client.HTTPException):
                    connection.close()
                    connection = http.client.HTTPConnection(upstream.hostname, upstream.port,
                                                            timeout=600)
                    self.connection.close()
                    return
                answer_headers = answer.getheaders()
                if fault == "slow":
                    time.sleep(args.slow_seconds)
                if fault == "timeout":
                    time.sleep(args.timeout_seconds)
                    self.connection.close()
                    return
                if fault == "truncate":
                    self.send(answer.status, payload[: len(payload) // 2], answer_headers,
                              declared_length=len(payload))
                    self.connection.close()
                    return
                if fault == "badjson":
                    payload = payload[: len(payload) // 2]
                if fault == "item429" and answer.status == 200:
                    parsed = json.loads(payload)
                    for i, item in enumerate(parsed.get("items", [])):
                        if i % 3 == 0:
                            for result in item.values():
                                result["status"] = 429
                                result["error"] = REJECTED["error"]
                    parsed["errors"] = True
                    payload = json.dumps(parsed).encode()
                self.send(answer.status, payload, answer_headers)

    return Handler


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--stats-file")
    parser.add_argument("--faults", default="ok")
    parser.add_argument("--path", default="/_bulk", help="the requests the faults fall on")
    parser.add_argument("--cycles", type=int, default=1)
    parser.add_argument("--slow-seconds", type=float, default=2.0)
    parser.add_argument("--timeout-seconds", type=float, default=6.0)
    parser.add_argument("--max-seconds", type=float, default=900.0)
    args = parser.parse_args()
    state = State(args.faults.split(","), args.cycles)
    server = Server(("127.0.0.1", 0), make_handler(args, state))

    def stop(*_):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    threading.Timer(args.max_seconds, stop).start()
    with open(args.port_file + ".tmp", "w") as out:
        out.write(str(server.server_address[1]))
    os.replace(args.port_file + ".tmp", args.port_file)
    server.serve_forever()
    if args.stats_file:
        with open(args.stats_file, "w") as out:
            json.dump({"requests": state.requests, "injected": state.injected}, out)
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
