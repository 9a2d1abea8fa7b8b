"""Rule sets and user configuration: composition, user rules, and one-line errors with file:line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleantext.config import (
    SNAPSHOT,
    ConfigError,
    _read_yaml,
    find_user_config,
    freeze,
    load_config,
    load_ruleset,
    rules_dir,
    shipped_sets,
)
from cleantext.engine import Cleaner


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_default_set_has_opencc_off_and_zh_hans_turns_it_on() -> None:
    default = {rule.id: rule.enabled for rule in load_ruleset("default")}
    zh_hans = {rule.id: rule.enabled for rule in load_ruleset("zh-hans")}
    assert default["opencc-t2s"] is False
    assert zh_hans["opencc-t2s"] is True
    assert Cleaner(load_ruleset("zh-hans")).run("開發區的東西\n").text == "开发区的东西\n"
    assert Cleaner(load_ruleset("default")).run("開發區的東西\n").text == "開發區的東西\n"


def test_user_file_adds_rules_of_each_generic_kind_and_overrides_params(tmp_path: Path) -> None:
    config_path = write(tmp_path / ".cleantext.yaml", """
rules:
  - id: ocr-fixes
    kind: phrasemap
    description: Known OCR misreadings
    params: {phrases: {"诵讯员": "通讯员", "篁力": "算力"}}
  - id: dun-hao
    kind: charmap
    params: {map: {"丶": "、"}}
  - id: percent
    kind: regex
    params: {pattern: '(?<=\\d)\\s*％', replacement: '%'}
  - id: spacing
    params: {cjk_latin: add}
""")
    config = load_config(config_path)
    text = Cleaner(config.rules).run("诵讯员说绿色篁力增长5 ％丶在2025年\n").text
    assert text == "通讯员说绿色算力增长 5%、在 2025 年\n"


def test_config_is_found_upward_from_the_working_directory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.cleantext]\nignore = ["punctuation"]\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_user_config(deep) == tmp_path / "pyproject.toml"
    config = load_config(cwd=deep)
    assert Cleaner(config.rules).run("好,的\n").text == "好,的\n"
    write(tmp_path / "a" / ".cleantext.yaml", "select: [punctuation]\n")
    assert find_user_config(deep) == tmp_path / "a" / ".cleantext.yaml"
    only = [rule.id for rule in load_config(cwd=deep).rules if rule.enabled]
    assert only == ["punctuation"]


def test_extends_a_rule_set_file_relative_to_the_config(tmp_path: Path) -> None:
    write(tmp_path / "house.yaml", "extends: zh-hans\nrules:\n  - {id: quotes, enabled: false}\n")
    config = load_config(write(tmp_path / "c.yaml", "extends: house.yaml\n"))
    enabled = {rule.id for rule in config.rules if rule.enabled}
    assert "opencc-t2s" in enabled and "quotes" not in enabled


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("rules:\n  - id: x\n    kind: regex\n    params: {pattern: 'a(b'}\n", 2,
         "does not compile"),
        ("rules:\n  - id: x\n    kind: nosuchkind\n", 2, "unknown kind"),
        ("rules:\n  - id: spacing\n    params: {style: wide}\n", 2, "unknown param 'style'"),
        ("rules:\n  - id: spacing\n    params: {cjk_latin: 3}\n", 2, "must be str"),
        ("rules:\n  - id: spacing\n    params: {cjk_latin: sideways}\n", 2, "must be one of"),
        ("rules:\n  - id: x\n    kind: regex\n    colour: red\n    params: {pattern: a}\n", 4,
         "unknown key 'colour'"),
        ("rules:\n  - id: a\n    kind: regex\n  params: [\n", 4, "invalid YAML"),
        ("select: [no-such-rule]\n", 1, "no rule with id 'no-such-rule'"),
        ("extends: nowhere\n", 1, "no rule set 'nowhere'"),
        ("rules:\n  - id: x\n    kind: regex\n    params: {pattern: 'a(b)', replacement: '\\9'}\n",
         2, "refers to group 9"),
        ("rules:\n  - id: x\n    kind: phrasemap\n    params: {phrases: {}}\n", 2, "required"),
        ("rules:\n  - id: spacing\n    enabled: maybe\n", 2, "true or false"),
    ],
)
def test_bad_configuration_is_one_line_naming_file_and_line(tmp_path: Path, text, line,
                                                            words) -> None:
    path = write(tmp_path / "bad.yaml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert "\n" not in message
    assert words in message
    if line is not None:
        assert message.startswith(f"{path}:{line}:")


def test_bad_rule_file_on_the_command_line_exits_2_without_traceback(tmp_path: Path, cli) -> None:
    path = write(tmp_path / "bad.yaml",
                 "rules:\n  - id: x\n    kind: regex\n    params: {pattern: '(['}\n")
    done = cli("--rules", path, input="文本\n")
    assert done.returncode == 2
    err = done.stderr.decode()
    assert err.count("\n") == 1 and f"{path}:2:" in err and "Traceback" not in err
    assert done.stdout == b""


@pytest.mark.parametrize("name", shipped_sets())
def test_shipped_snapshot_holds_each_set_as_its_yaml_parses(name: str) -> None:
    """A run reads the shipped sets from rules/shipped.json; after editing a set, run
    `python tools/freeze_rules.py` (a stale entry is parsed from YAML, only slower)."""
    path = rules_dir() / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    frozen = json.loads((rules_dir() / SNAPSHOT).read_text(encoding="utf-8"))[name]
    assert frozen["text"] == text, "rules/shipped.json is stale: python tools/freeze_rules.py"
    assert frozen["data"] == freeze(_read_yaml(path, text))  # lines of every mapping too


def test_shipped_set_edited_since_the_snapshot_is_parsed_from_its_yaml(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in shipped_sets():
        (tmp_path / f"{name}.yaml").write_text((rules_dir() / f"{name}.yaml").read_text("utf-8"),
                                               encoding="utf-8")
    (tmp_path / SNAPSHOT).write_text((rules_dir() / SNAPSHOT).read_text("utf-8"), "utf-8")
    edited = tmp_path / "default.yaml"
    edited.write_text(edited.read_text("utf-8").replace("id: spacing", "id: spaces"), "utf-8")
    monkeypatch.setattr("cleantext.config.rules_dir", lambda: tmp_path)
    ids = [rule.id for rule in load_ruleset("default")]
    assert "spaces" in ids and "spacing" not in ids
