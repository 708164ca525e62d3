"""The workers' verdicts: what they send, and what the replay's pass does without one."""

import pytest

from detectors import LearnedClassifier
from detectors.rules import NOISE, Classification
from replay._ahead import AheadClassifier, judge


@pytest.fixture(scope="module")
def model() -> LearnedClassifier:
    return LearnedClassifier.load()


class TestJudge:
    """A worker returns the verdicts the model gave, once per text."""

    def test_every_readable_text_once(self, model: LearnedClassifier) -> None:
        """The model's verdict per text, None for the prefilter's noise; unreadable lines out."""
        lines = [
            b'{"id": "1", "text": "weer geen stroom in 6821"}\n',
            b'{"id": "2", "text": "lekker weertje vandaag"}\n',
            b'{"id": "3", "text": "storing bij NS tussen Utrecht en Amersfoort"}\n',
            b'{"id": "4", "text": "weer geen stroom in 6821"}\n',
            b"not json\n",
            b"[1, 2]\n",
            b'{"id": "5", "text": 7}\n',
        ]
        verdicts = judge(lines, model)
        stroom = model.classify("weer geen stroom in 6821")
        assert verdicts == {
            "weer geen stroom in 6821": (
                stroom.label,
                stroom.confidence,
                stroom.restored,
                stroom.score,
                stroom.lean,
            ),
            "lekker weertje vandaag": None,
            "storing bij NS tussen Utrecht en Amersfoort": verdicts[
                "storing bij NS tussen Utrecht en Amersfoort"
            ],
        }
        assert verdicts["storing bij NS tussen Utrecht en Amersfoort"] is not None
        assert verdicts["storing bij NS tussen Utrecht en Amersfoort"][0] == "noise"

    def test_needs_a_classifier_outside_a_worker(self) -> None:
        """Called in the replay's own process without a model, it says how to call it."""
        with pytest.raises(RuntimeError, match="takes a classifier"):
            judge([b'{"text": "geen stroom"}'])


class TestAheadClassifier:
    """The replay's pass answers from the chunk's table, else scores the text itself."""

    def test_table_first_then_its_own(self, model: LearnedClassifier) -> None:
        """A text in the table gets the table's verdict (None: plain noise); any other the
        model's own."""
        ahead = AheadClassifier(model)
        planted = Classification("gas", 0.75, False, 4.0, "gas")
        ahead.take({"geen stroom in Zwolle": ("gas", 0.75, False, 4.0, "gas"), "geen gas": None})
        assert ahead.classify("geen stroom in Zwolle") == planted
        assert ahead.classify("geen gas") is NOISE
        assert ahead.classify("geen stroom in Gouda").label == "stroom"
        assert ahead.classify("lekker weertje") is NOISE
        ahead.take({})
        assert ahead.classify("geen stroom in Zwolle").label == "stroom"
