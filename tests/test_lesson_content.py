"""The lesson content files (courses/content/ai-composition, format in docs/content.md), parsed
directly (no database): structure, both languages, demo slugs, heading levels, the order of the
seed's topics, prose not copied from the seed, and code that prints what the lesson says."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
import tomllib
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COURSE_DIR = ROOT / "courses" / "content" / "ai-composition"
# The seed lives outside the repository; a clean clone elsewhere may not have it.
SEED = Path(os.environ.get("KANADE_SEED", "/work/shared/seed/000_9cb99d2491f06aa7.txt"))

DEMO_SLUGS = {
    "sigmoid-grid",
    "tf-graph",
    "sigmoid-curve",
    "regression",
    "arange",
    "zeros",
    "reshape",
    "matmul",
    "colormap",
}
# The order the brief asks for: each demo sits next to the topic it illustrates.
DEMO_ORDER = [
    "sigmoid-grid",
    "regression",
    "arange",
    "zeros",
    "sigmoid-curve",
    "reshape",
    "matmul",
    "colormap",
    "tf-graph",
]
REQUIRED_KEYS = {
    "markdown": {"body_ja", "body_en"},
    "code": {"language", "source"},
    "callout": {"style", "body_ja", "body_en"},
    "figure": {"image", "alt_ja", "alt_en", "caption_ja", "caption_en"},
    "demo": {"demo", "preset"},
    "studio": {"tool"},
}
CAPTIONS = {"caption_ja", "caption_en"}
OPTIONAL_KEYS = {"code": CAPTIONS | {"source_en"}, "demo": CAPTIONS}
OPTIONAL_KEYS["studio"] = CAPTIONS | {"tool_preset"}
CODE_KEYS = {"source", "source_en"}  # code, not prose (see test_lesson_code_english.py)
# One key term per seed topic, in the seed's order, looked up in the headings of each language.
SECTION_TERMS = [
    ("ニューラルネットワーク", "neural network"),
    ("回帰", "regression"),
    ("np.arange", "np.arange"),
    ("np.zeros", "np.zeros"),
    ("重みとバイアス", "weights and biases"),
    ("シグモイド", "sigmoid"),
    ("活性化関数", "activation"),
    ("テンソル", "tensors"),
    ("reshape", "reshape"),
    ("行列積", "matrix product"),
    ("出力層", "output layer"),
    ("Z[j][i]", "Z[j][i]"),
    ("imshow", "imshow"),
    ("Magenta Studio", "Magenta Studio"),
    ("Continue", "Continue"),
    ("Generate 4 bars", "Generate 4 bars"),
    ("Interpolate", "Interpolate"),
    ("GrooVAE", "GrooVAE"),
    ("Drumify", "Drumify"),
    ("共通", "shared by the five tools"),
    ("Ableton", "Ableton"),
    ("MIDI ノート番号", "MIDI notes"),
    ("Melody RNN", "Melody RNN"),
    ("NSynth", "NSynth"),
    ("マスタリング", "mastering"),
    ("TensorFlow", "TensorFlow"),
    ("計算グラフ", "computation graph"),
    ("一行ずつ", "line by line"),
    ("1回ずつ", "one pass at a time"),
    ("TensorFlow 2", "TensorFlow 2"),
]
FENCE = re.compile(r"^\s*```")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$")


def _load(name: str) -> dict:
    with (COURSE_DIR / name).open("rb") as fh:
        return tomllib.load(fh)


COURSE = _load("course.toml")
LESSON = _load("lesson-05.toml")
BLOCKS = LESSON["blocks"]


def _without_fences(markdown: str) -> str:
    """The Markdown with fenced code blocks removed (code may be reproduced; prose may not)."""
    kept, inside = [], False
    for line in markdown.splitlines():
        if FENCE.match(line):
            inside = not inside
            continue
        if not inside:
            kept.append(line)
    return "\n".join(kept)


def _fenced(markdown: str, language: str) -> list[str]:
    """The bodies of the fenced code blocks of one language, in order."""
    blocks, current, inside = [], [], False
    for line in markdown.splitlines():
        match = FENCE.match(line)
        if match and not inside:
            inside, current = True, []
            lang = line.strip()[3:].strip()
        elif match:
            inside = False
            if lang == language:
                blocks.append("\n".join(current))
        elif inside:
            current.append(line)
    return blocks


def _headings(markdown: str) -> list[tuple[int, str]]:
    return [
        (len(m.group(1)), m.group(2))
        for line in _without_fences(markdown).splitlines()
        if (m := HEADING.match(line))
    ]


def _prose(lang: str) -> str:
    """All translatable prose of one language, code removed, whitespace and Markdown marks flattened."""
    parts = [COURSE[f"title_{lang}"], COURSE[f"summary_{lang}"]]
    parts += [LESSON[f"title_{lang}"], LESSON[f"summary_{lang}"]]
    for block in BLOCKS:
        for key, value in block.items():
            if key.endswith(f"_{lang}") and key not in CODE_KEYS:
                parts.append(_without_fences(value))
    return _flatten("\n".join(parts))


def _flatten(text: str) -> str:
    # Emphasis marks, backticks and Markdown escapes would otherwise hide a copied sentence.
    return re.sub(r"\s+", " ", re.sub(r"[*`\\]", "", text)).strip()


def test_course_file_has_the_course_fields():
    assert COURSE["slug"] == "ai-composition"
    assert COURSE["order"] == 1
    assert COURSE["title_ja"] == "AI自動作曲プログラミング"
    assert COURSE["title_en"] == "AI Music Composition Programming"
    for key in ("summary_ja", "summary_en"):
        assert COURSE[key].strip(), f"course.toml: {key} is empty"


def test_lesson_header():
    assert LESSON["number"] == 5
    assert LESSON["slug"] == "neural-networks-magenta-tensorflow"
    assert LESSON["order"] == 5
    assert LESSON["published"] is True
    for key in ("title_ja", "title_en", "summary_ja", "summary_en"):
        assert isinstance(LESSON[key], str) and LESSON[key].strip(), f"lesson: {key} is empty"


def test_every_block_has_exactly_the_keys_of_its_kind():
    problems = []
    for index, block in enumerate(BLOCKS):
        kind = block.get("kind")
        if kind not in REQUIRED_KEYS:
            problems.append(f"block {index}: unknown kind {kind!r}")
            continue
        keys = set(block) - {"kind"}
        missing = REQUIRED_KEYS[kind] - keys
        unknown = keys - REQUIRED_KEYS[kind] - OPTIONAL_KEYS.get(kind, set())
        if missing:
            problems.append(f"block {index} ({kind}): missing {sorted(missing)}")
        if unknown:
            problems.append(f"block {index} ({kind}): unknown keys {sorted(unknown)}")
        if kind == "callout" and block.get("style") not in {"note", "tip", "warning"}:
            problems.append(f"block {index}: callout style {block.get('style')!r}")
        if kind == "code" and not block.get("source", "").strip():
            problems.append(f"block {index}: empty code source")
        if kind == "figure" and not (COURSE_DIR / block.get("image", "")).is_file():
            problems.append(f"block {index}: figure image {block.get('image')!r} not found")
    assert not problems, "\n".join(problems)


def test_every_translatable_field_is_present_and_non_empty_in_both_languages():
    problems = []
    for where, table in [("course", COURSE), ("lesson", LESSON)] + [
        (f"block {i} ({b['kind']})", b) for i, b in enumerate(BLOCKS)
    ]:
        stems = {k[:-3] for k in table if k.endswith(("_ja", "_en")) and k not in CODE_KEYS}
        for stem in sorted(stems):
            for lang in ("ja", "en"):
                value = table.get(f"{stem}_{lang}")
                if not isinstance(value, str) or not value.strip():
                    problems.append(f"{where}: {stem}_{lang} is missing or empty")
    assert not problems, "\n".join(problems)


def test_japanese_fields_are_japanese_and_english_fields_are_not():
    japanese = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    for index, block in enumerate(BLOCKS):
        for key, value in block.items():
            if key.endswith("_ja"):
                assert japanese.search(_without_fences(value)), (
                    f"block {index}: {key} has no Japanese"
                )
            if key.endswith("_en"):
                prose = _without_fences(value)
                assert not re.search(r"[\u3040-\u30ff]", prose), f"block {index}: {key} has kana"


def test_demo_blocks_use_known_slugs_in_the_lesson_order():
    demos = [b for b in BLOCKS if b["kind"] == "demo"]
    unknown = [d["demo"] for d in demos if d["demo"] not in DEMO_SLUGS]
    assert not unknown, f"unknown demo slugs {unknown}; allowed: {sorted(DEMO_SLUGS)}"
    assert [d["demo"] for d in demos] == DEMO_ORDER
    assert all(isinstance(d["preset"], dict) for d in demos)


def test_presets_fit_the_registered_demos():
    from demos import catalog  # noqa: F401  (registers the demos)
    from demos.registry import all_demos

    registered = {d.slug: d for d in all_demos()}
    demo_blocks = [block for block in BLOCKS if block["kind"] == "demo"]
    assert demo_blocks
    for block in demo_blocks:
        assert block["demo"] in registered, f"demo {block['demo']!r} is not registered"
        registered[block["demo"]].clean_preset(block["preset"])  # raises PresetError if bad


def test_code_shown_before_its_demo():
    def first(predicate):
        return next(i for i, b in enumerate(BLOCKS) if predicate(b))

    network_code = first(lambda b: b["kind"] == "code" and "def middle_layer" in b["source"])
    grid_demo = first(lambda b: b.get("demo") == "sigmoid-grid")
    tf1_code = first(lambda b: b["kind"] == "code" and "tf.placeholder(" in b["source"])
    graph_demo = first(lambda b: b.get("demo") == "tf-graph")
    assert network_code < grid_demo < tf1_code < graph_demo


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_headings_start_at_h2_and_stay_in_markdown_blocks(lang):
    levels = []
    for index, block in enumerate(BLOCKS):
        if block["kind"] == "callout":
            assert not _headings(block[f"body_{lang}"]), f"block {index}: heading inside a callout"
        if block["kind"] == "markdown":
            levels += [level for level, _ in _headings(block[f"body_{lang}"])]
    assert levels and levels[0] == 2, "the first heading must be ## (the page's h1 is the title)"
    assert set(levels) <= {2, 3}, f"only ## and ### are used, found levels {sorted(set(levels))}"


def test_both_languages_have_the_same_heading_structure():
    for index, block in enumerate(BLOCKS):
        if block["kind"] == "markdown":
            ja = [level for level, _ in _headings(block["body_ja"])]
            en = [level for level, _ in _headings(block["body_en"])]
            assert ja == en, f"block {index}: heading levels differ, ja {ja} vs en {en}"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_seed_topics_appear_in_order(lang):
    titles = [
        text
        for block in BLOCKS
        if block["kind"] == "markdown"
        for _, text in _headings(block[f"body_{lang}"])
    ]
    positions = []
    for terms in SECTION_TERMS:
        term = terms[0 if lang == "ja" else 1].lower()
        found = [i for i, title in enumerate(titles) if term in title.lower()]
        assert found, f"no {lang} heading mentions {term!r}"
        positions.append((found[0], term))
    out_of_order = [(a, b) for a, b in zip(positions, positions[1:], strict=False) if a[0] >= b[0]]
    assert not out_of_order, f"topics out of order: {out_of_order}"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_math_delimiters_are_balanced(lang):
    for index, block in enumerate(BLOCKS):
        for key in (f"body_{lang}", f"caption_{lang}"):
            if key in block:
                text = re.sub(r"`[^`]*`", "", _without_fences(block[key]))
                assert text.count("$$") % 2 == 0, f"block {index}: unbalanced $$ in {key}"
                assert text.replace("$$", "").count("$") % 2 == 0, f"block {index}: unbalanced $"


def _seed_pieces() -> set[str]:
    """Every line, and every sentence, of the seed's prose that is 20 or more characters long."""
    pieces = set()
    for line in _without_fences(SEED.read_text(encoding="utf-8")).splitlines():
        line = _flatten(line)
        for piece in [line, *line.split("。")]:
            piece = piece.strip()
            if len(piece) >= 20:
                pieces.add(piece)
    return pieces


@pytest.mark.skipif(not SEED.is_file(), reason=f"seed not found at {SEED} (set KANADE_SEED)")
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_seed_sentence_is_copied(lang):
    pieces = _seed_pieces()
    assert len(pieces) > 100, "the seed was not read as expected"
    prose = _prose(lang)
    copied = sorted(piece for piece in pieces if piece in prose)
    assert not copied, (
        f"{len(copied)} seed line(s) appear verbatim in the {lang} text: {copied[:5]}"
    )


def test_numpy_examples_run_and_print_what_the_lesson_shows():
    """Run the lesson's numpy snippets in reading order and compare with the outputs it states."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    snippets = []
    for block in BLOCKS:
        if block["kind"] == "code" and block["language"] == "python":
            snippets.append(block["source"])
        elif block["kind"] in ("markdown", "callout"):
            snippets += _fenced(block["body_ja"], "python")
    snippets = [s for s in snippets if "tensorflow" not in s]
    namespace: dict = {}
    stdout = io.StringIO()
    with np.printoptions(), contextlib.redirect_stdout(stdout), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Agg's "cannot show the figure" warning
        for snippet in snippets:
            code = "\n".join(line for line in snippet.splitlines() if not line.startswith("%"))
            exec(compile(code, "<lesson>", "exec"), namespace)  # noqa: S102 - our own lesson code
    plt.close("all")
    printed = stdout.getvalue()

    grid = namespace["Z"]
    assert grid.shape == (10, 10)
    assert grid.min() == pytest.approx(0.10668, abs=1e-5)  # the dark corner, x = y = -1.0
    assert grid.max() == pytest.approx(1.00515, abs=1e-5)  # on the band where x + y = 0
    assert "[[ 6  3]\n [12  6]]" in printed
    assert "2 (2, 3)" in printed
    assert "[-1.0 -0.8 -0.6 -0.4 -0.2 -0.0  0.2  0.4  0.6  0.8]" in printed
    shown_outputs = [
        t for b in BLOCKS if b["kind"] == "markdown" for t in _fenced(b["body_ja"], "text")
    ]
    assert len(shown_outputs) == 2
    for output in shown_outputs:
        assert output in printed, f"the lesson shows an output the code does not print:\n{output}"


def test_tensorflow_examples_print_9_18_27():
    """The TF2 versions print 9, 18, 27, and the TF1 names really are only under tf.compat.v1."""
    compat = next(
        b["source"] for b in BLOCKS if b["kind"] == "code" and "tf.compat.v1" in b["source"]
    )
    eager = next(
        s
        for b in BLOCKS
        if b["kind"] == "markdown"
        for s in _fenced(b["body_ja"], "python")
        if "assign_add" in s
    )
    check_names = (
        "import tensorflow as tf\n"
        "print([hasattr(tf, n) for n in ('Session', 'placeholder', 'assign', 'app')])\n"
        "print(all(hasattr(tf.compat.v1, n) for n in ('Session', 'placeholder', 'assign')))\n"
        "print(hasattr(tf.compat.v1.app.flags, 'DEFINE_string'))\n"
    )
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", TF_CPP_MIN_LOG_LEVEL="3")
    outputs = []
    for code in (compat, eager, check_names):
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300
        )
        assert result.returncode == 0, result.stderr[-2000:]
        outputs.append(result.stdout.split())
    assert outputs[0] == ["9", "18", "27"]
    assert outputs[1] == ["9", "18", "27"]
    assert outputs[2] == ["[False,", "False,", "False,", "False]", "True", "True"]
