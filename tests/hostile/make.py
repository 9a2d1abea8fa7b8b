"""Write the hostile-input corpus beside this script: `python tests/hostile/make.py`.

Small files only; the big ones (a 50 MB line) are made at test time. Each file's
name says what is wrong with it; `tests/test_hostile.py` says what must happen.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEXT = "在2025年，创新之城青藏高原科技。\n"
#: Text with something to clean (a line one sentence a line is clean as it is).
NOISY = "在 2025 年,创新之城青藏高原科技。\n"

FILES: dict[str, bytes] = {
    # text
    "invalid_utf8.txt": TEXT.encode() + b"\xe4\xb8 broken \xff\xfe\xfd tail\n" + TEXT.encode(),
    "mixed_utf8_gbk.txt": TEXT.encode("utf-8") + TEXT.encode("gbk") * 3,
    "utf16le_no_bom.txt": (NOISY * 20).encode("utf-16-le"),
    "utf16be_no_bom.txt": (NOISY * 20).encode("utf-16-be"),
    "nul_bytes.txt": ("创新\x00之城\x00" * 10 + "\n").encode(),
    "random_bytes.txt": b"".join(hashlib.sha256(bytes([i])).digest() for i in range(128)),
    "doubled_deep.txt": (
        "青" * 4096 + "\n\n" + "科创中心" * 256 + "\n\n" + "““" * 2000 + "\n"
    ).encode(),
    "rtl_combining.txt": (
        "مرحبا بالعالم 中文 שלום e\u0301\u0302\u0303 a\u200f\u202e反转\u202c 中\u0300文\n".encode()
    ),
    "emoji_astral.txt": "家庭 👨\u200d👩\u200d👧 表情 𠀀𠀁𪚥 🇨🇳 中文 \U0010ffff\n".encode(),
    "only_noise.txt": "\u200b\ufeff\x01\x02 \u3000\r\n\r\n\x7f".encode(),
    "crlf_cr_mix.txt": "第一行\r\n第二行\r第三行\n\n第四段。\r\n".encode(),
    "crlf_cr_wrapped.txt": "这是一段被分栏排版切开的文字，它的第一行在\r\n这里结束，第二行"
                           "又在\r这里结束。\n\n第四段。\r\n".encode(),
    "empty.txt": b"",
    # rule files
    "malformed.yaml": b"rules:\n  - id: x\n    kind: [unclosed\n",
    "unknown_key.yaml": (
        b"rules:\n  - id: x\n    kind: regex\n    colour: red\n    params: {pattern: a}\n"
    ),
    "unknown_param.yaml": (
        b"rules:\n  - id: x\n    kind: regex\n    params: {pattern: a, speed: 3}\n"
    ),
    "wrong_type.yaml": (
        b"rules:\n  - id: x\n    kind: regex\n    enabled: maybe\n    params: {pattern: a}\n"
    ),
    "wrong_param_type.yaml": b"rules:\n  - id: x\n    kind: regex\n    params: {pattern: 5}\n",
    "not_a_mapping.yaml": b"- just\n- a list\n",
    "bad_regex.yaml": b"rules:\n  - id: x\n    kind: regex\n    params: {pattern: '(unclosed'}\n",
    "catastrophic.yaml": (
        b"extends: default\nrules:\n  - id: slow\n    kind: regex\n"
        b"    params: {pattern: '(?:a+)+b', replacement: c, timeout: 0.2}\n"
    ),
    "binary_yaml.yaml": b"\x00\xff\xfe garbage \x80\x81",
}


def main() -> None:
    for name, data in FILES.items():
        (HERE / name).write_bytes(data)
    (HERE / "catastrophic_input.txt").write_text("a" * 5000 + "!\n", encoding="utf-8")


if __name__ == "__main__":
    main()
