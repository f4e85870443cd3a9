"""MinHash's permutations and LSH's banding as datasketch makes them, for the settings a
batch uses, shipped in minhash.json: importing datasketch took 0.35 s of every run's
start (most of it scipy.integrate, for the banding's integrals), and a batch needs two
small tables of it. Settings the file does not hold are asked of datasketch.

    python -c "from review.similarity.params import write; write()"  # minhash.json again

A test checks the file against datasketch.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

SHIPPED = Path(__file__).with_name("minhash.json")
SEED = 1  # datasketch's MinHash seed the signatures use
SCHEME = "affine32"


@lru_cache(maxsize=1)
def _shipped() -> dict:
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


@lru_cache(maxsize=8)
def banding(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) as datasketch's MinHashLSH chooses them for this Jaccard threshold."""
    for entry in _shipped()["banding"]:
        if (entry["threshold"], entry["num_perm"]) == (threshold, num_perm):
            return entry["bands"], entry["rows"]
    return datasketch_banding(threshold, num_perm)


@lru_cache(maxsize=8)
def permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """(a, b) uint32: datasketch's MinHash permutations (scheme affine32, seed 1)."""
    for entry in _shipped()["permutations"]:
        if entry["num_perm"] == num_perm:
            return np.array(entry["a"], np.uint32), np.array(entry["b"], np.uint32)
    return datasketch_permutations(num_perm)


def datasketch_banding(threshold: float, num_perm: int) -> tuple[int, int]:
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def datasketch_permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    from datasketch import MinHash

    a, b = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME).permutations
    return a.astype(np.uint32), b.astype(np.uint32)


def tables(threshold: float, num_perm: int) -> dict:
    """What minhash.json holds for these settings, from datasketch."""
    bands, rows = datasketch_banding(threshold, num_perm)
    a, b = datasketch_permutations(num_perm)
    return {
        "banding": [{"threshold": threshold, "num_perm": num_perm, "bands": bands, "rows": rows}],
        "permutations": [{"num_perm": num_perm, "seed": SEED, "scheme": SCHEME,
                          "a": a.tolist(), "b": b.tolist()}],
    }


def write() -> None:
    """minhash.json for Settings(), from datasketch."""
    from review.similarity.model import Settings

    settings = Settings()
    data = tables(settings.lsh_threshold, settings.num_perm)
    SHIPPED.write_text(json.dumps(data) + "\n", encoding="utf-8")
