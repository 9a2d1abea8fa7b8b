"""What is left alone: `cleantext: off` parts of a text, and paths a `.cleantextignore` names."""

from __future__ import annotations

import io

import pytest

from cleantext.config import load_ruleset
from cleantext.engine import Cleaner
from cleantext.ignore import IgnoreFile
from cleantext.safety import verify
from cleantext.switches import read_all, regions

NOISY = "在 2025 年,创新\n之城的发展。\n\n"  # paragraphs: slices may end after each


def _switched(lines: int) -> tuple[str, str]:
    """A text with a long part left alone in the middle, and that part."""
    off = "# cleantext: off\n" + "".join(f"表 格 {i} , 原 样\n" for i in range(lines)) \
        + "# cleantext: on\n"
    return NOISY * lines + "\n" + off + "\n" + NOISY * lines, off


@pytest.mark.parametrize("target", [64, 1000, 1 << 17])
def test_a_part_left_alone_comes_out_verbatim_whatever_the_slice_size(target: int) -> None:
    text, off = _switched(200)
    cleaner = Cleaner(load_ruleset(), target=target)
    result = cleaner.run(text)
    assert off in result.text
    assert result.text == Cleaner(load_ruleset()).run(text, trace=False).text
    assert result.text.replace(off, "").count(" ,") == 0  # the rest is cleaned
    assert verify(text, result, cleaner) is None  # the trace accounts for every change
    assert cleaner.run(result.text).changes == []


def test_streaming_regions_hand_out_the_whole_text_in_order() -> None:
    text, off = _switched(300)
    text = "# cleantext: on\n" + text + "\n\n# cleantext: off\ntail without a line end"
    parts = [part if isinstance(part, str) else read_all(part)
             for part in regions(io.StringIO(text), 50)]
    assert "".join(parts) == text
    assert any(off in "".join(parts[i:]) for i in range(len(parts)))


def test_a_marker_cut_between_two_reads_is_still_found() -> None:
    text = "甲\n" * 7 + "# cleantext: off\n乙 ,\n"
    for size in range(1, 30):
        parts = list(regions(io.StringIO(text), size))
        cleaned = [read_all(part) for part in parts if not isinstance(part, str)]
        assert "".join(cleaned) == "甲\n" * 7, size


@pytest.mark.parametrize(
    ("patterns", "path", "is_folder", "ignored"),
    [
        ("build/", "build", True, True),
        ("build/", "build", False, None),  # a trailing slash: folders only
        ("build/", "src/build", True, True),  # no inner slash: at any depth
        ("/build", "src/build", True, None),  # a leading slash anchors
        ("docs/*.txt", "docs/a.txt", False, True),
        ("docs/*.txt", "x/docs/a.txt", False, None),  # an inner slash anchors too
        ("docs/*.txt", "docs/sub/a.txt", False, None),  # `*` stays within a name
        ("docs/**/a.txt", "docs/x/y/a.txt", False, True),
        ("**/drafts", "a/b/drafts", True, True),
        ("*.txt\n!keep.txt", "a/keep.txt", False, False),  # the last line that matches decides
        ("!keep.txt\n*.txt", "a/keep.txt", False, True),
        ("\\#notes.txt", "#notes.txt", False, True),  # an escaped `#` is a name
        ("# a comment\n\n", "# a comment", False, None),
        ("a?.txt", "ab.txt", False, True),
        ("a[0-9].txt", "a5.txt", False, True),
    ],
)
def test_ignore_files_read_gitignore_syntax(patterns: str, path: str, is_folder: bool,
                                             ignored: bool | None) -> None:
    assert IgnoreFile.parse(patterns).decide(path, is_folder) is ignored
