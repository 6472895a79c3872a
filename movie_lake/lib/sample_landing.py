"""The bundled sample landing files, and copying them into a lake's landing zone."""
from __future__ import annotations

from pathlib import Path

from movie_lake.lib.storage.files import LakeStorage

SAMPLE_LANDING = Path(__file__).resolve().parents[1] / "sample" / "landing"


def sample_files() -> list[Path]:
    return sorted(p for p in SAMPLE_LANDING.rglob("*") if p.is_file())


def land_sample(storage: LakeStorage) -> list[str]:
    """Put each sample file into `landing/<source>/`, skipping ones already there unchanged
    (so landing the sample twice does not make a new version)."""
    landed = []
    for path in sample_files():
        key = f"landing/{path.relative_to(SAMPLE_LANDING).as_posix()}"
        data = path.read_bytes()
        if storage.exists(key) and storage.read_bytes(key) == data:
            continue
        storage.write_bytes(key, data)
        landed.append(key)
    return landed
