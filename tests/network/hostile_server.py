#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A misbehaving HTTP/1.1 server, in a process of its own, for plugboard's
network tests (tests/network/). Standard library only.

    hostile_server.py [--tls]

Prints one JSON line, {"port": N, "ca_file": PATH or null}, then serves on
127.0.0.1 until its standard input closes (the test that started it ended,
however it ended). With --tls it makes a CA and a certificate for 127.0.0.1
and localhost at start-up (openssl req) and speaks HTTPS only.

The first path segment picks the behaviour (see SCENARIOS below); every
request is counted per path, and GET /_stats answers the counts as JSON:
{"requests": {path: n}, "bodies": {path: [bytes received]}}.
"""
import json
import os
import socket
import ssl
import struct
import sys
import tempfile
import threading
import time
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from certificates import make_certificates  # noqa: E402

LOCK = threading.Lock()
REQUESTS = {}
BODIES = {}
GZIP_BOMB = []  # computed once, on first use


class Request:
    def __init__(self, method, target, headers, body, raw):
        self.method = method
        self.target = target
        self.path = target.split("?", 1)[0]
        self.headers = headers
        self.body = body
        self.raw = raw

    def segment(self, i, default=""):
        parts = self.path.strip("/").split("/")
        return parts[i] if i < len(parts) else default


class Conn:
    """One accepted connection; `sock` is the TLS socket when TLS is on."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def read_head(self, timeout):
        self.sock.settimeout(timeout)
        while b"\r\n\r\n" not in self.buf:
            try:
                data = self.sock.recv(65536)
            except (socket.timeout, ssl.SSLError, OSError):
                return None
            if not data:
                return None
            self.buf += data
            if len(self.buf) > 1 << 20:
                return None
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        return head

    def read_request(self, timeout=10.0):
        head = self.read_head(timeout)
        if head is None:
            return None
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = (lines[0].split(" ") + ["", ""])[:3]
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers.setdefault(name.strip().lower(), []).append(value.strip())
        length = int(headers.get("content-length", ["0"])[0] or 0)
        scenario = target.split("?", 1)[0].strip("/").split("/")[0]
        # Some scenarios answer before the body, as servers refusing an upload do.
        body = b"" if scenario in NO_BODY_READ else self.read_exactly(length)
        req = Request(method, target, headers, body, head + b"\r\n\r\n" + body)
        with LOCK:
            REQUESTS[req.path] = REQUESTS.get(req.path, 0) + 1
            BODIES.setdefault(req.path, []).append(len(body))
        return req

    def read_exactly(self, n):
        self.sock.settimeout(10.0)
        while len(self.buf) < n:
            data = self.sock.recv(65536)
            if not data:
                break
            self.buf += data
        body, self.buf = self.buf[:n], self.buf[n:]
        return body

    def send(self, data):
        if isinstance(data, str):
            data = data.encode("latin-1")
        self.sock.sendall(data)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def close_notify_and_close(self):
        """A polite close: TLS close_notify (when TLS is on), then FIN."""
        try:
            if isinstance(self.sock, ssl.SSLSocket):
                self.sock.settimeout(1.0)
                self.sock = self.sock.unwrap()
            self.sock.shutdown(socket.SHUT_RDWR)
        except (OSError, ValueError):
            pass
        self.close()

    def reset(self):
        """Closes with a TCP RST (SO_LINGER 0), no close_notify."""
        # Over TLS the SSL socket owns the descriptor (`raw` was detached).
        try:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except (OSError, ValueError):
            pass
        self.close()

    def idle_for(self, seconds):
        """True when nothing arrives within `seconds` (the client stayed idle)."""
        if self.buf:
            return False
        self.sock.settimeout(seconds)
        try:
            data = self.sock.recv(65536)
        except (socket.timeout, ssl.SSLWantReadError):
            return True
        except (OSError, ssl.SSLError):
            return True
        if not data:
            return True
        self.buf += data
        return False


def response(status, body=b"", headers=(), reason="OK"):
    if isinstance(body, str):
        body = body.encode()
    out = "HTTP/1.1 %d %s\r\n" % (status, reason)
    for name, value in headers:
        out += "%s: %s\r\n" % (name, value)
    if not any(name.lower() in ("content-length", "transfer-encoding") for name, _ in headers):
        out += "Content-Length: %d\r\n" % len(body)
    return out.encode("latin-1") + b"\r\n" + body


def json_reply(obj, status=200, extra=()):
    return response(status, json.dumps(obj), [("Content-Type", "application/json")] + list(extra))


# ---- scenarios: each returns True to keep the connection for another request


def s_ok(c, req):
    c.send(json_reply({"ok": True, "path": req.path, "method": req.method}))
    return True


def s_idle_close(c, req):
    """Answers, then closes politely after the given idle milliseconds."""
    c.send(json_reply({"ok": True}))
    if c.idle_for(int(req.segment(1, "100")) / 1000.0):
        c.close_notify_and_close()
        return False
    return True


def s_idle_reset(c, req):
    """Answers, then resets the connection after the given idle milliseconds."""
    c.send(json_reply({"ok": True}))
    if c.idle_for(int(req.segment(1, "100")) / 1000.0):
        c.reset()
        return False
    return True


def s_no_body_then_more(c, req):
    """A 204 (or 304) and, in a later segment, bytes that look like a response."""
    status = int(req.segment(1, "204"))
    c.send("HTTP/1.1 %d X\r\n\r\n" % status)
    time.sleep(0.05)
    c.send(json_reply({"evil": True}))
    return True


def s_huge_length(c, req):
    c.send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 209715200\r\n\r\n")
    chunk = b" " * 65536
    for _ in range(3200):  # 200 MiB at most
        c.send(chunk)
    return False


def s_endless_chunked(c, req):
    c.send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"%x\r\n" % 65536 + b"x" * 65536 + b"\r\n"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        c.send(chunk)
    return False


def s_endless_headers(c, req):
    c.send("HTTP/1.1 200 OK\r\n")
    line = b"X-Junk: " + b"a" * 1000 + b"\r\n"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        c.send(line * 64)
    return False


def s_gzip_bomb(c, req):
    if not GZIP_BOMB:
        z = zlib.compressobj(9, zlib.DEFLATED, 31)
        zeros = b"\0" * (1 << 20)
        parts = [z.compress(zeros) for _ in range(512)]
        parts.append(z.flush())
        GZIP_BOMB.append(b"".join(parts))
    body = GZIP_BOMB[0]
    c.send(response(200, body, [("Content-Type", "application/json"), ("Content-Encoding", "gzip")]))
    return False


def s_gzip(c, req):
    body = zlib.compress(json.dumps({"ok": True, "compressed": True}).encode())
    c.send(response(200, body, [("Content-Type", "application/json"), ("Content-Encoding", "deflate")]))
    return True


def s_trickle(c, req):
    """One byte of the head every N ms, for as long as the client listens."""
    gap = int(req.segment(1, "100")) / 1000.0
    data = b"HTTP/1.1 200 OK\r\nX-Slow: " + b"z" * 100000
    for i in range(len(data)):
        c.send(data[i:i + 1])
        time.sleep(gap)
    return False


def s_interim(c, req):
    """103 with fields, 102, a 100 with a field, then the answer."""
    c.send("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\nLink: </b.js>\r\n\r\n")
    time.sleep(0.05)
    c.send("HTTP/1.1 102 Processing\r\n\r\n")
    time.sleep(0.05)
    c.send("HTTP/1.1 100 Continue\r\nX-Odd: yes\r\n\r\n")
    time.sleep(0.05)
    c.send(json_reply({"ok": True, "after": "interim"}))
    return True


def s_early_413(c, req):
    """Refuses an upload after its head, without reading the body."""
    c.send(json_reply({"error": {"code": "too_large", "message": "upload too large"}}, 413,
                      [("Connection", "close")]))
    time.sleep(0.2)
    c.close_notify_and_close()
    return False


def s_reset_mid_write(c, req):
    c.reset()
    return False


def s_garbage(c, req):
    c.send("SPDY/9 what\r\n\r\n")
    return False


def s_bad_chunk(c, req):
    c.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n")
    return False


def s_length_conflict(c, req):
    c.send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}")
    return False


def s_close_delimited(c, req):
    c.send('HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{"ok": true, "framing": "close"}')
    c.close_notify_and_close()
    return False


def s_chunked(c, req):
    c.send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
           "5\r\n{\"ok\"\r\n8;ext=1\r\n: true}\r\n0\r\nX-Trailer: t\r\n\r\n")
    return True


def s_raw(c, req):
    """Echoes the raw request bytes (latin-1) and what followed them."""
    time.sleep(0.1)
    extra = c.buf
    c.buf = b""
    c.send(json_reply({"raw": req.raw.decode("latin-1"), "after": extra.decode("latin-1")}))
    return True


def s_close_without_answer(c, req):
    c.close_notify_and_close()
    return False


def s_reset_without_answer(c, req):
    c.reset()
    return False


def s_close_notify_then_reset(c, req):
    """Instead of an answer: a TLS close_notify and, right behind it, a RST.

    A client that answers the close_notify with its own writes to a reset
    socket (cpp-httplib 0.11 died of SIGPIPE in SSL_shutdown this way)."""
    if isinstance(c.sock, ssl.SSLSocket):
        c.sock.setblocking(False)
        try:
            c.sock.unwrap()  # sends close_notify, does not wait for the reply
        except (ssl.SSLWantReadError, ssl.SSLWantWriteError, OSError, ValueError):
            pass
    c.reset()
    return False


def s_drop_first(c, req):
    """/drop-first/{id}: the first request of each path loses its connection
    without an answer (reset when the id starts with "reset", else closed
    politely); later ones get {"id": id}. Counts per path show what was
    sent twice."""
    with LOCK:
        first = REQUESTS[req.path] == 1
    if first:
        if req.segment(1).startswith("reset"):
            c.reset()
        else:
            c.close_notify_and_close()
        return False
    c.send(json_reply({"id": req.segment(1)}))
    return True


def s_answer_then_close(c, req):
    """/answer-then-close/{id}: answers {"id": id} as if keeping the
    connection alive, then closes it: every pooled connection goes stale."""
    c.send(json_reply({"id": req.segment(1)}))
    c.close_notify_and_close()
    return False


def s_stats(c, req):
    with LOCK:
        c.send(json_reply({"requests": REQUESTS, "bodies": BODIES}))
    return True


SCENARIOS = {
    "ok": s_ok,
    "idle-close": s_idle_close,
    "idle-reset": s_idle_reset,
    "no-body-then-more": s_no_body_then_more,
    "huge-length": s_huge_length,
    "endless-chunked": s_endless_chunked,
    "endless-headers": s_endless_headers,
    "gzip-bomb": s_gzip_bomb,
    "gzip": s_gzip,
    "trickle": s_trickle,
    "interim": s_interim,
    "early-413": s_early_413,
    "reset-mid-write": s_reset_mid_write,
    "garbage": s_garbage,
    "bad-chunk": s_bad_chunk,
    "length-conflict": s_length_conflict,
    "close-delimited": s_close_delimited,
    "chunked": s_chunked,
    "raw": s_raw,
    "close-without-answer": s_close_without_answer,
    "reset-without-answer": s_reset_without_answer,
    "close-notify-then-reset": s_close_notify_then_reset,
    "drop-first": s_drop_first,
    "answer-then-close": s_answer_then_close,
    "_stats": s_stats,
}
NO_BODY_READ = {"early-413", "reset-mid-write"}


def serve(conn):
    try:
        for _ in range(10000):
            req = conn.read_request()
            if req is None:
                break
            handler = SCENARIOS.get(req.segment(0))
            if handler is None:
                conn.send(json_reply({"error": "no such scenario"}, 404))
                continue
            if not handler(conn, req):
                break
    except (OSError, ssl.SSLError, ValueError):
        pass
    finally:
        conn.close()


def main():
    tls = "--tls" in sys.argv[1:]
    workdir = tempfile.mkdtemp(prefix="plugboard-hostile-")
    context = None
    ca_file = None
    if tls:
        ca_file, cert, key = make_certificates(workdir)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    print(json.dumps({"port": listener.getsockname()[1], "ca_file": ca_file}), flush=True)

    def watch_stdin():
        try:
            sys.stdin.read()
        finally:
            os._exit(0)

    threading.Thread(target=watch_stdin, daemon=True).start()

    def handshake_and_serve(raw):
        sock = raw
        if context is not None:
            try:
                raw.settimeout(10.0)
                sock = context.wrap_socket(raw, server_side=True)
            except (ssl.SSLError, OSError):
                raw.close()
                return
        serve(Conn(sock))

    while True:
        raw, _ = listener.accept()
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=handshake_and_serve, args=(raw,), daemon=True).start()


if __name__ == "__main__":
    main()
