"""Each repair of issue 2 on real snippets from the seeds, and the cases that must NOT change."""

from __future__ import annotations

import pytest

from cleantext import clean, clean_result


def test_invisible_and_control_characters_go() -> None:
    assert clean("创\u200b新\u2060之\u00ad城\ufeff\x0c发\u00a0展\r\n") == "创新之城发展\n"
    assert clean("\u3000\u3000西宁开发区聚焦盐湖化工\r\n") == "西宁开发区聚焦盐湖化工\n"


def test_pdf_compatibility_characters_become_unified_ideographs() -> None:
    assert clean("⽇本⼈⺠的⻓江\n") == "日本人民的长江\n"
    assert clean("（記者）：“好”\n") == "（記者）：“好”\n"  # full-width punctuation is not NFKC'd


def test_fullwidth_digits_and_letters_become_halfwidth() -> None:
    assert clean("在２０２５年，ＡＩ赋能\n") == "在2025年，AI赋能\n"


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("青藏高原青藏高原““科创中心科创中心””将集聚创新资源将集聚创新资源\n",
         "青藏高原“科创中心”将集聚创新资源\n"),
        ("名师开讲名师开讲：：一场场思维风暴点亮创新一场场思维风暴点亮创新\n灯塔灯塔\n\n当盐湖产业前沿",
         "名师开讲：一场场思维风暴点亮创新灯塔\n\n当盐湖产业前沿\n"),
        ("三年时间打造国际生态三年时间打造国际生态\n旅游目旅游目的地的地““四个中心四个中心””\n",
         "三年时间打造国际生态旅游目的地“四个中心”\n"),
        ("石榴花开美西宁 石榴花开美西宁\n", "石榴花开美西宁\n"),
        ("连线部门：西宁市农业和农村局\n连线部门：西宁市农业和农村局\n", "连线部门：西宁市农业和农村局\n"),
    ],
)
def test_fake_bold_is_undone_in_all_three_shapes(raw: str, want: str) -> None:
    assert clean(raw) == want


@pytest.mark.parametrize(
    "prose",
    [
        "形成常常讲、时时抓、处处促的良好格局。",
        "推动各民族交流交往交融；积极开展身边好人评选活动。",
        "谢谢",
        "研究研究",
        "引进有方科技股份有限公司在园区落地，投资投资数字化智慧城市运营服务项目。",
    ],
)
def test_real_reduplication_in_prose_stays(prose: str) -> None:
    assert clean(prose) == prose + "\n"


def test_wrapped_lines_join_and_a_page_break_mid_sentence_is_rejoined() -> None:
    raw = (
        "一个个重点项目落地西宁开发区，离\n不开这里真诚细心的服务和优良的营商\n"
        "环境。西宁开发区通过推行“极简审批”\n\n“标准地+承诺制”等改革，打造全省最优\n"
        "创新营商环境。青海绿色算力大型数据\n标注基地项目的落地就是一个典型的案\n例。\n\n"
        "从2024年12月30日签约，到2025年1\n月8日推进落地，再到建成运营，仅历时24\n天。\n"
    )
    assert clean(raw) == (
        "一个个重点项目落地西宁开发区，离不开这里真诚细心的服务和优良的营商环境。"
        "西宁开发区通过推行“极简审批”“标准地+承诺制”等改革，打造全省最优创新营商环境。"
        "青海绿色算力大型数据标注基地项目的落地就是一个典型的案例。\n\n"
        "从2024年12月30日签约，到2025年1月8日推进落地，再到建成运营，仅历时24天。\n"
    )


def test_bylines_datelines_and_subtitles_stay_paragraphs() -> None:
    raw = (
        "下一步，西宁开发区构建“核心引领、\n多极支撑”发展格局，重点培育科技小巨人\n"
        "企业，为西部创新驱动提供青海范式。\n\n（记者 文月婷）\n"
        " 本报讯（记者 宁亚琴）仲夏五月，夏花\n盛开，在初夏的美好时节，为加强双拥共\n建。\n"
    )
    assert clean(raw).split("\n\n") == [
        "下一步，西宁开发区构建“核心引领、多极支撑”发展格局，重点培育科技小巨人企业，为西部创新驱动提供青海范式。",
        "（记者文月婷）",
        "本报讯（记者宁亚琴）仲夏五月，夏花盛开，在初夏的美好时节，为加强双拥共建。\n",
    ]


def test_one_paragraph_per_line_layout_is_kept() -> None:
    raw = "辉煌十四五 改革谱新篇\n\n(上接A03版)深学细悟笃行, 着力在内化深化\n\n(记者 施翔)\n"
    assert clean(raw) == "辉煌十四五 改革谱新篇\n\n（上接A03版）深学细悟笃行，着力在内化深化\n\n（记者施翔）\n"


def test_justified_spaces_go_but_latin_spaces_stay() -> None:
    assert clean("项 ，总 成 交 额 18.39 亿 元 ，同 比 增 长\n") == "项，总成交额18.39亿元，同比增长\n"
    assert clean("西宁5G基站 万人数量达 31.9 个，Hello world\n") == "西宁5G基站万人数量达31.9个，Hello world\n"


def test_spaces_between_chinese_go_the_same_way_with_and_without_a_trace() -> None:
    """Without a trace, spacing removes most gaps in one pass over a plain class of common
    Chinese characters; every character of that class must count as Chinese to the rule."""
    import regex

    from cleantext.kinds.spacing import _COMMON_CJK
    from cleantext.text import is_cjk

    common = "".join(regex.findall(_COMMON_CJK, "".join(map(chr, range(0x3000, 0xE000)))))
    assert len(common) > 20_000 and all(map(is_cjk, common))
    text = "项 目 ，总 成 交 额 “ 创 新 ” 在 2025 年 の カ 한 글"
    assert clean(text) == clean_result(text).text == "项目，总成交额“创新”在2025年のカ한글\n"


def test_punctuation_in_chinese_context_goes_fullwidth_but_not_in_numbers_or_urls() -> None:
    assert clean('热点问题: 1. 消费维权 69件, 无集中反映\n') == "热点问题：1.消费维权69件，无集中反映\n"
    assert clean("标准机架(2.5KW)累计达 10778 架\n") == "标准机架（2.5KW）累计达10778架\n"
    assert clean("会议10:30开始，共1,000人，详见https://a.cn/x?a=1,2\n") == (
        "会议10:30开始，共1,000人，详见https://a.cn/x?a=1,2\n"
    )


def test_straight_quotes_pair_and_ellipses_normalise() -> None:
    assert clean('西宁曾因"世界屋脊"的地理坐标被贴上"偏远""传统"的标签...\n') == (
        "西宁曾因“世界屋脊”的地理坐标被贴上“偏远”“传统”的标签……\n"
    )
    assert clean("It's a \"test\"... fine\n") == "It's a \"test\"... fine\n"


def test_traditional_to_simplified_only_in_the_zh_hans_set() -> None:
    assert clean("開發區的東西\n", ruleset="zh-hans") == "开发区的东西\n"
    assert clean("開發區的東西\n") == "開發區的東西\n"


def test_every_change_is_traced_to_a_rule_and_a_span_of_the_input() -> None:
    raw = "在 2025 年,西宁\n开发区““创新””\n"
    result = clean_result(raw)
    assert result.text == "在2025年，西宁开发区“创新”\n"
    assert set(result.counts()) == {"spacing", "punctuation", "unwrap", "doubled-punctuation"}
    for change in result.changes:
        assert 0 <= change.start <= change.end <= len(raw)
    comma = next(c for c in result.changes if c.rule == "punctuation")
    assert raw[comma.start : comma.end] == "," and comma.after == "，"
    joined = next(c for c in result.changes if c.rule == "unwrap" and c.after == "")
    assert raw[joined.start : joined.end] == "\n"


def test_streaming_in_small_slices_gives_the_same_text(tmp_path) -> None:
    from cleantext.config import load_ruleset
    from cleantext.engine import Cleaner

    from .conftest import SEEDS

    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert Cleaner(load_ruleset(), target=2048).run(text).text == clean(text)


def test_empty_and_blank_input() -> None:
    assert clean("") == ""
    assert clean(" \n\n\u3000\n") == ""


def test_a_quote_whose_partner_was_lost_does_not_turn_later_pairs_inside_out() -> None:
    raw = '推进青海省"昆仑英才 计划、西宁市"夏都菁英"计划,推行"揭榜挂帅"机制\n'
    assert clean(raw) == "推进青海省“昆仑英才计划、西宁市“夏都菁英”计划，推行“揭榜挂帅”机制\n"


def test_latin_prose_unwraps_with_spaces_and_keeps_its_paragraphs() -> None:
    raw = (
        "The committee met on Tuesday to discuss the\nproposal. Members agreed that the plan, which\n"
        "was first presented in 2023, needs more work.\n\nA second meeting is planned.\n"
    )
    assert clean(raw) == (
        "The committee met on Tuesday to discuss the proposal. Members agreed that the plan, "
        "which was first presented in 2023, needs more work.\n\nA second meeting is planned.\n"
    )


def test_list_items_stay_apart_even_in_a_block_of_short_lines() -> None:
    raw = "一、总体要求\n二、主要任务\n（一）加快建设\n1. 完善机制\n2. 强化保障\n"
    assert clean(raw) == "一、总体要求\n\n二、主要任务\n\n（一）加快建设\n\n1.完善机制\n\n2.强化保障\n"


def test_table_rows_keep_their_lines_and_column_gaps() -> None:
    raw = "项目名称    金额（万元）\n西宁开发区  1,200\n海东新区    800\n"
    out = clean(raw)
    assert out == "项目名称    金额（万元）\n\n西宁开发区  1,200\n\n海东新区    800\n"
    assert clean(out) == out


@pytest.mark.parametrize(
    ("heading", "once"),
    [
        ("名师开讲：一场场思维风暴点亮创新", "名师开讲：一场场思维风暴点亮创新"),
        ("名师开讲名师开讲：：一场场思维风暴一场场思维风暴", "名师开讲：一场场思维风暴"),
    ],
)
def test_a_heading_after_a_paragraph_cut_on_a_comma_stays_a_heading(heading: str, once: str) -> None:
    raw = f"若说创新是无形的内生驱动，\n\n{heading}\n\n作为项目落地的见证者，\n\n创新的活力便是可见的外在彰显。\n"
    cleaned = clean(raw)
    assert cleaned.split("\n\n") == [
        "若说创新是无形的内生驱动，", once, "作为项目落地的见证者，创新的活力便是可见的外在彰显。\n"
    ]
    assert clean(cleaned) == cleaned


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("一 00一00", "一00\n"),  # doubled once `spacing` has removed the space
        ("标题标题，，\n正文接着写。", "标题，正文接着写。\n"),  # ends on a comma once undoubled
        ('"...０.青', "“……0.青\n"),  # the dots meet Chinese once `quotes` has curled the quote
    ],
)
def test_work_one_rule_leaves_for_an_earlier_one_is_done_in_the_same_run(raw: str, want: str) -> None:
    result = clean_result(raw)
    assert result.text == want
    assert clean(want) == want


@pytest.mark.parametrize(
    "text", ["wait…)", "(see…)", "wait…) and (see…)", "wait…, then", "Hello…!"]
)
def test_a_lone_ellipsis_in_latin_text_leaves_the_marks_beside_it_half_width(text: str) -> None:
    assert clean(text) == text + "\n"


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("中文…)", "中文……）"),
        ("好…,", "好……，"),
        ("好……)", "好……）"),
        ("(好…)", "（好……）"),
        ("中,…,…)", "中，……，……）"),
    ],
)
def test_a_mark_beside_an_ellipsis_in_chinese_text_turns_full_width(raw: str, want: str) -> None:
    assert clean(raw) == want + "\n"


@pytest.mark.parametrize(
    "text",
    [
        "Hello… world",
        "wait…, …and",
        "wait … and",
        'he said "wait…" ok',
        "he said 'wait…' ok",
        '(see…) and "it…"',
        "don't… go",
        'he said "wait…", ok',  # the comma stays, so no later pass curls the quotes
        "It grew 22%... and 22%…) then",  # dots after a number are an ellipsis in Chinese only
    ],
)
def test_a_lone_ellipsis_in_latin_text_keeps_its_spaces_and_straight_quotes(text: str) -> None:
    assert clean(text) == clean_result(text).text == text + "\n"


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("中文… 中文", "中文……中文"),
        ("中 …", "中……"),
        ("好…… 然后", "好……然后"),
        ("好…… then", "好……then"),
        ("Hello… 中文", "Hello……中文"),
        ("a … … b", "a……b"),  # two ellipses are Chinese anywhere
        ('他说"好…"', "他说“好……”"),
        ('他说 "好…" 然后', "他说“好……”然后"),
        ("他说 '好…' 然后", "他说‘好……’然后"),
        ("'…' 中", "‘……’中"),
        ("中…'s", "中……‘s"),
        ('他说"好…", ok', "他说“好……”，ok"),
    ],
)
def test_spaces_and_quotes_beside_an_ellipsis_in_chinese_text_still_go(raw: str, want: str) -> None:
    assert clean(raw) == clean_result(raw).text == want + "\n"


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("接听群众来电诉求1423件\n\n次，网民留言63件。", "接听群众来电诉求1423件次，网民留言63件。"),
        ("在5G通\n\n讯、智能工业等领域加速转化。", "在5G通讯、智能工业等领域加速转化。"),
        ("增长了\n\n。其中", "增长了。其中"),
    ],
)
def test_a_line_no_sentence_starts_with_joins_the_line_cut_before_it(raw: str, want: str) -> None:
    assert clean(raw) == want + "\n"


@pytest.mark.parametrize(
    "raw", ["改革谱新篇\n\n一、坚持创新驱动。", "改革谱新篇\n\n对此，我们要坚持。", "全文完。\n\n次，网民留言。"]
)
def test_a_new_sentence_after_a_line_keeps_its_paragraph(raw: str) -> None:
    assert clean(raw) == raw + "\n"
