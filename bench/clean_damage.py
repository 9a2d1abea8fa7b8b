"""Run clean text through cleantext: per rule, every class of character it changed, the
lines it joined, and what `--safe` refuses.

    python bench/clean_damage.py                      # all sources, default rules
    python bench/clean_damage.py --ruleset zh-hans --sources gold,dialogue
    python bench/clean_damage.py --man-pages 0 --show 5   # every man page, 5 examples a class
    python bench/clean_damage.py --sources '' PATH... [--split %]   # your own clean text
    python bench/clean_damage.py --ruleset ocr --man-pages 0 ../shared/seeds-gold

Clean text needs no repair, so every change to its content is damage: a Han, Latin or
digit character (or a letter of another script) deleted or replaced by another one, or two
lines joined into one (each traced change that removes a line break and puts none back,
so a join is not hidden by a blank line added elsewhere). Changes of width or
compatibility form (`２` → `2`: the same character under NFKC), of marks and of spaces
are listed too, apart. Each source also says its non-blank lines, the line breaks lost
overall, and the documents `--safe` would not write, by rule (with the first message).
Sources:

- `fortunes`: the poems of Debian's `fortunes-zh` (`/usr/share/games/fortunes/*.u8`,
  `apt-get install fortunes-zh`), each entry (cut at its `%` lines) a document, colour
  codes stripped;
- `manpages`: the Chinese man pages of `manpages-zh`, rendered to plain text by
  `groff -k -Tutf8 -mandoc` on lines long enough that nothing wraps (`--man-pages N`:
  the first N in name order, 0 for all);
- `dialogue`: `bench/clean/dialogue.txt`, dialogue, reduplication, refrains, technical
  sentences and other scripts, written for this;
- `gold`: the gold of `../shared/devcorpus/*/gold`;
- any PATH given: a file, or a folder's `*.txt` files (`--split SEP` cuts them into
  documents at lines that are only SEP).

A source that is not installed is skipped with a note. Prints one table per source and
a total; `--show N` adds up to N examples (with context) of each damage class per rule.
With a `--ruleset` other than `default`, each source also gets a line of the content
characters (Han, letters, digits, as `--safe` folds them) each rule changed, the longer
of before and after, rules the default set also has marked `(default)`, and their sum
for the rules the set adds: what the set costs on clean text beyond the default.
"""

from __future__ import annotations

import argparse
import gzip
import re
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
FORTUNES = Path("/usr/share/games/fortunes")
MANPAGES = Path("/usr/share/man/zh_CN")
DIALOGUE = ROOT / "bench" / "clean" / "dialogue.txt"
GOLD = ROOT.parent / "shared" / "devcorpus"
SOURCES = ("fortunes", "manpages", "dialogue", "gold")
#: Classes that are damage on clean text, in the order of the table's columns.
DAMAGE = ("Han", "Latin", "digit", "other letter")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_HAN = regex.compile(r"\p{Han}")


def char_class(char: str) -> str:
    """The class a character is counted in.

    >>> [char_class(c) for c in "中aＡ5，\\n 가"]
    ['Han', 'Latin', 'Latin', 'digit', 'mark', 'line break', 'space', 'other letter']
    """
    if _HAN.match(char):
        return "Han"
    if char == "\n":
        return "line break"
    if char.isspace() or unicodedata.category(char) in ("Cf", "Cc"):
        return "space"
    folded = unicodedata.normalize("NFKC", char)
    if folded.isascii() and folded.isalpha():
        return "Latin"
    if char.isdigit():
        return "digit"
    if char.isalpha():
        return "other letter"
    return "mark"


def classify(before: str, after: str) -> Iterator[str]:
    """The labels of one change: `Han deleted`, `digit substituted`, `lines joined`,
    `width/compat form`, `mark changed`, `space changed` …

    >>> list(classify("对不起", "")), list(classify("\\n", "")), list(classify("２", "2"))
    (['Han deleted', 'Han deleted', 'Han deleted'], ['lines joined'], ['width/compat form'])
    """
    if "\n" in before and "\n" not in after:
        yield "lines joined"
    if len(before) == len(after):
        pairs = [(a, b) for a, b in zip(before, after) if a != b]
        for old, new in pairs:
            kind = char_class(old)
            if unicodedata.normalize("NFKC", old) == unicodedata.normalize("NFKC", new):
                yield "width/compat form"
            elif kind in DAMAGE:
                yield f"{kind} substituted"
            else:
                yield f"{kind} changed"
        return
    old, new = Counter(before), Counter(after)
    for char, count in (old - new).items():
        kind = char_class(char)
        if kind == "line break":
            continue
        label = f"{kind} deleted" if kind in DAMAGE else f"{kind} changed"
        yield from [label] * count
    for char, count in (new - old).items():
        kind = char_class(char)
        if kind not in DAMAGE and kind != "line break":
            yield from [f"{kind} changed"] * count


def damage(label: str) -> bool:
    """Whether a label counts as damage to clean text."""
    return label == "lines joined" or label.split()[0] in ("Han", "Latin", "digit", "other")


def split(name: str, text: str, sep: str | None) -> Iterator[tuple[str, str]]:
    """The documents of one file, cut at lines that are only `sep` (none: the whole file).

    >>> list(split("f", "一\\n%\\n二\\n", "%"))
    [('f#0', '一\\n'), ('f#1', '二\\n')]
    """
    if sep is None:
        yield name, text
        return
    pieces = re.split(rf"(?m)^{re.escape(sep)}\n", text)
    for number, piece in enumerate(p for p in pieces if p.strip()):
        yield f"{name}#{number}", piece.strip("\n") + "\n"


def fortunes() -> Iterator[tuple[str, str]]:
    for path in sorted(FORTUNES.glob("*.u8")):
        yield from split(path.name, _ANSI.sub("", path.read_text(encoding="utf-8")), "%")


def paths(names: list[Path], sep: str | None) -> Iterator[tuple[str, str]]:
    for name in names:
        for path in sorted(name.glob("*.txt")) if name.is_dir() else [name]:
            yield from split(str(path), path.read_text(encoding="utf-8"), sep)


def manpages(limit: int) -> Iterator[tuple[str, str]]:
    paths = sorted(MANPAGES.glob("man*/*.gz"))
    for path in paths[:limit] if limit else paths:
        roff = gzip.decompress(path.read_bytes())
        done = subprocess.run(
            ["groff", "-k", "-Tutf8", "-mandoc", "-rLL=4000n", "-rHY=0", "-P-cbou"],
            input=roff, capture_output=True, check=False, timeout=60,
        )
        text = done.stdout.decode("utf-8", "replace")
        if done.returncode == 0 and _HAN.search(text):
            yield path.name, text


def gold() -> Iterator[tuple[str, str]]:
    for path in sorted(GOLD.glob("*/gold/*.txt")):
        yield f"{path.parent.parent.name}/{path.name}", path.read_text(encoding="utf-8")


def texts(source: str, man_pages: int) -> Iterator[tuple[str, str]]:
    if source == "fortunes":
        yield from fortunes()
    elif source == "manpages":
        yield from manpages(man_pages)
    elif source == "dialogue":
        yield DIALOGUE.name, DIALOGUE.read_text(encoding="utf-8")
    else:
        yield from gold()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ruleset", default="default", help="a shipped rule set or a path")
    parser.add_argument("--sources", default=",".join(SOURCES),
                        help=f"comma-separated subset of {', '.join(SOURCES)}")
    parser.add_argument("--man-pages", type=int, default=300,
                        help="how many man pages (name order); 0 for all")
    parser.add_argument("--show", type=int, default=3, help="examples per rule and damage class")
    parser.add_argument("paths", nargs="*", type=Path, help="more clean text: files or folders")
    parser.add_argument("--split", help="cut PATH files into documents at lines only this")
    args = parser.parse_args()
    from cleantext.config import ConfigError, load_ruleset
    from cleantext.engine import Cleaner
    from cleantext.safety import content, verify

    try:
        cleaner = Cleaner(load_ruleset(args.ruleset))
        default_ids = {rule.id for rule in load_ruleset("default")}
    except ConfigError as error:
        sys.exit(f"clean_damage: {error}")
    total: Counter[tuple[str, str]] = Counter()
    sources = [s for s in args.sources.split(",") if s] + (["paths"] if args.paths else [])
    for source in sources:
        if source not in (*SOURCES, "paths"):
            sys.exit(f"clean_damage: unknown source {source!r} (known: {', '.join(SOURCES)})")
        counts: Counter[tuple[str, str]] = Counter()
        examples: dict[tuple[str, str], list[str]] = defaultdict(list)
        refused: Counter[str] = Counter()
        substituted: Counter[str] = Counter()  # content characters changed, per rule
        joins: Counter[str] = Counter()  # lines joined per file (a fortune file's entries)
        names: list[str] = []
        first: dict[str, str] = {}
        files = chars = lines = lost = 0
        found = paths(args.paths, args.split) if source == "paths" else texts(source,
                                                                              args.man_pages)
        for name, text in found:
            names.append(name)
            files += 1
            chars += len(text)
            lines += sum(1 for line in text.split("\n") if line.strip())
            result = cleaner.run(text, trace=True)
            lost += max(0, text.strip().count("\n") - result.text.strip().count("\n"))
            problem = verify(text, result, cleaner)
            if problem:
                rule = problem.split("rule '", 1)[1].split("'")[0] if "rule '" in problem else "?"
                refused[rule] += 1
                first.setdefault(rule, f"{name}: {problem[:200]}")
            for change in result.changes:
                before, after = content(change.before), content(change.after)
                if before != after:
                    substituted[change.rule] += max(len(before), len(after))
                for label, count in Counter(classify(change.before, change.after)).items():
                    key = (change.rule, label)
                    counts[key] += count
                    if label == "lines joined":
                        joins[name.split("#")[0]] += count
                    if damage(label) and len(examples[key]) < args.show:
                        around = text[max(0, change.start - 12) : change.end + 12]
                        examples[key].append(
                            f"{name}: {change.before!r} → {change.after!r} in {around!r}")
        if not files:
            print(f"**{source}**: not installed or empty, skipped\n")
            continue
        report(f"{source} ({files} documents, {lines:,} non-blank lines, {chars:,} characters),"
               f" --ruleset {args.ruleset}", counts, examples)
        print(f"line breaks lost overall: {lost}; --safe refuses {sum(refused.values())}"
              f" documents: {dict(refused.most_common())}")
        if args.ruleset != "default":
            print(content_line(args.ruleset, substituted, default_ids))
        if any("#" in name for name in names):
            print(f"lines joined per file: {dict(sorted(joins.items()))}")
        for message in first.values():
            print(f"- {message}")
        print()
        total.update(counts)
    hurt = sum(count for (_, label), count in total.items() if damage(label))
    print(f"**total damage** (content deleted or substituted, lines joined): {hurt}")


def content_line(ruleset: str, changed: Counter[str], default_ids: set[str]) -> str:
    """Content characters changed per rule, and the sum for the rules `ruleset` adds.

    >>> content_line("ocr", Counter({"a": 3, "b": 1}), {"b"})
    'content changed by rules --ruleset ocr adds: 3; per rule: a 3, b (default) 1'
    """
    rules = ", ".join(
        f"{rule}{' (default)' if rule in default_ids else ''} {count}"
        for rule, count in changed.most_common()
    ) or "none"
    added = sum(count for rule, count in changed.items() if rule not in default_ids)
    return f"content changed by rules --ruleset {ruleset} adds: {added}; per rule: {rules}"


def report(title: str, counts: Counter[tuple[str, str]],
           examples: dict[tuple[str, str], list[str]]) -> None:
    """One Markdown table of changes per rule and class, damage first, then examples."""
    print(f"**{title}**\n")
    if not counts:
        print("no change\n")
        return
    print("| rule | class | count | damage |\n|---|---|---|---|")
    for (rule, label), count in sorted(counts.items(),
                                       key=lambda kv: (not damage(kv[0][1]), kv[0])):
        print(f"| {rule} | {label} | {count} | {'yes' if damage(label) else ''} |")
    print()
    for (rule, label), shown in sorted(examples.items()):
        for line in shown:
            print(f"- {rule}, {label}: {line}")
    if examples:
        print()


if __name__ == "__main__":
    main()
