"""The native core and the Python kinds agree: same text, same edits, same traced changes.

Every kind that names a native class is run both ways on the seeds, the dev corpus (raw
extractor output, gold, and the text as each rule of the set receives it), the inputs of
`tests/cases`, and generated text; then whole rule sets are run both ways.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleantext import native
from cleantext.config import load_ruleset
from cleantext.engine import Cleaner, Rule
from cleantext.kinds import KINDS, Edit

ROOT = Path(__file__).resolve().parent.parent
DEVCORPUS = ROOT.parent / "shared" / "devcorpus"
RULESETS = ("default", "ocr", "zh-hans")

if native.core is None:
    if os.environ.get("CI") and not os.environ.get("CLEANTEXT_PURE"):
        pytest.fail("the native core is not installed (pip install ./native)", pytrace=False)
    pytest.skip("the native core is not in use", allow_module_level=True)


#: The other values of string choice params, run like the flipped booleans; and subsets of
#: punctuation's marks (with a mark twice: each pass of `_TOUCHING` sees the last one's work).
_CHOICES = {
    "spacing": {"cjk_latin": ("keep", "add")},
    "punctuation": {"marks": (",.", "();;:")},
    # ocrlines: shorter runs, narrower and wider columns, a looser tolerance
    "ocrlines": {"min_run": (2,), "min_width": (6,), "max_width": (30,), "tolerance": (0.4,)},
}
#: Whole sets of params run besides: lookalike's looser than the `ocr` set's, so that it
#: judges short lines and lone misreads too (params that keep its tables those of the set).
_VARIANTS = {
    "lookalike": ({"min_han": 2, "orphans": 1.0, "span": 1_000_000, "seen_margin": 2.0},
                  {"margin": 5.0, "orphans": 0.6, "min_han": 4, "span": 15}),
}


@cache
def _native_rules() -> tuple[Rule, ...]:
    """Every rule of the shipped sets that runs natively, and each such kind with each
    boolean param flipped and each other choice of `_CHOICES`."""
    rules: list[Rule] = []
    for ruleset in RULESETS:
        rules.extend(r for r in load_ruleset(ruleset) if r.impl.core is not None)
    for name, kind in sorted(KINDS.items()):
        if not kind.native:
            continue
        for key, default in kind.params.items():
            values = [not default] if isinstance(default, bool) else []
            for value in values + list(_CHOICES.get(name, {}).get(key, ())):
                rules.append(Rule(f"{name}[{key}={value}]", name, "", kind(**{key: value})))
        for params in _VARIANTS.get(name, ()):
            rules.append(Rule(f"{name}{sorted(params.items())}", name, "", kind(**params)))
    return tuple(rules)


def test_every_native_kind_is_in_use() -> None:
    """A kind that names a native class the core lacks would silently run in Python."""
    missing = [k.native for k in KINDS.values() if k.native and not hasattr(native.core, k.native)]
    assert missing == []


@cache
def _texts() -> tuple[tuple[str, str], ...]:
    """(name, text) of the seeds, a sample of the dev corpus and the test cases' texts."""
    files = sorted((ROOT / "seeds").glob("*.txt"))
    files += sorted((ROOT.parent / "shared" / "seeds-gold").glob("*.txt"))
    corpus = sorted(DEVCORPUS.rglob("*.txt")) if DEVCORPUS.is_dir() else []
    files += corpus[::7]  # every extractor and script turns up in a seventh
    texts = [(str(f), f.read_text(encoding="utf-8", errors="replace")) for f in files]
    for case_file in sorted((ROOT / "tests" / "cases").glob("*.yaml")):
        for case in yaml.safe_load(case_file.read_text(encoding="utf-8")) or []:
            for key in ("input", "expected"):
                if isinstance(case.get(key), str):
                    texts.append((f"{case_file.name}:{case['label']}", case[key]))
    rules = {rule.id: rule for ruleset in RULESETS for rule in load_ruleset(ruleset)}
    for rule in rules.values():
        texts.extend((f"example of {rule.id}", text) for example in rule.examples
                     for text in dict.fromkeys((example.before, example.after)))
    return tuple(texts)


@cache
def _ocr_stages() -> tuple[tuple[str, str], ...]:
    """(name, text) of the OCR texts (seed 001, the `ocr*` cases, the `ocr` set's examples)
    as the rules of the `ocr` set receive them: where its kinds find work."""
    rules = load_ruleset("ocr")
    ocr = [(name, text) for name, text in _texts()
           if "/001_" in name or name.startswith(("ocr", "example of ocr-"))]
    return tuple(
        (f"{name} (ocr stage {stage})", staged)
        for name, text in ocr
        for stage, staged in enumerate(dict.fromkeys(_staged(text, rules)))
    )


def _staged(text: str, rules: list[Rule]) -> Iterator[str]:
    """`text`, then `text` as each rule of `rules` passes it to the next."""
    yield text
    for rule in rules:
        text = rule.impl.apply(text, None)
        yield text


@cache
def _stages() -> tuple[tuple[str, str], ...]:
    """(name, text) of `_texts()` as the rules of the default set receive them."""
    rules = load_ruleset("default")
    return tuple(
        (f"{name} (stage {stage})", staged)
        for name, text in _texts()
        for stage, staged in enumerate(dict.fromkeys(_staged(text, rules)))
    )


def _both(rule: Rule, text: str) -> tuple[tuple[str, list[Edit]], tuple[str, list[Edit]]]:
    python: list[Edit] = []
    fast: list[Edit] = []
    return (rule.impl.apply(text, python), python), (rule.impl.run(text, fast), fast)


def _assert_same(rule: Rule, text: str, name: str) -> None:
    python, fast = _both(rule, text)
    assert fast == python, f"{rule.id} differs on {name}"
    assert rule.impl.run(text, None) == python[0], f"{rule.id} untraced differs on {name}"


@pytest.mark.parametrize("rule", _native_rules(), ids=lambda r: r.id)
def test_native_kind_equals_python_on_corpora(rule: Rule) -> None:
    for name, text in _stages() + _ocr_stages():
        _assert_same(rule, text, name)


#: Characters the kinds act on, and some they must leave alone.
_ALPHABET = st.sampled_from(
    list("中文字一二三的了是在。，、；：？！“”‘’（）《》【】『』「」—…·０１２３ＡＢｚ％．，：")
    + list("abcXYZ019 .,;:?!'\"()[]-/\\$=_~#*%@\t\n\n\u3000\u200b\ufeff\u2028")
    + ["ﬁ", "⼾", "⽤", "가", "の", "ー"]
    # invisible: line ends, odd spaces, controls, joiners in words and emoji sequences
    + list("\r\x0b\x0c\x85\u2029\u00a0\u2003\u00ad\x00\x7f\u200c\u200d\ufe0f\u094d")
    + ["\u0645", "\u06cc", "\u0915", "\U0001F469", "\U0001F4BB", "\U0001F3FB", "①"]
    # compat: radicals, compatibility ideographs, ligatures; Simplified and Traditional
    + ["⻔", "⾨", "ﬀ", "ﬃ", "é", "豈", "\U0002F800", "户", "戶", "设", "設"]
    # spacing, ellipsis: column gaps, a split URL scheme, runs of dots, a byline
    + ["  ", "   ", "http", "s://", "。。。", "...", "记者"]
    # addresses, code tokens and quoted literals, whose marks and quotes stay ASCII
    + ["www.", "https://", "a@b.cn", "::1", "$(", "f(x)", "dpkg(1)", '"a.b"', "'A'", "&&", "=="]
    + ["s", "t", "ll", "{", "}", "<", ">", "|", "+", "١", "²"]
    # shell lines (a prompt, a command, a redirection) and table rows (commas, numbers)
    + ["$ ", "echo ", " > ", " | ", "\necho ", ",3", "5.5", "-1%", "\n\n"]
    # unwrap: lines of a column, blank lines, indents, list items, bylines, headings drawn
    # twice, Latin words cut at the wrap, paths and options, a listing's rows
    + ["\n  ", "\n    ", "在西宁国家级经济技术开发区拔节\n", "生长的过程中，科技创新\n"]
    + ["本报记者", "新华社北京1月1日电", "1.", "（一）", "■", "-v", "/etc/", "hyphen-", "标题标题"]
    + ["The quick brown fox\n", "Jul 3 total 1.17\n", "：：", "本报评论员", "张亮\n"]
    + ["记录（Mail\n", "Exchange\n", "表 新 的 執 行 階 層 ) 。\n", "→ http://dkim.org/\n"]
    # the OCR kinds: column rules, specks, stars, dots, brackets, spaced digits, dashes read
    # as 一, a column with blank lines between its lines, words cut at a break, fragments
    + list("|*=~·丶[]．／‖＝～") + ["一一", "1 9 9 4", "··", " | ", "[注]", "“需求一成果一服务”"]
    + ["1 %一3 %", "%一"]
    + ["12345政务服务便\n\n", "民热线接听群众来电诉求1423件\n\n", "无集中反\n\n", "映问题",
       "\n\n各静\n\n", "成功经验中，\n\n合理\n\n利用电视转播权", "戴维·沃尔", "吃饭问题·同时，"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_native_kinds_equal_python_on_generated_text(text: str) -> None:
    for rule in _native_rules():
        _assert_same(rule, text, repr(text))


#: What fake bold draws and what it must leave alone: headings, phrases, marks that Chinese
#: never doubles, spaces between copies, prose, bylines, code and numbers.
_PIECES = st.sampled_from(
    ["链接", "发布周期", "向新而行", "科创中心", "外交部发言人", "算力人", "才", "哈", "好",
     "谢谢你，", "访", "长三甲", "本报评论员", "他唱道：", "正文。", "provider", "400", "-v",
     "<a>", "dpkg(1)", "Sub-Projects", "Ａ", "我爱你中国", "”", "）", "OpenVPN", "Bora Bora",
     "Teams, Blends"]
    + list("：“”、，《》【】「」—。！？ \u3000\t\n") + ["——", "  ", "\n\n"]
    + ["做好今年各方面的工作，关键是要狠抓落实。", "细心的读者会发现，我国发射的卫星多了。"]
)
#: A line of pieces, each written once, twice (fake bold) or three times.
_LINE = st.lists(st.tuples(_PIECES, st.sampled_from((1, 2, 2, 3))), min_size=1, max_size=6).map(
    lambda parts: "".join(piece * times for piece, times in parts))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_LINE, st.sampled_from((1, 1, 2)), st.sampled_from(("\n", "\n\n"))),
                max_size=8).map(
    lambda lines: "\n".join(sep.join([line] * times) for line, times, sep in lines)))
def test_native_kinds_equal_python_on_doubled_headings(text: str) -> None:
    """Fake bold's doubled headings, doubled marks and lines said again (`unwrap` joins a
    line and its copy), next or with an empty line between, among prose."""
    for rule in _native_rules():
        _assert_same(rule, text, repr(text))


#: OCR'd prose: misread look-alikes that a longer word (`诵讯员`), a Traditional-only
#: character (`约東`) or the word written nearby (`平安两宁`, `系统推讲`) gives away, the
#: words they are misread for, and what lookalike must leave alone: words beside them,
#: names, Traditional Chinese, verse, numbers with measure words, other scripts.
_MISREAD = st.sampled_from(
    ["本报讯（诵讯员王小明）", "自我约東水平", "平安西宁、平安两宁", "系统推进，系统推讲"] * 3
    + ["本报讯（通讯员王小明）", "提高自我管理、自我约束", "法治西宁建设", "允满活力", "充满活力",
       "创新让城市", "关注人民的生活", "他同访问团", "大注人科", "饮子", "秦宏平", "许宏治报道",
       "696件", "30余", "處国招牌", "按扭", "進入", "系統啟動時讀取", "绿蚁新醅酒", "岁未",
       "为深入学习贯彻党的二十届四中全会精神", "诵", "東", "两", "人", "，", "。", "、", "１",
       " ", "\n", "\n\n", "Ab", "の"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_MISREAD, min_size=2, max_size=12).map("".join),
       st.lists(_MISREAD, max_size=6).map("".join))
@example("本报讯（诵讯员王小明）本报讯（诵讯员王小明）",
         "本报讯（诵讯员王小明）\n本报讯（诵讯员王小明）\n自我约東水平")  # a line met before
def test_lookalike_equals_python_on_misread_text(text: str, line: str) -> None:
    """Lines of OCR'd prose with look-alike misreads, near each other or alone; then the
    text it made with a line added, as the rules pass it again while they settle (it does
    not look again at the lines it found no candidate in)."""
    for rule in _native_rules():
        if rule.kind == "lookalike":
            _assert_same(rule, text, repr(text))
            again = rule.impl.apply(text, None) + "\n" + line
            _assert_same(rule, again, repr(again))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(_MISREAD, max_size=6).map("".join), min_size=1, max_size=8),
       st.lists(st.tuples(st.integers(0, 15), st.lists(_MISREAD, max_size=4).map("".join)),
                min_size=1, max_size=3))
def test_lookalike_equals_python_as_lines_change(lines: list[str],
                                                 changes: list[tuple[int, str]]) -> None:
    """The text it made passed again with lines put in or put in place of others, as the
    rules change a slice between passes: the native twin, which keeps what it found in
    each line for the next pass, gives what Python gives (a kept line after another kind
    of line, or last in the text, included)."""
    for rule in _native_rules():
        if rule.kind == "lookalike":
            text = "\n".join(lines)
            _assert_same(rule, text, repr(text))
            again = rule.impl.apply(text, None).split("\n")
            for at, line in changes:
                if at % 2:
                    again[at % len(again)] = line
                else:
                    again.insert(at % (len(again) + 1), line)
            _assert_same(rule, "\n".join(again), repr("\n".join(again)))


#: OCR'd prose with quotation marks and colons: pairs read the wrong way (`”分而治之“`),
#: right ones, quotes before `的` and the copulas and beside marks, clauses between colons
#: and semicolons, datelines and speech; phrases and quotations about as long as the
#: patterns allow (20 and 40 characters) and sentences about as long (150 pieces).
_QUOTED = st.sampled_from(
    list("“”‘’“”：；。，！？…、《》—·的即是说道问报电讯中文aZ1²① \n") * 2
    + ["便是", "就是", "也是", "报道", "分而治之", "“十四五”", "‘两个维护’", "中" * 8]
    + ["中" * 19, "文" * 20, "字" * 21, "国" * 39, "家" * 40, "人" * 41, "甲" * 75]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_QUOTED, max_size=40).map("".join))
def test_ocrquotes_equals_python_on_quoted_text(text: str) -> None:
    """`ocrquotes`' scans find the matches of its patterns, at their bounds too."""
    for rule in _native_rules():
        if rule.kind == "ocrquotes":
            _assert_same(rule, text, repr(text))


@pytest.mark.parametrize("ruleset", RULESETS)
def test_rule_sets_clean_the_same_natively(ruleset: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = Cleaner(load_ruleset(ruleset))
    monkeypatch.setattr(native, "core", None)
    pure = Cleaner(load_ruleset(ruleset))
    assert all(rule.impl.core is None for rule in pure.rules)
    for name, text in _texts():
        assert fast.run(text) == pure.run(text), name
        assert fast.run(text, trace=False).text == pure.run(text, trace=False).text, name


def _data(table: str) -> list[str]:
    """The lines of a generated table file that hold data, not the versions it came from."""
    return [line for line in table.splitlines()
            if not line.startswith("//!") and not line.startswith(('    ("unicodedata"',
                                                                   '    ("opencc"'))]


@pytest.mark.parametrize("name", ["tables.rs", "compat_tables.rs"])
def test_native_tables_are_those_of_the_python_side(name: str) -> None:
    """The crate's classes (`\\p{Han}` …) come from the `regex` the Python kinds use, its
    `compat` tables from `compat.py`'s data and the OpenCC installed (a core built with
    another OpenCC leaves `compat` to Python, see `native.matches`)."""
    from tools.gen_native_tables import OUTPUTS

    if name == "compat_tables.rs" and not native.matches("opencc"):
        pytest.skip("the core was built with another OpenCC: compat runs in Python")
    target, write = next((t, w) for t, w in OUTPUTS.items() if t.name == name)
    assert _data(target.read_text(encoding="utf-8")) == _data(write()), \
        "run tools/gen_native_tables.py"


def test_text_with_a_lone_surrogate_runs_in_python() -> None:
    """`surrogateescape`d bytes have no UTF-8: every kind gives such text to its Python twin."""
    text = "中,\ud800 文  ＡＢ\u200b“\n"
    for rule in _native_rules():
        _assert_same(rule, text, repr(text))


def test_consecutive_native_rules_cross_into_the_core_once() -> None:
    """The default set runs as one step: every kind is native, one chain, so the text
    crosses into the core once; the whole-set tests above hold the chain to the Python
    kinds."""
    steps = Cleaner(load_ruleset("default")).steps
    assert [[rule.id for rule in step.rules] for step in steps] == [[
        "invisible", "compat", "width", "unwrap", "fake-bold",
        "ellipsis", "punctuation", "quotes", "spacing", "doubled-punctuation",
    ]]
    assert [step.chain is not None for step in steps] == [True]


def test_a_slice_settles_in_one_call_as_pass_by_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """Untraced, the default set makes its passes over a slice in one call of the core
    (`Chain.settle`, where a pass skips the rules after the last one that changed the
    text): the text of the passes one by one. Here the second pass joins a paragraph its
    first pass's marks and spaces end (`件，` opens none, `件 ,` unwrap does not read so),
    the third confirms; a slice that has not settled after the passes allowed keeps what
    the first made."""
    text = '"从0到"1"的突破:创新之城踏浪而来\n\n件 ,辉煌十四五 改革谱新篇\n'
    first = "“从0到“1”的突破：创新之城踏浪而来\n\n件，辉煌十四五改革谱新篇"
    settled = "“从0到“1”的突破：创新之城踏浪而来件，辉煌十四五改革谱新篇"
    chain = Cleaner(load_ruleset("default")).one_chain()
    assert chain is not None
    assert [chain.settle(text, passes) for passes in (1, 2, 3, 4)] == [first, first] + [settled] * 2
    monkeypatch.setattr(native, "core", None)
    assert Cleaner(load_ruleset("default")).run(text, trace=False).text == settled + "\n"


def test_a_pass_whose_changes_undo_each_other_settles_as_pass_by_pass(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """In the `ocr` set `ocr-lines` joins `是什⏎⏎么？` and `unwrap` parts it again, every
    pass: the text is back as the pass found it, so the chain stops there (the rules after
    the last change of the pass before saw that text and left it), as if every rule ran."""
    text = ("构建“创新之城”的核心竞争力  是什\n\n么？\n\n（上接A03版）深学细悟笃行\n\n"
            "被学员指派拿行李时；当他含泪祭奠死难的抗日英雄时：当他握手言和时”分而治之“\n")
    chain = Cleaner(load_ruleset("ocr")).one_chain()
    assert chain is not None
    settled = chain.settle(text, 4)
    assert "是什\n\n么？" in settled and "时；当他握手言和时“分而治之”" in settled
    monkeypatch.setattr(native, "core", None)
    assert Cleaner(load_ruleset("ocr")).run(text, trace=False).text == settled + "\n"


class _Declining:
    """A native kind that hands every text back, as a port does for a case it lacks."""

    def apply(self, text: str, want_edits: bool) -> tuple[str, list[Edit]]:
        raise NotImplementedError("declined by the native core")

    def trace(self, text: str, *args: object) -> tuple[str, list[Edit]]:
        raise NotImplementedError("declined by the native core")

    def settle(self, text: str, passes: int) -> str:
        raise NotImplementedError("declined by the native core")


def test_a_text_the_core_declines_is_cleaned_by_python() -> None:
    """A declining kind, alone or inside a chain, leaves the text to the Python kinds."""
    pure = Cleaner(load_ruleset("default"))
    for rule in pure.rules:
        rule.impl.core = None
    fast = Cleaner(load_ruleset("default"))
    width = next(rule for rule in fast.rules if rule.id == "width")
    width.impl.core = _Declining()  # type: ignore[assignment]
    step = next(step for step in fast.steps if width in step.rules)
    step.chain = _Declining()  # type: ignore[assignment]
    text = "中文 ＡＢＣ １２３，\u200b好。\n"
    assert fast.run(text) == pure.run(text)
    assert fast.run(text, trace=False).text == pure.run(text, trace=False).text


@st.composite
def _rule_runs(draw: st.DrawFn) -> tuple[str, list[list[Edit]]]:
    """A text and the edits of a few rules run one after another on it: any edits, even
    overlapping ones or two at one place, as a user's rule may make."""
    text = draw(st.text("ab \u4e2d\U0001f600", max_size=150))  # long enough for block walks
    runs: list[list[Edit]] = []
    size = len(text)
    for _ in range(draw(st.integers(1, 4))):
        edits = []
        for _ in range(draw(st.integers(0, 6))):
            start = draw(st.integers(0, size))
            end = draw(st.integers(start, size))
            edits.append((start, end, draw(st.text("x\u4e2d", max_size=3))))
        runs.append(edits)
        kept = sorted(edits)  # the next rule's input is as long as if these were made in order
        size += sum(len(new) - (end - start) for start, end, new in kept)
        size = max(size, 0)
    return text, runs


@settings(max_examples=300, deadline=None)
@given(_rule_runs(), st.integers(0, 5))
def test_the_native_trace_maps_edits_as_the_python_one(
    case: tuple[str, list[list[Edit]]], offset: int
) -> None:
    """`cleantext_native.Trace` gives the same changes as `engine._Trace`, rule after rule."""
    from cleantext.engine import _NativeTrace, _Trace

    text, runs = case
    python, core = _Trace(), _NativeTrace(native.core.Trace)
    for index, edits in enumerate(runs):
        before = text + "y" * index  # any text: only its slices are taken
        assert list(core.record(f"r{index}", before, list(edits), offset)) == \
            list(python.record(f"r{index}", before, list(edits), offset))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["在 2025 年,创新\n", "用人才““密码””解锁，\n\n他说\"好\"。 ＡＩ\n",
                        "青藏高原青藏高原\n\n正文。\n", "⼈⺠ 日报\u200b，(注)\n"]),
       st.lists(st.tuples(st.integers(0, 40), st.integers(-2, 3), st.sampled_from(
           ["", " ", "，", "好", "2", "Ａ", "“", "\ud800"])), max_size=4),
       st.integers(1, 3))
def test_the_native_content_check_finds_what_the_python_one_does(
    text: str, damage: list[tuple[int, int, str]], slices: int
) -> None:
    """The native `_FastAlignment` words the same problems as `_Alignment`, on sound runs and
    on runs whose changes or output were tampered with, fed in one slice or several."""
    from cleantext import safety
    from cleantext.engine import Change

    cleaner = Cleaner(load_ruleset("default"))
    result = cleaner.run(text)
    changes, output = list(result.changes), result.text
    for at, shift, new in damage:  # move, widen or rewrite a change, or the output
        if changes and at % 2:
            index = at % len(changes)
            rule, start, end, before, after = changes[index]
            changes[index] = Change(rule, start + shift, end + max(shift, 0), before, new)
        else:
            output = output[:at] + new + output[at + 1 :]
    size = -(-len(changes) // slices)
    parts = [(changes[i * size : (i + 1) * size], output[i * len(output) // slices :
                                                        (i + 1) * len(output) // slices])
             for i in range(slices)]

    def problems(native_class: object) -> list[str]:
        checker = safety._Checker(text, cleaner.rules)
        if native_class is None:
            checker.alignment = safety._Alignment(text, checker.alignment.allowed, checker.where)
        for part, piece in parts:
            checker.feed(part, piece)
        return checker.finish()

    assert problems(native.core.Alignment) == problems(None)


@pytest.mark.parametrize("changed", [0, 7, 29])
def test_the_native_content_check_finds_copies_as_the_python_one_does(changed: int) -> None:
    """Of a native block, the core leaves to `_check_changes` every change that changes
    content by a rule not mapping, but for a de-duplication's removal of a copy of the
    content just before it, found as `_check_changes` finds it: on the seeds, checked against
    their own text and against one with every `changed`-th character replaced (the copies
    no longer copies)."""
    from cleantext import safety
    from cleantext.engine import expand

    cleaner = Cleaner(load_ruleset("default"))
    left_to_python = 0
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        original = "".join("甲" if changed and i % changed == 0 else c for i, c in enumerate(text))
        checker = safety._Checker(original, cleaner.rules)
        changes: list = []
        for piece in cleaner.stream(safety._Reader(text), changes, blocks=True):
            unsure, _, _ = checker.alignment.core.feed(changes, piece, False)
            wanted = []
            for change in expand(changes):
                before, after = map(safety._content_of, (change.before, change.after))
                if before == after or change.rule in checker.mapping:
                    continue
                if change.rule in checker.dedup and not after and (
                    safety._content_before(original, change.start, len(before)) == before
                    or safety._content_before(original, change.end, 2 * len(before))
                    == before * 2
                ):
                    continue
                wanted.append(change)
            assert list(unsure) == wanted
            left_to_python += len(wanted)
            changes.clear()
    assert (left_to_python > 0) == (changed > 0)


def test_a_checked_run_traces_and_checks_as_the_engine_does() -> None:
    """Fixing a file traces each slice in one call of the core, its changes kept there
    (`Chain.checked`, a `Changes` block): the same text, the same changes in the same
    order, the same counts per rule and the same `--safe` problems as the pass-by-pass
    trace and the Python check of it."""
    extra = [("doubled marks", "他说““卡脖子””，（修正案（（十一））\n\n标题标题\n正文。\n" * 3),
             ("a lone surrogate in one slice of many", "在 2025 年,创新 \"好\" 。\n\n" * 30
              + "坏\ud800字 ,\n\n" + "他说““卡脖子””，\n\n" * 20)]
    _check_the_checked_run([*_texts(), *extra], 1 << 17)
    _check_the_checked_run(extra, 200)  # many slices: blocks, and Python's where it must


def _check_the_checked_run(texts: list[tuple[str, str]], target: int) -> None:
    from cleantext.chunks import TextReader
    from cleantext.engine import expand
    from cleantext.safety import checked_run, problems

    rules = load_ruleset("default")
    blocks, traced = Cleaner(rules, target), Cleaner(rules, target)
    for name, text in texts:
        changes: list = []
        output = "".join(blocks.stream(TextReader(text), changes, blocks=True))
        result = traced.run(text)
        assert (output, expand(changes)) == (result.text, result.changes), name
        checked = checked_run(text, blocks)
        assert (checked.text, checked.counts()) == (result.text, result.counts()), name
        assert list(checked.counts()) == list(result.counts()), name
        assert checked.problems == problems(text, result, traced.rules), name


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["在 2025 年,创新\n", "用人才““密码””解锁，\n\n他说\"好\"。 ＡＩ\n",
                        "青藏高原青藏高原\n\n正文。\n", "⼈⺠ 日报\u200b，(注)\n"]),
       st.lists(st.tuples(st.integers(0, 40), st.sampled_from(["", " ", "，", "好", "2", "“"])),
                max_size=3))
def test_the_content_check_reads_a_native_block_as_its_changes(
    text: str, damage: list[tuple[int, str]]
) -> None:
    """Fed the changes of a slice as the core's block (`Chain.checked`) or as `Change`s, the
    native check finds the same problems, in the same words, on output tampered with."""
    from cleantext import safety
    from cleantext.chunks import TextReader
    from cleantext.engine import expand

    cleaner = Cleaner(load_ruleset("default"))
    changes: list = []
    output = "".join(cleaner.stream(TextReader(text), changes, blocks=True))
    for at, new in damage:
        output = output[:at] + new + output[at + 1 :]

    def problems(fed: list) -> list[str]:
        checker = safety._Checker(text, cleaner.rules)
        checker.feed(fed, output)
        return checker.finish()

    assert problems(changes) == problems(expand(changes))
