"""Keeps the API key out of every text the client shows: error messages, field errors, request ids, log lines.

:class:`Redactor` replaces the exact key with ``***`` and **withholds the whole text** when it still holds key
material: a stretch of :func:`window` characters of the key in any case, or the key URL-, base64- or hex-encoded.
Withholding is deliberate: an altered echo cannot be cut out reliably, and an error text is not worth a leaked key.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from urllib.parse import unquote_plus

REDACTED = "***"
WITHHELD = "[server text withheld: it echoed the API key in an altered or encoded form]"
MIN_WINDOW = 8
"""Shortest stretch of the key that counts as key material (shorter keys: the whole key)."""

_B64_RUN = re.compile(r"[A-Za-z0-9+/_-]{12,}")
_HEX_RUN = re.compile(r"[0-9A-Fa-f]{16,}")


def window(key_length: int) -> int:
    """Length of the key stretches looked for: half the key, at least :data:`MIN_WINDOW`, at most the key."""
    return min(key_length, max(MIN_WINDOW, (key_length + 1) // 2))


def _b64_decodings(text: str) -> Iterator[str]:
    for run in _B64_RUN.findall(text):
        for start in range(4):  # the echo may start anywhere inside the encoded quantum
            chunk = run[start:]
            chunk = chunk[: len(chunk) - len(chunk) % 4]
            for altchars in (b"+/", b"-_"):
                try:
                    yield base64.b64decode(chunk, altchars=altchars).decode("latin-1")
                except (binascii.Error, ValueError):
                    continue


def _hex_decodings(text: str) -> Iterator[str]:
    for run in _HEX_RUN.findall(text):
        for start in (0, 1):
            chunk = run[start:]
            chunk = chunk[: len(chunk) - len(chunk) % 2]
            yield bytes.fromhex(chunk).decode("latin-1")


def readings(text: str) -> Iterator[str]:
    """The text and what it says once URL-decoded (twice), base64-decoded or hex-decoded."""
    plain = [text]
    if "%" in text or "+" in text:
        once = unquote_plus(text)
        plain += [once, unquote_plus(once)]
    for item in plain:
        yield item
        yield from _b64_decodings(item)
        yield from _hex_decodings(item)


class Redactor:
    """Scrubs one key out of texts (see the module docstring)."""

    __slots__ = ("_key", "_windows")

    def __init__(self, key: str) -> None:
        self._key = key
        low = key.lower()
        size = window(len(low))
        self._windows = frozenset(low[i : i + size] for i in range(len(low) - size + 1)) if low else frozenset()

    def leaks(self, text: str) -> bool:
        """Whether `text` holds key material in any form :class:`Redactor` knows."""
        if not self._windows:
            return False
        for reading in readings(text):
            low = reading.lower()
            if any(w in low for w in self._windows):
                return True
        return False

    def scrub(self, text: str) -> str:
        """`text` with the exact key as ``***``; :data:`WITHHELD` when other key material remains."""
        if not text or not self._key:
            return text
        if self._key in text:
            text = text.replace(self._key, REDACTED)
        return WITHHELD if self.leaks(text) else text
