"""Lesson 5's code in English: the same programs as the Japanese ones, with English comments.

A code block's `source` is what Japanese pages show; `source_en` is the same code commented
in English for English pages. Only comments may differ, so the English code runs and prints
exactly what the Japanese code (checked in test_lesson_content.py) does.
"""

from __future__ import annotations

import io
import re
import tokenize

from tests.test_lesson_content import BLOCKS


def _code_without_comments(source: str) -> list[str]:
    """The code's lines with comments and the spaces before them removed."""
    lines = source.splitlines()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            row, column = token.start
            lines[row - 1] = lines[row - 1][:column]
    return [line.rstrip() for line in lines]


def test_code_with_japanese_comments_has_an_english_twin_that_differs_only_in_comments():
    japanese = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    code_blocks = [(i, b) for i, b in enumerate(BLOCKS) if b["kind"] == "code"]
    for index, block in code_blocks:
        if not japanese.search(block["source"]):
            assert "source_en" not in block, f"block {index}: source_en without a reason"
            continue
        assert "source_en" in block, f"block {index}: Japanese comments but no source_en"
        english = block["source_en"]
        assert not japanese.search(english), f"block {index}: source_en has Japanese"
        assert _code_without_comments(english) == _code_without_comments(block["source"]), (
            f"block {index}: source_en must be the same code, only its comments translated"
        )
        comments = [line for line in english.splitlines() if "#" in line]
        assert len(comments) == len([line for line in block["source"].splitlines() if "#" in line])
