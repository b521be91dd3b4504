"""A loopback HTTP server that misbehaves on purpose, for client tests (drips, huge bodies, odd JSON).

``with hostile(handler) as url:`` serves ``http://127.0.0.1:<port>/api`` until the block ends; each connection runs
``handler(conn, request_head)`` in its own thread. Handlers stop when the client hangs up, when ``stopping`` is set
or after ``MAX_SECONDS``, so a test never leaves a server running.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator

MAX_SECONDS = 30.0
Handler = Callable[[socket.socket, bytes, threading.Event], None]


def read_head(conn: socket.socket) -> bytes:
    """The request line and headers; a body (Content-Length) is read and dropped, so closing never resets."""
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65536:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and value.strip().isdigit():
            missing = int(value) - len(body)
            while missing > 0:
                chunk = conn.recv(min(missing, 65536))
                if not chunk:
                    break
                missing -= len(chunk)
    return head


def drip(conn: socket.socket, head: bytes, payload: bytes, every: float, stopping: threading.Event) -> None:
    """Send `head`, then `payload` one byte every `every` seconds (looping), until stopped or the client leaves."""
    conn.sendall(head)
    started = time.monotonic()
    i = 0
    while not stopping.is_set() and time.monotonic() - started < MAX_SECONDS:
        try:
            conn.sendall(payload[i % len(payload) : i % len(payload) + 1])
        except OSError:
            return
        i += 1
        stopping.wait(every)


@contextlib.contextmanager
def hostile(handler: Handler) -> Iterator[str]:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    stopping = threading.Event()
    workers: list[threading.Thread] = []

    def serve_one(conn: socket.socket) -> None:
        with conn:
            conn.settimeout(MAX_SECONDS)
            try:
                head = read_head(conn)
                if head:
                    handler(conn, head, stopping)
            except OSError:
                pass

    def accept_loop() -> None:
        while not stopping.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            worker = threading.Thread(target=serve_one, args=(conn,), daemon=True)
            worker.start()
            workers.append(worker)

    acceptor = threading.Thread(target=accept_loop, daemon=True)
    acceptor.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/api"
    finally:
        stopping.set()
        acceptor.join(timeout=5)
        listener.close()
        for worker in workers:
            worker.join(timeout=5)


def reply(conn: socket.socket, status: int, body: bytes, extra: str = "") -> None:
    """One complete HTTP/1.1 answer with a Content-Length (the connection is then closed by the server)."""
    head = (
        f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        f"Connection: close\r\n{extra}\r\n"
    )
    conn.sendall(head.encode() + body)
