"""Find and load rule sets and user configuration; errors name the file and line.

A rule set is a YAML file with `rules:` (and optionally `extends:` another
set). A user's configuration — `--rules FILE`, `.cleantext.yaml`, or
`[tool.cleantext]` in `pyproject.toml`, found upward from the working
directory — picks a rule set and may `select` or `ignore` rule ids, add
rules, and change params of shipped rules by repeating their id.

>>> [rule.id for rule in load_ruleset() if rule.enabled][:3]
['invisible', 'compat', 'width']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .engine import Example, Rule
from .files import DEFAULT_EXCLUDE
from .kinds import KINDS, ParamError

if TYPE_CHECKING:
    import yaml

USER_FILES = (".cleantext.yaml", ".cleantext.yml")
RULE_KEYS = {"id", "kind", "description", "enabled", "params", "examples", "before"}
SET_KEYS = {"name", "description", "extends", "rules"}
CONFIG_KEYS = {"extends", "select", "ignore", "rules", "include", "exclude", "default-exclude"}


class ConfigError(Exception):
    """A bad rule file or config; `str()` is one line: `file:line: message`."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {message}")


class _Missing(ConfigError):
    """A rule set that cannot be found or read; re-raised at the line that names it."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        super().__init__(source, line, message)
        self.message = message


class _Map(dict):  # type: ignore[type-arg]
    """A mapping from YAML or TOML that remembers the line it started on, and its keys'."""

    line = 0
    key_lines: dict[str, int] = {}  # replaced per instance, never mutated


def _key_line(data: Any, key: str) -> int | None:
    """The line of `key` in a mapping read from a file, else the mapping's own line."""
    if not isinstance(data, _Map):
        return None
    return data.key_lines.get(key) or data.line or None


@cache
def _loader() -> type:
    """A safe loader whose mappings are `_Map`s; libyaml's when PyYAML has it (5× faster).
    PyYAML is imported here, when a file is parsed: the shipped sets need no parsing."""
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        pass

    Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
    return Loader


def _construct_map(loader: yaml.SafeLoader, node: yaml.MappingNode) -> _Map:
    mapping = _Map(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {str(key.value): key.start_mark.line + 1 for key, _ in node.value}
    return mapping


@dataclass
class Config:
    """Everything a run needs to know: the rules and which files to take."""

    rules: list[Rule]
    include: list[str] = field(default_factory=lambda: ["*.txt", "*.md", "*.markdown"])
    exclude: list[str] = field(default_factory=list)
    #: non-prose files left out of folders (`files.DEFAULT_EXCLUDE`); `default-exclude: []`
    #: in the configuration takes them all
    default_exclude: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    source: str = ""


def _read_yaml(path: Path | str, text: str) -> Any:
    import yaml

    try:
        return yaml.load(text, Loader=_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        raise ConfigError(str(path), mark.line + 1 if mark else None,
                          f"invalid YAML: {error.problem}") from None
    except yaml.YAMLError as error:
        raise ConfigError(str(path), None, f"invalid YAML: {error}") from None


def rules_dir() -> Path:
    """Where the shipped rule sets are: inside the installed package, or `rules/` of a checkout."""
    packaged = Path(__file__).parent / "rules"  # what `importlib.resources` would give, unloaded
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "rules"


def shipped_sets() -> list[str]:
    """Names of the shipped rule sets."""
    return sorted(path.stem for path in rules_dir().glob("*.yaml"))


def _shipped(name: str) -> tuple[str, Any]:
    """A shipped rule set by name: (its path, as `openable` gives it; its data), read from
    `SNAPSHOT` when that holds the set's text as it is."""
    path = rules_dir() / f"{name}.yaml"
    if not path.is_file():
        raise _Missing(name, None, f"no rule set {name!r} (shipped: {', '.join(shipped_sets())}; "
                                   "or a path to a .yaml file)")
    source, text = openable(path), path.read_text(encoding="utf-8")
    frozen = _snapshot().get(name)
    if frozen is not None and frozen["text"] == text:
        return source, thaw(frozen["data"])
    return source, _read_yaml(source, text)


#: The shipped rule sets parsed, beside their YAML: `{name: {"text": the YAML, "data":
#: freeze(its data)}}`, written by `tools/freeze_rules.py`. A run reads a shipped set from
#: it, sparing PyYAML's import and the parse (~15 ms of every run's start); a set whose YAML
#: was edited since is parsed as any other file.
SNAPSHOT = "shipped.json"


@cache
def _snapshot() -> dict[str, Any]:
    import json

    try:
        return dict(json.loads((rules_dir() / SNAPSHOT).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def freeze(data: Any) -> Any:
    """Parsed YAML as JSON holds it, each mapping with its lines (`thaw` undoes it).

    >>> mapping = _Map(id="x"); mapping.line, mapping.key_lines = 3, {"id": 3}
    >>> freeze([mapping, 1])
    [{'line': 3, 'keys': {'id': 3}, 'items': {'id': 'x'}}, 1]
    >>> thawed = thaw(freeze([mapping]))[0]; thawed, thawed.line, thawed.key_lines
    ({'id': 'x'}, 3, {'id': 3})
    """
    if isinstance(data, dict):
        return {"line": getattr(data, "line", 0), "keys": getattr(data, "key_lines", {}),
                "items": {key: freeze(value) for key, value in data.items()}}
    if isinstance(data, list):
        return [freeze(item) for item in data]
    return data


def thaw(data: Any) -> Any:
    """The parsed YAML `freeze` took."""
    if isinstance(data, dict):
        mapping = _Map({key: thaw(value) for key, value in data["items"].items()})
        mapping.line, mapping.key_lines = data["line"], data["keys"]
        return mapping
    if isinstance(data, list):
        return [thaw(item) for item in data]
    return data


def openable(path: Path) -> str:
    """A path a user can open from here: relative to the working folder when inside it,
    else absolute."""
    absolute = path.resolve()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def _resolve(ref: str, base: Path | None) -> tuple[str, Any, Path | None]:
    """A rule set reference (shipped name or path) → (source, parsed data, folder)."""
    if ref.endswith((".yaml", ".yml")) or "/" in ref:
        path = (base / ref) if base and not Path(ref).is_absolute() else Path(ref)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise _Missing(str(path), None, f"cannot read rule set {str(path)!r}: "
                                            f"{error.strerror}") from None
        return str(path), _read_yaml(path, text), path.parent
    source, data = _shipped(ref)
    return source, data, None


def load_ruleset(ref: str = "default", base: Path | None = None,
                 _seen: tuple[str, ...] = ()) -> list[Rule]:
    """The rules of a rule set, `extends:` followed, in order."""
    source, data, folder = _resolve(ref, base)
    if source in _seen:
        raise ConfigError(source, None, "rule sets extend each other in a loop")
    data = data or _Map()
    _check_keys(data, SET_KEYS, source, "rule set")
    rules: list[Rule] = []
    if "extends" in data:
        name = _extends_name(data["extends"], source, data)
        rules = _extends(name, folder or base, (*_seen, source), source, data)
    return _apply_entries(rules, data.get("rules") or [], source, data)


def _extends(ref: str, base: Path | None, seen: tuple[str, ...], source: str,
             data: _Map) -> list[Rule]:
    """The rules of the set `extends:` names; a set that cannot be found is an error of the
    file that names it, on the line of its `extends:` key."""
    try:
        return load_ruleset(ref, base, seen)
    except _Missing as error:
        raise ConfigError(source, _key_line(data, "extends"), str(error)) from None


def _apply_entries(rules: list[Rule], entries: Any, source: str, parent: _Map) -> list[Rule]:
    """Add new rules and override existing ones (same id) from a list of YAML entries."""
    if not isinstance(entries, list):
        raise ConfigError(source, getattr(parent, "line", None), "'rules' must be a list")
    by_id = {rule.id: index for index, rule in enumerate(rules)}
    rules = list(rules)
    for entry in entries:
        line = getattr(entry, "line", None) or parent.line
        if not isinstance(entry, dict) or "id" not in entry:
            raise ConfigError(source, line, "each rule needs an 'id'")
        _check_keys(entry, RULE_KEYS, source, f"rule {entry['id']!r}")
        rule_id = str(entry["id"])
        if rule_id in by_id:
            rules[by_id[rule_id]] = _override(rules[by_id[rule_id]], entry, source, line)
        elif "before" in entry:  # a new rule that must run before an existing one
            at = _index(rules, entry["before"], source, line)
            rules.insert(at, _build(entry, source, line))
            by_id = {rule.id: index for index, rule in enumerate(rules)}
        else:
            by_id[rule_id] = len(rules)
            rules.append(_build(entry, source, line))
    return rules


def _index(rules: list[Rule], rule_id: Any, source: str, line: int) -> int:
    """Where the rule `rule_id` is in `rules`, for a new rule's `before:`."""
    for index, rule in enumerate(rules):
        if rule.id == rule_id:
            return index
    raise ConfigError(source, line, f"'before': no rule with id {rule_id!r} to run before")


def _build(entry: dict[str, Any], source: str, line: int, base: Rule | None = None) -> Rule:
    kind = entry.get("kind", base.kind if base else None)
    if kind not in KINDS:
        known = ", ".join(sorted(KINDS))
        raise ConfigError(source, line,
                          f"unknown kind {kind!r} in rule {entry['id']!r} (known: {known})")
    params = dict(base.params if base else {})
    given = entry.get("params") or {}
    if not isinstance(given, dict):
        raise ConfigError(source, line, f"rule {entry['id']!r}: 'params' must be a mapping")
    params.update(given)
    enabled = entry.get("enabled", base.enabled if base else True)
    if not isinstance(enabled, bool):
        raise ConfigError(source, line, f"rule {entry['id']!r}: 'enabled' must be true or false")
    try:
        impl = KINDS[kind](**params)
    except ParamError as error:
        raise ConfigError(source, line, f"rule {entry['id']!r}: {error}") from None
    return Rule(
        id=str(entry["id"]),
        kind=kind,
        description=str(entry.get("description", base.description if base else "")),
        impl=impl,
        enabled=enabled,
        params=params,
        examples=_examples(entry, source, line) or (base.examples if base else []),
        source=f"{source}:{line}",
    )


def _override(rule: Rule, entry: dict[str, Any], source: str, line: int) -> Rule:
    if "kind" in entry and entry["kind"] != rule.kind:
        raise ConfigError(source, line, f"rule {rule.id!r} is of kind {rule.kind!r}; "
                                        "give a new id for another kind")
    return _build(entry, source, line, base=rule)


def _examples(entry: dict[str, Any], source: str, line: int) -> list[Example]:
    examples: list[Example] = []
    for item in entry.get("examples") or []:
        where = getattr(item, "line", line)
        if isinstance(item, dict) and set(item) == {"before", "after"}:
            examples.append(Example(str(item["before"]), str(item["after"])))
        elif isinstance(item, dict) and set(item) == {"unchanged"}:
            examples.append(Example(str(item["unchanged"]), str(item["unchanged"])))
        else:
            raise ConfigError(source, where,
                              "an example is {before: …, after: …} or {unchanged: …}")
    return examples


def _check_keys(data: Any, allowed: set[str], source: str, what: str) -> None:
    if not isinstance(data, dict):
        raise ConfigError(source, getattr(data, "line", None), f"{what} must be a mapping")
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ConfigError(source, _key_line(data, unknown[0]),
                          f"unknown key {unknown[0]!r} in {what} "
                          f"(known: {', '.join(sorted(allowed))})")


def _extends_name(value: Any, source: str, parent: _Map) -> str:
    """The rule set `extends:` names: a string."""
    if not isinstance(value, str):
        raise ConfigError(source, _key_line(parent, "extends"),
                          f"'extends' must be a string, got {value!r}")
    return value


def _string_list(data: _Map, key: str, source: str) -> list[str]:
    value = data.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(source, _key_line(data, key), f"'{key}' must be a list of strings")
    return value


def find_user_config(start: Path) -> Path | None:
    """The nearest `.cleantext.yaml` or `pyproject.toml` with `[tool.cleantext]`, upward from
    `start`."""
    for folder in [start, *start.parents]:
        for name in USER_FILES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            import tomllib  # only where a pyproject.toml is met

            try:
                table = tomllib.loads(pyproject.read_text(encoding="utf-8"))
                if "cleantext" in table.get("tool", {}):
                    return pyproject
            except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
                continue
    return None


def load_config(
    path: Path | None = None,
    *,
    cwd: Path | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    ruleset: str | None = None,
    find: bool = True,
) -> Config:
    """The configuration in `path`, or (with `find`) found upward from `cwd`, with CLI
    selections on top."""
    if path is None and find:
        path = find_user_config(cwd or Path.cwd())
    data: _Map = _Map()
    source = ""
    if path is not None:
        source = str(path)
        data = _load_user_file(path)
        _check_keys(data, CONFIG_KEYS, source, "configuration")
    folder = path.parent if path else None
    extends = ruleset or _extends_name(data.get("extends", "default"), source, data)
    if ruleset or "extends" not in data:
        rules = load_ruleset(extends, folder)
    else:
        rules = _extends(extends, folder, (), source, data)
    rules = _apply_entries(rules, data.get("rules") or [], source or "config", data)
    rules = _select(rules, _string_list(data, "select", source) + (select or []),
                    _string_list(data, "ignore", source) + (ignore or []),
                    source or "command line", data.line)
    config = Config(rules=rules, source=source)
    if "include" in data:
        config.include = _string_list(data, "include", source)
    config.exclude = _string_list(data, "exclude", source)
    if "default-exclude" in data:
        config.default_exclude = _string_list(data, "default-exclude", source)
    return config


def _load_user_file(path: Path) -> _Map:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(str(path), None, f"cannot read: {error}") from None
    if path.name == "pyproject.toml":
        import tomllib

        try:
            table = tomllib.loads(text).get("tool", {}).get("cleantext", {})
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(str(path), getattr(error, "lineno", None),
                              f"invalid TOML: {error}") from None
        mapping = _to_map(table)
        mapping.line, mapping.key_lines = _toml_lines(text)
        return mapping
    data = _read_yaml(path, text)
    return data if data is not None else _Map()


def _toml_lines(text: str) -> tuple[int, dict[str, int]]:
    """The line of the `[tool.cleantext]` table in a pyproject.toml, and of each key in it.

    >>> _toml_lines('[project]\\nname = "x"\\n[tool.cleantext]\\nextends = "zh-hans"\\nfoo = 1\\n')
    (3, {'extends': 4, 'foo': 5})
    """
    start, keys = 0, dict[str, int]()
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            if start:
                break
            if stripped.replace(" ", "") in ("[tool.cleantext]", '[tool."cleantext"]'):
                start = number
        elif start and "=" in stripped and not stripped.startswith("#"):
            keys.setdefault(stripped.split("=", 1)[0].strip().strip('"'), number)
    return start, keys


def _to_map(value: Any) -> Any:
    if isinstance(value, dict):
        return _Map({k: _to_map(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_to_map(v) for v in value]
    return value


def _select(rules: list[Rule], select: list[str], ignore: list[str], source: str,
            line: int) -> list[Rule]:
    """Turn on exactly `select` (if given), then turn off `ignore`."""
    ids = {rule.id for rule in rules}
    for rule_id in [*select, *ignore]:
        if rule_id not in ids:
            raise ConfigError(source, line or None, f"no rule with id {rule_id!r}")
    for rule in rules:
        if select:
            rule.enabled = rule.id in select
        if rule.id in ignore:
            rule.enabled = False
    return rules
