"""Markdown files: the prose is cleaned, the structure and the code, links and markup are not.

The structure is markdown-it-py's token stream (types, nesting, tags, markup, link
targets, code and HTML content) before and after cleaning; the CommonMark spec's 652
examples (tests/data, see its README) are the corpus of Markdown constructs.
"""

from __future__ import annotations

import json
import random
import re
from functools import cache
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from cleantext import clean, clean_result
from cleantext.config import load_ruleset
from cleantext.diff import hunks
from cleantext.engine import Cleaner, Result
from cleantext.formats import adapt
from cleantext.formats.markdown import _configure, outline
from cleantext.safety import lost_content, verify

from .conftest import run_cli

SPEC = Path(__file__).parent / "data" / "commonmark-spec-0.31.2.json"

#: Markdown with every construct that must pass through untouched, around noisy prose.
DOCUMENT = """\
---
title: 标题, 测试
---

# 第一 章 , 开始

这是一个很长的句子被折断
成两行了 , 见[文档](https://a.cn/x?a=1,2 "标题, 测试")和![图片 , 说明](a.png)。

自动链接<https://a.cn/?q=1,2>与<b title="a, b">内联 HTML</b>,
实体&quot;与&#12345;, 转义\\*不是强调\\*。

```python
x = "中文，测试"
print(x)
```

    缩进代码 , 不动

- 列表 , 第一项
  折断的续行。
  1. 嵌套 , 有序
- 第二项 `git commit -m "蛤"` , 完

> 引用 , 第一行
> 第二行。

| 列一 , 头 | 列二 |
| :-- | --: |
| 中文 , 测试 | `a, b` |

<div>
HTML 块 , 不动
</div>

公式 $a, b$ 与 $$c, d$$ , 完。

$$
x, y
$$

[参考 , 链接]: https://a.cn/ref?a=1,2
"""


@cache
def markdown() -> Cleaner:
    return adapt(Cleaner(load_ruleset()), "markdown")


@cache
def _unjoined() -> MarkdownIt:
    """cleantext's parser, but with escapes and entities left tokens of their own."""
    return _configure(MarkdownIt("commonmark")).disable("text_join")


def _literals(text: str) -> list[str]:
    """What must come out byte for byte: code and HTML content, link and image targets
    and titles, autolinks, entities and escapes, math, front matter."""
    found: list[str] = []
    for token in _unjoined().parse(text):
        if token.type != "inline":  # a block's own content: code, HTML, math, front matter
            found.append(token.content)
        for child in token.children or ():
            if child.type == "image":  # its content is the alt text, which is prose
                found.append(repr(sorted(child.attrs.items())))
            elif child.type not in ("text", "softbreak"):  # escapes, entities: their markup
                found.append(child.content + child.markup + repr(sorted(child.attrs.items())))
    return found


def _checked(text: str) -> Result:
    """Clean `text` as Markdown and check what every cleaning of a Markdown file must keep."""
    result = markdown().run(text)
    assert outline(result.text) == outline(text)
    assert _literals(result.text) == _literals(text)
    assert markdown().run(result.text).text == result.text, "not idempotent"
    assert lost_content(text, result, markdown().rules) == []
    return result


def test_prose_is_cleaned_and_everything_else_kept_byte_for_byte() -> None:
    result = _checked(DOCUMENT)
    cleaned = result.text
    for kept in ('title: 标题, 测试', '(https://a.cn/x?a=1,2 "标题, 测试")', "(a.png)",
                 "<https://a.cn/?q=1,2>", '<b title="a, b">', "&quot;", "&#12345;", "\\*",
                 'x = "中文，测试"\nprint(x)\n', "    缩进代码 , 不动", '`git commit -m "蛤"`',
                 "| :-- | --: |", "`a, b`", "HTML 块 , 不动", "$a, b$", "$$c, d$$", "x, y",
                 "[参考 , 链接]: https://a.cn/ref?a=1,2"):
        assert kept in cleaned, kept
    for repaired in ("# 第一章，开始", "这是一个很长的句子被折断成两行了，见[文档]",
                     "![图片，说明]", "- 列表，第一项折断的续行。", "1. 嵌套，有序",
                     "> 引用，第一行第二行。", "| 中文，测试 |", "| 列一，头 |"):
        assert repaired in cleaned, repaired
    assert {change.rule for change in result.changes} >= {"unwrap", "punctuation", "spacing"}


def test_each_change_is_traced_to_the_document_for_diff_and_review() -> None:
    result = clean_result(DOCUMENT, format="markdown")
    for change in result.changes:  # spans of the input; a joined quote line is "\n> "
        assert 0 <= change.start <= change.end <= len(DOCUMENT)
    assert any(change.before == "\n> " and change.after == "" for change in result.changes)
    assert hunks(DOCUMENT, result.text, result.changes) == hunks(DOCUMENT, result.text)
    assert verify(DOCUMENT, result, markdown()) is None


def test_the_api_takes_a_format_and_text_stays_the_default() -> None:
    assert clean("# 标题\n") == "#标题\n"  # as text, the heading's space is noise
    assert clean("# 标题\n", format="markdown") == "# 标题\n"
    assert clean("[a](x,y) 中文 ,\n") == clean("[a](x,y) 中文 ,\n", "default", "text")
    with pytest.raises(ValueError, match="unknown format"):
        clean("x", format="rst")


def test_a_block_whose_cleaning_changes_the_structure_is_left_as_it_was() -> None:
    # `<http://… , …>` is text (a space), but without its spaces it is an autolink
    text = "见<http://a.cn/中文 , 测试>。\n\n正文 , 二\n"
    assert outline(clean(text)) != outline(text)
    assert _checked(text).text == "见<http://a.cn/中文 , 测试>。\n\n正文，二\n"


def test_white_space_beside_emphasis_markers_is_held() -> None:
    # NBSP made a space would make `*\u00a0a\u00a0*` (text) a bullet list `* a *`
    text = "*\u00a0a\u00a0*\n\n中文 **“引用”** 中文\n"
    assert outline(clean(text)) != outline(text)
    assert _checked(text).text == text


@cache
def _spec() -> list[dict[str, str]]:
    return json.loads(SPEC.read_text(encoding="utf-8"))


def _chinese(example: str) -> str:
    """A spec example with its placeholder words made noisy Chinese prose."""
    example = re.sub(r"\bfoo\b", "中文 , 测试", example)
    example = re.sub(r"\bbar\b", '"标题"', example)
    return re.sub(r"\bbaz\b", "２０２５ 年", example)


@pytest.mark.parametrize("noisy", [False, True], ids=["as-is", "chinese-words"])
def test_commonmark_spec_examples_keep_their_structure(noisy: bool) -> None:
    """All 652 examples, as they are (English: nothing to repair) and with their words made
    noisy Chinese (about 270 of them then change): structure, literals, trace, idempotence."""
    changed = 0
    for example in _spec():
        text = _chinese(example["markdown"]) if noisy else example["markdown"]
        try:
            changed += _checked(text).text != text
        except AssertionError as error:
            raise AssertionError(f"spec example {example['example']}: {text!r}") from error
    assert len(_spec()) == 652
    assert (changed > 250) if noisy else (changed == 0)


def test_files_go_by_name_and_md_joins_the_default_include(tmp_path: Path) -> None:
    noisy = "# 标题\n\n见[文档](https://a.cn/x?a=1,2) , 完。\n"
    for name in ("a.md", "b.markdown", "c.txt", "d.rst"):
        (tmp_path / name).write_text(noisy, encoding="utf-8")
    done = run_cli("--jobs", "1", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    as_markdown = "# 标题\n\n见[文档](https://a.cn/x?a=1,2)，完。\n"
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == as_markdown
    assert (tmp_path / "b.markdown").read_text(encoding="utf-8") == as_markdown
    assert (tmp_path / "c.txt").read_text(encoding="utf-8") == clean(noisy)
    assert (tmp_path / "d.rst").read_text(encoding="utf-8") == noisy


def test_diff_and_check_on_markdown(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("> 引用 , 第一行\n> 第二行。\n", encoding="utf-8")
    done = run_cli("--diff", "a.md", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout.decode().splitlines()[-3:] == ["-> 引用 , 第一行", "-> 第二行。",
                                                      "+> 引用，第一行第二行。"]


def test_filter_takes_format(cli) -> None:  # type: ignore[no-untyped-def]
    text = "# 标题\n\n```\nx = \"中文, 测试\"\n```\n"
    assert cli("--format", "markdown", input=text).stdout.decode() == text
    assert cli(input=text).stdout.decode() != text
    explained = cli("--format", "markdown", "--explain", input="正文 , 测试\n").stdout.decode()
    assert explained.splitlines()[0] == "3 changes"
    assert cli("--format", "rst", input=text).returncode == 2


def test_review_cleans_a_markdown_file_as_markdown(tmp_path: Path) -> None:
    from cleantext.review.state import ACCEPTED, ReviewState

    path = tmp_path / "a.md"
    code = "# 标题\n\n```\nx = \"中文, 测试\"\n```\n\n"
    path.write_text(code + "正文 , 测试\n", encoding="utf-8")
    state = ReviewState([path], load_ruleset())
    review = state.load(0)
    assert len(review.hunks) == 1
    review.decide(0, ACCEPTED)
    state.write(0)
    assert path.read_text(encoding="utf-8") == code + "正文，测试\n"


#: Pieces of Markdown and of noisy prose that random documents are made of.
_FRAGMENTS = ["中文", " ", ",", "，", "\n", "\n\n", "> ", "- ", "1. ", "# ", "**", "*", "_", "`",
              "```\n", "[", "]", "(", ")", "<", ">", "&amp;", "\\", "$", "|", "---", "\t", "    ",
              "２０２５", "“", '"', "...", "。", "\u00a0", "\u200b", "http://a.cn", "English",
              "  \n", "＃", "青藏高原青藏高原", "!", "[x]: /u\n", "~~", "[^1]", "- [ ] "]


def test_random_markdown_keeps_structure_literals_trace_and_settles() -> None:
    chance = random.Random(15)
    for _ in range(300):
        text = "".join(chance.choice(_FRAGMENTS) for _ in range(chance.randint(1, 30)))
        try:
            _checked(text)
        except AssertionError as error:
            raise AssertionError(f"{text!r}") from error
