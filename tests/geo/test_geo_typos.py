"""The shipped list of Dutch words that look like misspelt names is what its tool builds."""

import subprocess
import sys
from pathlib import Path

import pytest

from geo._typos import DUTCH_NEAR_NAMES

ROOT = Path(__file__).resolve().parents[2]
LEXICON = Path("/usr/share/dict/dutch")


@pytest.mark.skipif(not LEXICON.exists(), reason="no /usr/share/dict/dutch (Debian wdutch)")
def test_word_list_rebuilds_identically(tmp_path: Path) -> None:
    """tools/build_typo_words.py over the OpenTaal list gives the committed file."""
    before = DUTCH_NEAR_NAMES.read_bytes()
    try:
        subprocess.run(
            [sys.executable, "tools/build_typo_words.py"], cwd=ROOT, check=True, capture_output=True
        )
        assert DUTCH_NEAR_NAMES.read_bytes() == before
    finally:
        DUTCH_NEAR_NAMES.write_bytes(before)
