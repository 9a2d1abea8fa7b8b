"""The safety checks `--safe` relies on: they pass sound results and name the rule at fault."""

from __future__ import annotations

import pytest

from cleantext import Change, Cleaner, Result, clean_result
from cleantext.config import load_ruleset
from cleantext.engine import Rule
from cleantext.kinds import Edit, Kind
from cleantext.safety import checked_run, content, lost_content, problems, verify

from .conftest import SEEDS

CLEANER = Cleaner(load_ruleset())


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seeds_pass_both_checks(path) -> None:
    text = path.read_text(encoding="utf-8")
    assert verify(text, CLEANER.run(text), CLEANER) is None


@pytest.mark.parametrize(
    "text",
    [
        "青藏高原青藏高原““科创中心科创中心””\n",  # fake bold removes the copies
        "２０２５年ＡＩ大会⽇本⼈⺠\n",  # width and compat keep content after folding
        "创\u200b新\u00a0之城\r\n第二行\r\n",
        "",
        "\n\n  \n",
    ],
)
def test_sound_results_pass(text: str) -> None:
    assert lost_content(text, clean_result(text)) == []
    assert verify(text, CLEANER.run(text), CLEANER) is None


def test_content_folds_width_and_compat_forms() -> None:
    assert content("在 ２０２５ 年，ＡＩ！⽇⺠") == "在2025年AI日民"


def test_a_rule_that_drops_a_character_is_named() -> None:
    broken = Result("在2025\n", [Change("spacing", 1, 2, " ", ""),
                                 Change("spacing", 6, 8, " 年", "")])
    expected = ["1:7: rule 'spacing' changed content: ' 年' → ''"]
    assert lost_content("在 2025 年\n", broken) == expected


def test_untraced_loss_is_found() -> None:
    problems = lost_content("在 2025 年\n", Result("在225年\n", [Change("spacing", 1, 2, " ", ""),
                                                               Change("spacing", 6, 7, " ", "")]))
    assert problems and "no rule naming it" in problems[0] and problems[0].startswith("1:4:")


def test_reordered_paragraphs_are_found() -> None:
    assert lost_content("甲\n\n乙\n", Result("乙\n\n甲\n", [])) != []


def test_dedup_may_only_remove_a_copy_of_what_precedes() -> None:
    text = "科创中心科创中心\n正文一，\n正文二。\n"  # a title: a sign of fake bold
    good = Result("科创中心\n正文一，\n正文二。\n", [Change("fake-bold", 4, 8, "科创中心", "")])
    bad = Result("科创\n正文一，\n正文二。\n", [Change("fake-bold", 2, 8, "中心科创中心", "")])
    assert lost_content(text, good) == []
    assert "not a copy" in lost_content(text, bad)[0]


class _Eater(Kind):
    """A broken rule kind: drops every 'x' and reports it."""

    name = "eater"

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        if edits is not None:
            edits.extend((i, i + 1, "") for i, c in enumerate(text) if c == "x")
        return text.replace("x", "")


class _Grower(Kind):
    """A broken rule kind: appends '。' to every line that lacks one, so it never settles."""

    name = "grower"

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        if edits is not None:
            edits.append((len(text), len(text), "。"))
        return text + "。"


def test_verify_names_the_rule_that_lost_content() -> None:
    cleaner = Cleaner([*load_ruleset(), Rule("eat-x", "eater", "", _Eater())])
    text = "box 在这里\n"
    message = verify(text, cleaner.run(text), cleaner)
    assert message is not None and "'eat-x'" in message and "changed content" in message


def test_verify_names_the_rule_that_is_not_idempotent() -> None:
    cleaner = Cleaner([Rule("grow", "grower", "", _Grower())])
    text = "一句话\n"
    message = verify(text, cleaner.run(text), cleaner)
    assert message is not None and message.startswith("not idempotent") and "grow" in message


def test_a_text_of_many_slices_is_checked_slice_by_slice() -> None:
    text = "".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))
    small = Cleaner(load_ruleset(), target=64)
    assert verify(text, small.run(text), small) is None
    eater = Cleaner([*load_ruleset(), Rule("eat-x", "eater", "", _Eater())], target=64)
    noisy = text + "\n\n最后一段。\n\n第二行 box 在这里。\n"
    line = noisy.count("\n", 0, noisy.index("box")) + 1
    message = verify(noisy, eater.run(noisy), eater)
    assert message is not None and message.startswith(f"content check failed at {line}:7: ")
    assert "'eat-x'" in message


def test_checking_slice_by_slice_finds_what_the_whole_trace_shows() -> None:
    text = "在 2025 年,创新\n\n科创中心科创中心 box\n" * 20
    cleaner = Cleaner([*load_ruleset(), Rule("eat-x", "eater", "", _Eater())], target=16)
    traced = cleaner.run(text)
    checked = checked_run(text, cleaner)
    assert (checked.text, checked.changes, checked.counts()) == (traced.text, [], traced.counts())
    assert checked.problems == problems(text, traced, cleaner.rules)
    assert len(checked.problems) == 20 and "'eat-x' changed content" in checked.problems[0]
    assert verify(text, checked, cleaner) == verify(text, traced, cleaner) is not None
    assert checked_run(text, cleaner, check=False).problems is None


class _HangulEater(Kind):
    """A broken rule kind: drops the Hangul syllable 를, as a Chinese-only check would not see."""

    name = "hangul-eater"

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        if edits is not None:
            edits.extend((i, i + 1, "") for i, c in enumerate(text) if c == "를")
        return text.replace("를", "")


@pytest.mark.parametrize("text", ["한국어를 사용합니다\n", "カタカナ、ひらがな\n", "русский язык\n",
                                  "ελληνικά\n", "العربية\n", "हिन्दी\n"])
def test_content_is_every_script(text: str) -> None:
    letters = content(text)
    assert letters and letters == "".join(letters.split())
    assert len(letters) >= len(text.replace(" ", "").replace("、", "").strip()) - 1


def test_a_rule_that_drops_hangul_is_named() -> None:
    cleaner = Cleaner([*load_ruleset(), Rule("eat", "hangul-eater", "", _HangulEater())])
    text = "기능을 사용하려면 설정를 바꿉니다\n"
    message = verify(text, cleaner.run(text), cleaner)
    assert message is not None and "'eat'" in message


def _removed(text: str, copy: str, rule: str = "fake-bold", keep: str = "") -> Result:
    """`text` with the last `copy` in it replaced by `keep`, as `rule` would report it."""
    start = text.rindex(copy)
    return Result(text[:start] + keep + text[start + len(copy):],
                  [Change(rule, start, start + len(copy), copy, keep)])


@pytest.mark.parametrize("text, copy", [
    ("哈哈哈哈哈哈\n", "哈哈哈"),
    ("对不起对不起\n", "对不起"),
    ("大家好大家好\n", "大家好"),
    ("我爱你中国我爱你中国\n" * 1, "我爱你中国"),
    ("他问：“好吗？”\n“好。”\n“好。”\n", "\n“好。”"),
    ("auto eth0\niface eth0 inet dhcp\n    provider provider\n", " provider"),
    ("Bora Bora\n", " Bora"),
    ("deadbeefdeadbeef\n", "deadbeef"),
    ("abc123abc123\n", "abc123"),
    ("第一段正文。\n" * 10 + "我爱你中国我爱你中国\n\n又是正文。\n", "我爱你中国"),
    ("静夜思\n李白\n" + "起首一句诗，\n" * 8 + "床前明月光，\n床前明月光，\n疑是地上霜。\n",
     "\n床前明月光，"),  # a line of verse said twice
])
def test_a_lone_repetition_removed_as_a_copy_is_refused(text: str, copy: str) -> None:
    message = verify(text, _removed(text, copy), CLEANER, idempotent=False)
    assert message is not None and "nothing else in the text looks like fake bold" in message
    assert lost_content(text, _removed(text, copy)) == []  # the trace itself is sound


def test_repeated_replies_are_no_sign_of_each_other() -> None:
    text = "“好。”\n“好。”\n正文。\n“走吧。”\n“走吧。”\n"
    result = Result("“好。”\n正文。\n“走吧。”\n", [
        Change("fake-bold", 4, 9, "\n“好。”", ""), Change("fake-bold", 19, 25, "\n“走吧。”", "")])
    assert lost_content(text, result) == []
    found = problems(text, result)
    assert len(found) == 1 and "nothing else in the text looks like fake bold" in found[0]


@pytest.mark.parametrize("text, copy", [
    ("青藏高原青藏高原““科创中心科创中心””\n正文第一句，\n第二句。\n", "科创中心"),  # doubled marks
    # a title, drawn line by line
    ("数据存储技巧\n数据存储技巧\n使用live CD或debian-installer CD以救援\n模式启动你的系统。\n",
     "\n数据存储技巧"),
    ("学习制作软件包 学习制作软件包\n规则\nDebian软件包必须遵守政策。\n", " 学习制作软件包"),
    # a heading drawn line by line in the body
    ("第一段正文。\n" * 10 + "翻译和文档\n翻译和文档\n此外，很多对\n", "\n翻译和文档"),
])
def test_a_copy_with_a_sign_of_fake_bold_passes(text: str, copy: str) -> None:
    assert verify(text, _removed(text, copy), CLEANER, idempotent=False) is None


def test_a_heading_drawn_twice_with_kangxi_radicals_passes() -> None:
    """pdfminer's output of a Simplified manual: the heading drawn twice on two lines, its
    `⽤`/`⼾` Kangxi radicals (compat reads `⼾` as `户` in Simplified text, while the
    content fold reads `戶`). The removed copy is a copy of the line before it."""
    text = ("要的，因为/etc/services\n的转换通常产生一些可以\n被安全地忽略的错误。\n"
            "使⽤LDAP管理账⼾\n使⽤LDAP管理账⼾\n\n现在LDAP数据库包含了\n")
    result = CLEANER.run(text)
    assert [c.before for c in result.changes if c.rule == "fake-bold"] == ["使用LDAP管理账户"]
    assert verify(text, result, CLEANER) is None


BODY = "第一段正文。\n\n" * 10  # past a title's lines: only the heading's place vouches


@pytest.mark.parametrize("text", [
    # a heading of six or more doubled on its line, after a sentence's end, above prose
    BODY + "石榴花开美西宁石榴花开美西宁\n\n大学与西宁市开启了一场\n双向奔赴。\n",
    # after a chapter line and a sentence's end: fake-bold undoes it on its length alone
    BODY + "靶向施策串起绿色算力人才成长链" * 2 + "\n\n第一章 雨夜\n\n“不能。”\n",
    # a stray full stop before it on its line: the heading starts after it
    BODY + "。石榴花开美西宁石榴花开美西宁\n\n绿色算力是数字经济时代的核心生产力。\n",
])
def test_a_doubled_heading_where_a_heading_stands_passes(text: str) -> None:
    """What fake-bold undoes as a heading by its place or length, --safe accepts by the
    same notion (`headings.heading_place`, `placed_as_heading`, `HEADING_LENGTH`)."""
    result = CLEANER.run(text)
    assert any(change.rule == "fake-bold" for change in result.changes)
    assert verify(text, result, CLEANER) is None


@pytest.mark.parametrize("text, copy", [
    (BODY + "他唱道：\n" + "我爱你亲爱的祖国" * 2 + "\n我爱你春天蓬勃的秧苗\n", "我爱你亲爱的祖国"),
    (BODY + "春风吹过山岗，\n" + "我爱你亲爱的祖国" * 2 + "\n", "我爱你亲爱的祖国"),
    (BODY + "他唱道：\n\n我爱你中国我爱你中国\n\n大家听完都笑了，掌声很久才停。\n", "我爱你中国"),
])
def test_a_refrain_where_no_heading_stands_is_refused(text: str, copy: str) -> None:
    """A line said twice after a line that ends no sentence (what is sung, a line of verse)
    does not stand where a heading does: removed as a copy, --safe refuses it."""
    assert problems(text, _removed(text, copy)) != []


def test_two_different_doubled_headings_are_a_sign() -> None:
    text = "网络配置网络配置\n\n正文。\n\n参考资料参考资料\n"
    result = Result("网络配置\n\n正文。\n\n参考资料\n", [
        Change("fake-bold", 4, 8, "网络配置", ""), Change("fake-bold", 19, 23, "参考资料", "")])
    assert problems(text, result) == []
    one = Result("网络配置网络配置\n\n正文。\n\n参考资料\n", [result.changes[1]])
    assert problems(text, one) != []  # one of them alone is no sign


@pytest.mark.parametrize("text, removed, kept", [
    ("《中华人民共和国刑法（修正案（十一））》\n", "））", "）"),
    ("“我们要“以人为本””\n", "””", "”"),
    ("（参见dpkg（1））\n", "））", "）"),
    ("函数f（g（x））的值\n", "））", "）"),
])
def test_a_bracket_removed_from_balanced_nesting_is_refused(text: str, removed: str,
                                                           kept: str) -> None:
    result = _removed(text, removed, "doubled-punctuation", kept)
    message = verify(text, result, CLEANER, idempotent=False)
    assert message is not None and "balanced brackets" in message


@pytest.mark.parametrize("text", [
    "他说“\"卡脖子”问题要解决。\n",  # a straight quote beside its curly twin
    "“\"科技创新\"”是关键。\n",  # straight quotes inside curly ones, both doubled once curled
    "若说创新的脉动是\"\"种子\",创新的活力就是\"果实\"。\n",  # two straight openers
])
def test_quote_noise_removed_as_a_copy_passes(text: str) -> None:
    """Straight quotes that `quotes` curls beside curly ones, then `doubled-punctuation`
    collapses, are noise: what the line held once curled, not the input alone, says whether
    the removal unbalanced it."""
    result = CLEANER.run(text)
    assert any(change.rule == "doubled-punctuation" for change in result.changes)
    assert verify(text, result, CLEANER) is None


@pytest.mark.parametrize("text", [
    "青藏高原青藏高原““科创中心科创中心”:”将集聚创新资源将集聚创新资源\n",
    "用人才用人才““密码密码””解锁创新之城解锁创新之城“(注)“密钥密钥””\n",
    "青藏高原青藏高原“２０２５“科创中心科创中心””将集聚创新资源将集聚创新资源\n",
])
def test_a_quote_doubled_with_its_quotation_passes_beside_noise(text: str) -> None:
    """Fake bold doubles a quotation marks and all (`““科创中心科创中心””`); noise between
    the copies of one mark (`”:”`, `“(注)“`) leaves that copy, but the one removed, with the
    copy of the text it quotes, is noise repaired, not nesting (bench/throughput.py's folder
    run had 12 of 300 files refused so)."""
    result = CLEANER.run(text)
    assert any(change.rule == "fake-bold" and change.before in "“”" for change in result.changes)
    assert verify(text, result, CLEANER) is None


@pytest.mark.parametrize("text, removals", [
    ("“我们要“学习学习””\n", [("””", "”")]),  # the quotation is doubled, no copy of it removed
    ("“我们要“坚持以人为本以人为本””\n", [("以人为本", ""), ("””", "”")]),
])
def test_nesting_is_refused_though_a_copy_is_removed_inside(
        text: str, removals: list[tuple[str, str]]) -> None:
    """Each removal is of the last place its text is found (a copy after its original)."""
    changes = [Change("fake-bold", text.rindex(before), text.rindex(before) + len(before),
                      before, after) for before, after in removals]
    out = text
    for change in sorted(changes, key=lambda change: -change.start):
        out = out[: change.start] + change.after + out[change.end :]
    assert any("balanced brackets" in problem for problem in problems(text, Result(out, changes)))


def test_a_bracket_removed_from_nesting_is_refused_beside_curled_quotes() -> None:
    text = "他说\"好\"，《刑法（修正案（十一））》\n"
    at = text.index("））")
    result = Result("他说“好”，《刑法（修正案（十一）》\n", [
        Change("quotes", 2, 3, "\"", "“"), Change("quotes", 4, 5, "\"", "”"),
        Change("doubled-punctuation", at, at + 2, "））", "）")])
    message = verify(text, result, CLEANER, idempotent=False)
    assert message is not None and "balanced brackets" in message


@pytest.mark.parametrize("text", ["用人才““密码””解锁\n", "名师开讲：：一场场思维风暴\n"])
def test_doubled_marks_of_fake_bold_pass(text: str) -> None:
    assert verify(text, CLEANER.run(text), CLEANER) is None
    assert CLEANER.run(text).text != text


def test_review_may_skip_idempotence() -> None:
    text = "在 2025 年,创新\n"
    full = CLEANER.run(text)
    partial = Result("在2025 年,创新\n", [c for c in full.changes if c.start < 2])
    assert verify(text, partial, CLEANER, idempotent=False) is None
    assert verify(text, partial, CLEANER) is not None


def test_a_forced_cut_never_splits_a_grapheme_cluster() -> None:
    clusters = "👩\u200d💻क्\u200dष🏳️\u200d🌈"
    text = "".join(han + clusters for han in "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸") + "\n"
    small = Cleaner(load_ruleset(), target=16)
    assert small.run(text, trace=False).text == text



def test_a_copy_with_an_address_is_no_sign_of_fake_bold() -> None:
    """A line a man page repeats, holding a URL, removed as a copy: --safe refuses it, by the
    notion of a heading fake-bold shares (`headings.chinese_heading_text`)."""
    from cleantext.engine import Change
    from cleantext.safety import _fake_bold_signs

    line = "GNU coreutils 的在线帮助： <https://www.gnu.org/software/coreutils/>"
    text = f"报告错误\n{line}\n{line}\n\n版权\n"
    at = text.index(line, text.index(line) + 1) - 1
    copy = Change("fake-bold", at, at + len(line) + 1, "\n" + line, "")
    assert not _fake_bold_signs(text, [copy])
    heading = "数据存储技巧"
    doubled = f"{heading}\n{heading}\n正文第一行，\n第二行。\n"
    same = Change("fake-bold", 6, 13, "\n" + heading, "")
    assert _fake_bold_signs(doubled, [same])


def test_several_runs_doubled_on_one_line_are_a_sign_of_fake_bold() -> None:
    """fake-bold undoes a line of several different doubled runs; --safe lets it be written."""
    from cleantext.config import load_ruleset
    from cleantext.engine import Cleaner
    from cleantext.safety import verify

    cleaner = Cleaner(load_ruleset())
    text = ("感、幸福感与安全感。\n向新而行向新而行 加速迈进加速迈进\n"
            "组织农业企业、科研院所等组建专业性。\n")
    result = cleaner.run(text, trace=True)
    assert "向新而行 加速迈进\n" in result.text
    assert verify(text, result, cleaner) is None
