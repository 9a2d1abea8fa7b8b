"""Write `rules/shipped.json`: the shipped rule sets parsed, which runs read instead of
parsing their YAML (`cleantext.config.SNAPSHOT`). Run it after editing a file in `rules/`;
`tests/test_config.py` fails while the snapshot is out of date.

    python tools/freeze_rules.py
"""

from __future__ import annotations

import json
from pathlib import Path

from cleantext.config import SNAPSHOT, _read_yaml, freeze, rules_dir, shipped_sets


def snapshot(folder: Path) -> dict[str, dict[str, object]]:
    """Each shipped set's YAML text and its data, frozen."""
    sets = {}
    for name in shipped_sets():
        path = folder / f"{name}.yaml"
        text = path.read_text(encoding="utf-8")
        sets[name] = {"text": text, "data": freeze(_read_yaml(path, text))}
    return sets


def main() -> None:
    folder = rules_dir()
    target = folder / SNAPSHOT
    target.write_text(json.dumps(snapshot(folder), ensure_ascii=False, indent=1) + "\n",
                      encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
