"""The server's clock as seen through its ``Date`` response headers, so time rules compare server times only.

Reconciliation asks "was this object created after my attempt began?": ``created_at`` is a server time and the
client's wall clock may be minutes off. The attempt's start (monotonic) is turned into a server time with the latest
``Date`` sample, so an offset between the two clocks cancels out.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime


@dataclass(frozen=True)
class DateSample:
    """A ``Date`` header (`server`, epoch seconds) and when its response arrived (`received`, monotonic)."""

    server: float
    received: float


def parse_http_date(value: str | None) -> float | None:
    """An HTTP date (``Sun, 06 Nov 1994 08:49:37 GMT``) as epoch seconds; None when absent or unreadable."""
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return when.timestamp()


def server_time_at(moment: float, sample: DateSample | None, *, wall_now: float, mono_now: float) -> float:
    """The server time at monotonic `moment` from a ``Date`` sample (a lower bound: whole seconds, latency); without
    one, the client's wall clock."""
    if sample is None:
        return wall_now - (mono_now - moment)
    return sample.server + (moment - sample.received)


class ServerClock:
    """Keeps the latest ``Date`` sample of one server (the transport feeds it every response)."""

    __slots__ = ("_parsed", "latest")

    def __init__(self) -> None:
        self.latest: DateSample | None = None
        self._parsed: tuple[str, float | None] = ("", None)  # the last header and its value (one attribute: threads)

    def observe(self, header: str | None, received: float) -> None:
        """Record a response's ``Date`` header, received at monotonic `received`."""
        if not header:
            return
        parsed = self._parsed
        if parsed[0] != header:  # one parse per distinct header (it changes once a second)
            parsed = self._parsed = (header, parse_http_date(header))
        if parsed[1] is not None:
            self.latest = DateSample(parsed[1], received)

    def server_time(self, moment: float) -> float:
        """The server time (epoch seconds) at monotonic `moment` (see :func:`server_time_at`)."""
        return server_time_at(moment, self.latest, wall_now=time.time(), mono_now=time.monotonic())
