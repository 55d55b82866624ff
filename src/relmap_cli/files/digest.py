"""SHA-1, SHA-256 and BLAKE2b without loading OpenSSL at start-up.

Importing `hashlib` loads the OpenSSL library (about 2 ms, a noticeable
part of a 90 ms run). Python ships its own implementations of these
algorithms as small modules (`_sha1`, `_sha2` or before 3.12 `_sha256`,
`_blake2`): the same digests, byte for byte. Where a Python was built
without them, hashlib serves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Hash = Callable[..., Any]


def _own(module: str, name: str) -> Hash | None:
    try:
        return getattr(__import__(module), name)  # type: ignore[no-any-return]
    except (ImportError, AttributeError):
        return None


def _hashlib(name: str) -> Hash:
    import hashlib

    return getattr(hashlib, name)  # type: ignore[no-any-return]


sha1: Hash = _own("_sha1", "sha1") or _hashlib("sha1")
sha256: Hash = _own("_sha2", "sha256") or _own("_sha256", "sha256") or _hashlib("sha256")
blake2b: Hash = _own("_blake2", "blake2b") or _hashlib("blake2b")
