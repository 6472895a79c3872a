"""Seeded damage for the differential tests of the parsers: a file's head, with tokens inserted,
overwritten and bytes cut at random places."""
from __future__ import annotations

import random

MUTATIONS = [b'"', b",", b"\n", b"\r", b"\r\n", b'""', b" ", b"x", b"1.5", b"\xe9", b"[", b"]", b"{", b"}",
             b"2015-02-30", b"nan", b"1e400", b"\n\n", b"  \n", b"+7", b"\xc3\xa9"]


def mutated(original: bytes, rng: random.Random, heads: list[int], tokens: list[bytes] = MUTATIONS) -> bytes:
    data = bytearray(original[: rng.choice([*heads, len(original)])])
    for _ in range(rng.choice([1, 3, 10, 40])):
        at, token = rng.randrange(len(data)), rng.choice(tokens)
        roll = rng.random()
        if roll < 0.4:
            data[at:at] = token
        elif roll < 0.7:
            data[at:at + len(token)] = token
        else:
            del data[at:at + rng.choice([1, 5, 50])]
    return bytes(data)
