"""The learned classifier: what it decides, how it loads, and that the shipped model is honest."""

import importlib.util
import json
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from detectors import Annotator, LearnedClassifier, ModelError
from detectors.learned import char_wb_ngrams, prepare, softmax, word_ngrams
from detectors.learned_artifact import ARTIFACT, load, save
from detectors.learned_fit import Model, near_duplicates, train
from detectors.learned_train import CORPUS, EVAL_SET, NEAR, corpus_version, load_corpus
from schemas import Post

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def model() -> LearnedClassifier:
    return LearnedClassifier.load()


@pytest.fixture(scope="module")
def small() -> Model:
    """A quick scikit-learn fit on a sixth of the corpus, to hold scoring against."""
    return train(load_corpus()[::6], "small")


def eval_texts() -> list[str]:
    lines = EVAL_SET.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line]


class TestDecisions:
    """Current outages are complaints; the hard confusers are noise."""

    @pytest.mark.parametrize(
        "text",
        [
            "storing bij NS tussen Utrecht en Amersfoort",
            "KPN storing, geen internet en geen tv",
            "Storing in de ING app, kan niet inloggen",
            "mijn telefoon heeft geen stroom meer",
            "Grote stroomstoring in Spanje, miljoenen zonder stroom",
            "Vorig jaar zaten we twee dagen zonder stroom",
            "Nieuws: duizenden huishoudens in Limburg waren gisteren zonder stroom",
            "Het project komt eindelijk in een stroomversnelling",
            "Ik sta helemaal onder stroom na dat nieuws",
            "Stroom is weer terug, dank aan de monteurs!",
            "Lovely rainy day in Zwartewaal",
        ],
    )
    def test_hard_confusers_are_noise(self, model: LearnedClassifier, text: str) -> None:
        """Rail, telecom, banking, batteries, abroad, past, news, idioms, restored, place names."""
        assert model.classify(text).label == "noise"

    @pytest.mark.parametrize(
        ("text", "label"),
        [
            ("weer geen stroom in 6821, @liander wat is er aan de hand", "stroom"),
            ("Hele straat zonder stroom in Zwolle, lantaarns ook uit", "stroom"),
            ("power cut in our street, everything dark", "stroom"),
            ("Geen gas meer, fornuis en cv doen niks, buren ook niet", "gas"),
        ],
    )
    def test_outages_are_complaints(self, model: LearnedClassifier, text: str, label: str) -> None:
        """Power and gas outages happening now get their utility."""
        verdict = model.classify(text)
        assert verdict.label == label
        assert verdict.confidence > 0.5

    def test_restored_is_flagged(self, model: LearnedClassifier) -> None:
        """ "It is back" is noise, marked restored so the detector can resolve an alert."""
        verdict = model.classify("Stroom is weer terug in Lombok!")
        assert (verdict.label, verdict.restored) == ("noise", True)

    def test_posts_without_a_stem_skip_the_model(self, model: LearnedClassifier) -> None:
        """Plain chatter is noise with the prefilter's confidence, never scored."""
        assert model.classify("Lekker weertje vandaag").confidence == 0.99

    def test_annotator_uses_it(self, model: LearnedClassifier) -> None:
        """The annotator turns a verdict into a complaint (outage) or nothing (confuser)."""
        from geo import Gazetteer  # noqa: PLC0415 - the real gazetteer, only here

        annotator = Annotator(model, Gazetteer.load())
        at = datetime(2025, 3, 3, 18, tzinfo=UTC)

        def post(text: str) -> Post:
            return Post(id="1", source="x", created_at=at, text=text, author_id="a")

        complaint = annotator.annotate(post("weer geen stroom in 6821"))
        assert complaint is not None
        assert (complaint.utility, complaint.pc4s) == ("stroom", ("6821",))
        assert complaint.operator is None
        assert annotator.annotate(post("storing bij NS in 6821")) is None
        tagged = annotator.annotate(post("Hele straat donker @EnexisGroep"))
        assert tagged is not None and (tagged.pc4s, tagged.operator) == ((), "enexis")


class TestScoring:
    """The per-post path is the same model as sklearn's."""

    def test_fast_path_equals_sklearn(self, small: Model) -> None:
        """Plain-Python logits from the shipped weights give sklearn's probabilities."""
        texts = [*eval_texts(), "stroom stroom stroomstoring stroom", "zwam zwammerdam zwam"]
        fast = LearnedClassifier(small.weights()).probabilities(texts)
        np.testing.assert_allclose(fast, small.probabilities(texts), atol=1e-9)
        one = np.array([softmax(np.array(LearnedClassifier(small.weights()).logits(prepare(t))))
                        for t in texts[:50]])  # fmt: skip
        np.testing.assert_allclose(one, fast[:50], atol=1e-12)

    def test_batch_gives_the_same_verdicts(self, model: LearnedClassifier) -> None:
        """classify_batch equals classify one by one (cold caches), repeats and chatter mixed."""
        texts = [
            "weer geen stroom in 6821, @liander wat is er aan de hand",
            "storing bij NS tussen Utrecht en Amersfoort",
            "Lekker weertje vandaag",
            "",
            "Geen gas meer, fornuis en cv doen niks",
            "Stroom is weer terug, dank aan de monteurs!",
            "strooom eriut, alles zzwart in Gouda",
            "weer geen stroom in 6821, @liander wat is er aan de hand",
        ] * 3
        single = LearnedClassifier(model.weights)
        one = [single.classify(t) for t in texts]
        assert LearnedClassifier(model.weights).classify_batch(texts) == one
        assert {v.label for v in one} == {"stroom", "gas", "noise"}

    def test_char_ngrams_equal_sklearn(self) -> None:
        """Our character n-grams are sklearn's ``char_wb`` ones, short words included."""
        analyzer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
        for text in [*eval_texts()[:200], "a", "ab  c", "x\ty z"]:
            assert char_wb_ngrams(prepare(text)) == analyzer(prepare(text))

    def test_word_ngrams_equal_sklearn(self, small: Model) -> None:
        """Our words and word pairs are sklearn's, with the trained token pattern."""
        analyzer = small.word.build_analyzer()
        ours = word_ngrams(re.compile(small.word.token_pattern))
        for text in [*eval_texts()[:200], "#stroomstoring in 6821!", ""]:
            assert ours(prepare(text)) == analyzer(prepare(text))

    def test_probabilities_are_calibrated(self, model: LearnedClassifier) -> None:
        """On the held-out split, mean confidence is within 0.05 of accuracy."""
        test = [p for p in load_corpus() if p.split == "test"]
        probs = model.probabilities([p.text for p in test])
        predicted = [model.labels[i] for i in probs.argmax(axis=1)]
        accuracy = np.mean([p.label == q for p, q in zip(test, predicted, strict=True)])
        assert abs(float(probs.max(axis=1).mean()) - accuracy) < 0.05


class TestArtifact:
    """The model file: plain arrays, round-trips, refuses what it should, no sklearn at run time."""

    def test_round_trip(self, model: LearnedClassifier, tmp_path: Path) -> None:
        """Saving and loading gives the same version and the same probabilities."""
        path = tmp_path / "m.npz"
        save(model.weights, path)
        again = LearnedClassifier.load(path)
        texts = eval_texts()[:50]
        assert again.version == model.version
        np.testing.assert_array_equal(again.probabilities(texts), model.probabilities(texts))

    def test_refuses_pickled_objects(self, tmp_path: Path) -> None:
        """A file holding Python objects is refused: nothing is unpickled."""
        path = tmp_path / "evil.npz"
        np.savez(path, meta=np.array([sys.exit], dtype=object))
        with pytest.raises(ModelError, match="storingsradar train"):
            load(path)

    def test_refuses_other_formats_and_missing_files(self, tmp_path: Path) -> None:
        """Another format or no file at all says to run ``storingsradar train``."""
        path = tmp_path / "old.npz"
        np.savez(path, meta=np.array(json.dumps({"format": 1})))
        with pytest.raises(ModelError, match="storingsradar train"):
            load(path)
        with pytest.raises(ModelError, match="storingsradar train"):
            load(tmp_path / "missing.npz")

    def test_artifact_is_small_and_plain(self) -> None:
        """The shipped model stays a small file of plain arrays (no object arrays)."""
        assert ARTIFACT.stat().st_size < 2_000_000
        with np.load(ARTIFACT, allow_pickle=False) as data:
            assert all(data[k].dtype != object for k in data.files)

    def test_replay_and_worker_do_not_import_sklearn(self) -> None:
        """Loading and scoring needs numpy only; scikit-learn, scipy and skops stay out."""
        code = (
            "import sys, replay, stream.app, storingsradar.cli\n"
            "from detectors import LearnedClassifier\n"
            "LearnedClassifier.load().classify('geen stroom')\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'scipy', 'skops'}))"
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True, cwd=ROOT)  # fmt: skip
        assert done.stdout.strip() == "[]"


class TestCorpus:
    """The training corpus is built reproducibly and kept apart from the evaluation set."""

    def test_build_is_deterministic_and_shipped(self) -> None:
        """Rebuilding from the sources gives the committed corpus, line for line."""
        spec = importlib.util.spec_from_file_location(
            "build_corpus", ROOT / "tools" / "build_corpus.py"
        )
        assert spec is not None and spec.loader is not None
        build_corpus = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(build_corpus)
        rows, _ = build_corpus.build()
        split = build_corpus.splits(rows)
        shipped = load_corpus()
        assert [(r.text, r.label, r.family, split[r.family]) for r in rows] == [
            (p.text, p.label, p.family, p.split) for p in shipped
        ]

    def test_families_stay_in_one_split(self) -> None:
        """No family (a template, a hand-written post) has posts in both splits."""
        seen: dict[str, set[str]] = {}
        for p in load_corpus():
            seen.setdefault(p.family, set()).add(p.split)
        assert all(len(s) == 1 for s in seen.values())

    def test_every_category_is_in_both_splits(self) -> None:
        """Each label and confuser category has posts to train on and to test on."""
        posts = load_corpus()
        for category in {p.category for p in posts}:
            assert {p.split for p in posts if p.category == category} == {"train", "test"}

    def test_disjoint_from_the_evaluation_set(self) -> None:
        """No corpus post is an exact or near copy of an evaluation post."""
        sims = near_duplicates([p.text for p in load_corpus()], eval_texts())
        assert max(sims) < NEAR


class TestTraining:
    """``storingsradar train`` is deterministic and the shipped model is the corpus's."""

    def test_training_is_deterministic(self) -> None:
        """Two trainings on the same posts give the same vocabulary, weights and temperature."""
        posts = load_corpus()[::6]
        a, b = train(posts, "t"), train(posts, "t")
        assert a.char.vocabulary_ == b.char.vocabulary_
        assert a.word.vocabulary_ == b.word.vocabulary_
        np.testing.assert_array_equal(a.clf.coef_, b.clf.coef_)
        assert a.temperature == b.temperature

    def test_training_never_reads_the_test_split(self) -> None:
        """Changing the held-out posts changes nothing in the model."""
        posts = load_corpus()[::6]
        moved = [p.model_copy(update={"text": "geen stroom"}) if p.split == "test" else p
                 for p in posts]  # fmt: skip
        a, b = train(posts, "t"), train(moved, "t")
        np.testing.assert_array_equal(a.clf.coef_, b.clf.coef_)

    @pytest.mark.slow
    def test_shipped_model_is_trained_on_the_shipped_corpus(self, model: LearnedClassifier) -> None:
        """The committed artifact names the committed corpus and matches a fresh training."""
        assert model.version == corpus_version(CORPUS)
        fresh = train(load_corpus(), model.version).weights()
        assert fresh.char_terms == model.weights.char_terms
        np.testing.assert_allclose(fresh.coef, model.weights.coef, atol=1e-9)
