"""Client memory against a huge response body: peak RSS while `volumes.list()` meets a 400 MB JSON answer.

A loopback server in this process answers ``GET /volumes/`` with a valid JSON body of ``--mb`` megabytes (sent with
a ``Content-Length``, or chunked with none so the client must count), generated on the fly from a small buffer.
The client's response cap (``max_response_bytes``, default 32 MiB) must refuse it without buffering it. Prints the
error raised, how long it took and the process's peak RSS (VmHWM) before and after, as ``key=value`` lines.

    .venv/bin/python benchmarks/response_size_cap.py [--mb 400] [--chunked] [--cap BYTES]
"""

from __future__ import annotations

import argparse
import socket
import threading
import time
from pathlib import Path

from shared_client import BarrackClient, errors

PIECE = b'{"id": "1", "name": "padding-padding-padding", "size_gb": 100},' * 16384  # ~1 MiB of list items


def peak_rss_mib() -> float:
    """Peak resident set size of this process in MiB (Linux /proc VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("VmHWM not found")


def serve(listener: socket.socket, size: int, chunked: bool) -> None:
    """Answer one request with a JSON body of about `size` bytes, until the client hangs up."""
    conn, _ = listener.accept()
    with conn:
        conn.settimeout(30)
        while b"\r\n\r\n" not in conn.recv(65536):
            pass
        prefix, suffix = b'{"success": true, "data": {"volumes": [', b'{"id": "0"}]}}'
        count = max(1, (size - len(prefix) - len(suffix)) // len(PIECE))
        total = len(prefix) + count * len(PIECE) + len(suffix)
        framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {total}"
        head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{framing}\r\n\r\n".encode()

        def frame(data: bytes) -> bytes:
            return b"%x\r\n%s\r\n" % (len(data), data) if chunked else data

        try:
            conn.sendall(head + frame(prefix))
            for _ in range(count):
                conn.sendall(frame(PIECE))
            conn.sendall(frame(suffix) + (b"0\r\n\r\n" if chunked else b""))
        except OSError:
            return  # the client closed the connection: what the cap is for


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=400)
    parser.add_argument("--chunked", action="store_true", help="no Content-Length: the client must count")
    parser.add_argument("--cap", type=int, default=None, help="max_response_bytes of the client")
    args = parser.parse_args()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    server = threading.Thread(target=serve, args=(listener, args.mb * 1_000_000, args.chunked), daemon=True)
    server.start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/api"
    extra = {} if args.cap is None else {"max_response_bytes": args.cap}
    with BarrackClient(api_key="bench-key-123456", base_url=url, timeout=30, total_budget=60, **extra) as client:
        before = peak_rss_mib()
        started = time.monotonic()
        try:
            outcome = f"returned {len(list(client.volumes.list()))} volumes"
        except errors.BarrackError as exc:
            outcome = type(exc).__name__
        took = time.monotonic() - started
    server.join(timeout=30)
    listener.close()
    print(f"body_mb={args.mb}")
    print(f"framing={'chunked' if args.chunked else 'content-length'}")
    print(f"outcome={outcome}")
    print(f"seconds={took:.2f}")
    print(f"peak_rss_before_mib={before:.0f}")
    print(f"peak_rss_after_mib={peak_rss_mib():.0f}")


if __name__ == "__main__":
    main()
