"""The learned classifier's runtime artifact: vocabularies, weights and calibration, no code.

A ``.npz`` of plain arrays (strings, floats) read with ``np.load(allow_pickle=False)``: loading
runs nothing from the file, and needs neither scikit-learn nor scipy, so the worker and the
replay do not import them (``detectors.learned_train`` does, to fit and write it).
"""

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from detectors.exceptions import ModelError
from detectors.rules import EVIDENCE

ARTIFACT = Path(__file__).resolve().parent / "data" / "model" / "complaints.npz"
#: Bumped when the artifact's layout changes; a file of another format is refused.
FORMAT = 2

Array = NDArray[np.float64]
_ARRAYS = ("char_terms", "char_idf", "word_terms", "word_idf", "coef", "intercept")


@dataclass(frozen=True)
class Weights:
    """Everything scoring needs; ``coef`` has one row per feature (char, word, evidence)."""

    version: str
    classes: tuple[str, ...]
    char_range: tuple[int, int]
    word_pattern: str
    char_terms: tuple[str, ...]
    char_idf: Array
    word_terms: tuple[str, ...]
    word_idf: Array
    coef: Array
    intercept: Array
    temperature: float
    evidence: tuple[str, ...] = EVIDENCE

    def __post_init__(self) -> None:
        rows = len(self.char_terms) + len(self.word_terms) + len(self.evidence)
        if self.coef.shape != (rows, len(self.classes)):
            msg = f"weights of shape {self.coef.shape}, expected ({rows}, {len(self.classes)})"
            raise ModelError(msg)


def save(weights: Weights, path: Path) -> None:
    """Write the weights as a compressed ``.npz`` of plain arrays."""
    meta = {
        "format": FORMAT,
        "version": weights.version,
        "classes": list(weights.classes),
        "char_range": list(weights.char_range),
        "word_pattern": weights.word_pattern,
        "temperature": weights.temperature,
        "evidence": list(weights.evidence),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        np.savez_compressed(
            fh,
            meta=np.array(json.dumps(meta, sort_keys=True)),
            char_terms=np.array(weights.char_terms, dtype=str),
            char_idf=weights.char_idf,
            word_terms=np.array(weights.word_terms, dtype=str),
            word_idf=weights.word_idf,
            coef=weights.coef,
            intercept=weights.intercept,
        )


def load(path: Path = ARTIFACT) -> Weights:
    """Read weights written by :func:`save`; anything else is refused with a way out."""
    if not path.is_file():
        msg = f"no classifier model at {path}: run `storingsradar train`"
        raise ModelError(msg)
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            arrays = {k: data[k] for k in _ARRAYS}
    except (OSError, ValueError, KeyError, json.JSONDecodeError) as e:
        msg = f"{path} is not a classifier model ({e}): run `storingsradar train`"
        raise ModelError(msg) from e
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        msg = f"{path} is not a classifier model of format {FORMAT}: run `storingsradar train`"
        raise ModelError(msg)
    if meta["evidence"] != list(EVIDENCE):
        msg = f"{path} was trained on other rule evidence: run `storingsradar train`"
        raise ModelError(msg)
    low, high = meta["char_range"]
    return Weights(
        version=str(meta["version"]),
        classes=tuple(str(c) for c in meta["classes"]),
        char_range=(int(low), int(high)),
        word_pattern=str(meta["word_pattern"]),
        char_terms=tuple(str(t) for t in arrays["char_terms"].tolist()),
        char_idf=arrays["char_idf"].astype(np.float64),
        word_terms=tuple(str(t) for t in arrays["word_terms"].tolist()),
        word_idf=arrays["word_idf"].astype(np.float64),
        coef=arrays["coef"].astype(np.float64),
        intercept=arrays["intercept"].astype(np.float64),
        temperature=float(meta["temperature"]),
        evidence=tuple(meta["evidence"]),
    )
