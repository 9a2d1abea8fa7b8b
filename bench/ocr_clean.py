"""How much content a rule set changes on clean text: characters substituted, per rule.

    python bench/ocr_clean.py [--ruleset ocr] [--show 10]

Clean text is the dev corpus gold (`../shared/devcorpus/*/gold`), the seeds' gold
(`../shared/seeds-gold`), the poetry and sayings of `fortunes-zh`
(`/usr/share/games/fortunes`, colour escapes dropped) and the Chinese manual pages of
`manpages-zh` (`/usr/share/man/zh_CN`, `zh_TW`: the text lines of the roff sources,
font escapes dropped). Each text is cleaned with `--ruleset`; a change counts when the
content it touches (Han, letters, digits, as `--safe` folds them) differs before and
after, and its characters are the longer of the two. Rules the default set also has are
listed too, marked `(default)`: what they do is not the rule set's addition. A missing
source is skipped with a note. `--show N` prints the first N changes of each rule.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleantext import clean_result  # noqa: E402
from cleantext.config import load_ruleset  # noqa: E402
from cleantext.safety import content  # noqa: E402

SHARED = ROOT.parent / "shared"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_ROFF_ESCAPE = re.compile(r"\\f(?:\[[^]]*\]|\(..|.)|\\[-&|^ ]|\\\(..|\\\*.")


def fortunes() -> Iterator[tuple[str, str]]:
    for path in sorted(Path("/usr/share/games/fortunes").glob("*")):
        if path.suffix or not path.is_file() or path.name in ("fortunes",):
            continue
        text = _ANSI.sub("", path.read_text(encoding="utf-8", errors="replace"))
        yield f"fortunes-zh/{path.name}", text.replace("\n%\n", "\n\n")


def manpages() -> Iterator[tuple[str, str]]:
    for folder in ("zh_CN", "zh_TW"):
        for path in sorted(Path("/usr/share/man", folder).glob("man*/*.gz")):
            raw = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
            lines = [_ROFF_ESCAPE.sub("", line) for line in raw.splitlines()
                     if not line.startswith((".", "'"))]
            yield f"manpages-zh/{folder}/{path.name}", "\n".join(lines) + "\n"


def golds() -> Iterator[tuple[str, str]]:
    for folder in [*sorted((SHARED / "devcorpus").glob("*/gold")), SHARED / "seeds-gold"]:
        for path in sorted(folder.glob("*.txt")):
            yield str(path.relative_to(SHARED)), path.read_text(encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ruleset", default="ocr")
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()
    default_ids = {rule.id for rule in load_ruleset("default")}
    for name, source in (("dev corpus and seeds gold", golds), ("fortunes-zh", fortunes),
                         ("manpages-zh", manpages)):
        chars: Counter[str] = Counter()
        shown: Counter[str] = Counter()
        files = size = 0
        for label, text in source():
            files += 1
            size += len(text)
            for change in clean_result(text, args.ruleset).changes:
                before, after = content(change.before), content(change.after)
                if before != after:
                    chars[change.rule] += max(len(before), len(after))
                    if shown[change.rule] < args.show:
                        shown[change.rule] += 1
                        around = text[max(0, change.start - 6) : change.end + 6].replace("\n", "⏎")
                        print(f"  {change.rule}: {label}: {change.before!r} → {change.after!r} "
                              f"in {around!r}")
        if not files:
            print(f"{name}: not found, skipped")
            continue
        rules = ", ".join(
            f"{rule}{' (default)' if rule in default_ids else ''} {count}"
            for rule, count in chars.most_common()
        ) or "none"
        added = sum(count for rule, count in chars.items() if rule not in default_ids)
        print(f"{name}: {files} files, {size:,} characters; substituted by rules --ruleset "
              f"{args.ruleset} adds: {added}; per rule: {rules}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
