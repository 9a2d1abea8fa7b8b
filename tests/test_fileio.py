"""fileio (decode, encode, atomic write, stale temp files) and files (walking folders)."""

from __future__ import annotations

import codecs
import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pytest import MonkeyPatch

from cleantext import fileio, native, runner
from cleantext.fileio import (
    TEMP_PREFIX,
    AtomicWrite,
    BinaryFile,
    Decoded,
    FileError,
    decode,
    encode,
    read_file,
    read_with_stat,
    real_folders,
    remove_stale_temps,
    write_atomic,
)
from cleantext.files import Globs, collect

from .conftest import SEEDS, run_cli

SIMPLIFIED = "在西宁国家级经济技术开发区拔节生长的过程中，科技创新的动能始终澎湃。\n二，创新。\n"
TRADITIONAL = "在西寧國家級經濟技術開發區拔節生長的過程中，科技創新的動能始終澎湃。\n二，創新。\n"


@pytest.mark.parametrize(
    ("text", "codec", "bom", "expected"),
    [
        ("plain ASCII\n", "ascii", b"", "utf-8"),
        (SIMPLIFIED, "utf-8", b"", "utf-8"),
        (SIMPLIFIED, "utf-8", codecs.BOM_UTF8, "utf-8"),
        (SIMPLIFIED, "utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le"),
        (SIMPLIFIED, "utf-16-be", codecs.BOM_UTF16_BE, "utf-16-be"),
        (SIMPLIFIED, "gbk", b"", "gbk"),
        (SIMPLIFIED + "㐀€𠀀\n", "gb18030", b"", "gb18030"),
        (TRADITIONAL, "big5", b"", "big5"),
    ],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_decode_detects_and_encode_restores(text: str, codec: str, bom: bytes, expected: str,
                                            newline: str) -> None:
    data = bom + text.replace("\n", newline).encode(codec)
    decoded = decode(data, Path("f.txt"))
    found = (decoded.text, decoded.encoding, decoded.bom, decoded.newline)
    assert found == (text, expected, bool(bom), newline)
    assert encode(decoded, decoded.text) == data


def test_gbk_file_stays_gbk_and_to_utf8_converts() -> None:
    decoded = decode(SIMPLIFIED.encode("gbk"))
    assert decoded.encoding == "gbk"
    assert encode(decoded, "创新。\n") == "创新。\n".encode("gbk")
    assert encode(decoded, "创新。\n", to_utf8=True) == "创新。\n".encode()


def test_to_utf8_keeps_a_bom_and_line_ends() -> None:
    decoded = decode(codecs.BOM_UTF16_LE + "甲\r\n乙\r\n".encode("utf-16-le"))
    assert encode(decoded, "甲乙\n", to_utf8=True) == codecs.BOM_UTF8 + "甲乙\r\n".encode()


def test_unencodable_character_names_file_character_and_line() -> None:
    decoded = decode(SIMPLIFIED.encode("gbk"), Path("notes/gbk.txt"))
    with pytest.raises(FileError) as caught:
        encode(decoded, "第一行\n第二行😀\n")
    message = str(caught.value)
    assert message.startswith("notes/gbk.txt: cannot encode '😀' (U+1F600) on line 2 as gbk")
    assert "\n" not in message


def test_undecodable_bytes_name_file_line_and_byte() -> None:
    with pytest.raises(FileError) as caught:
        decode(b"good line\n\xff\xfe\xfd\xfc\xff bad\n", Path("bad.txt"))
    assert isinstance(caught.value, FileError) and not isinstance(caught.value, BinaryFile)
    assert str(caught.value).startswith("bad.txt: cannot decode")
    assert "line 2, byte 10" in str(caught.value)


def test_forced_encoding_and_bom_of_the_same_family() -> None:
    assert decode(TRADITIONAL.encode("big5"), encoding="big5").encoding == "big5"
    decoded = decode(codecs.BOM_UTF16_BE + "甲\n".encode("utf-16-be"), encoding="utf-16")
    assert (decoded.encoding, decoded.bom, decoded.text) == ("utf-16-be", True, "甲\n")
    with pytest.raises(FileError, match=r"as gbk: invalid byte 0xff at line 1, byte 0"):
        decode(b"\xff\xff", Path("x.txt"), encoding="gbk")


@pytest.mark.parametrize("data", [b"text\x00more", b"\x89PNG\r\n\x1a\n" + b"x" * 50, b"GIF89a...."])
def test_binary_is_reported_as_binary(data: bytes) -> None:
    with pytest.raises(BinaryFile, match=r"img.txt: binary file"):
        decode(data, Path("img.txt"))
    with pytest.raises(BinaryFile):
        decode(data, Path("img.txt"), encoding="latin-1")


def test_utf16_with_bom_is_not_binary() -> None:
    assert decode(codecs.BOM_UTF16_LE + "abc\n".encode("utf-16-le")).text == "abc\n"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("text", [SIMPLIFIED * 3, TRADITIONAL * 3, "plain ASCII\nnotes\n"])
def test_utf16_without_bom_is_detected_and_written_back_without_one(
    codec: str, newline: str, text: str
) -> None:
    data = text.replace("\n", newline).encode(codec)
    decoded = decode(data, Path("f.txt"))
    assert (decoded.text, decoded.encoding, decoded.bom, decoded.newline) == (
        text, codec, False, newline)
    assert encode(decoded, decoded.text) == data


def _with_nuls(data: bytes) -> bytes:
    """`data` with a NUL byte every 37 bytes, cut to an even length."""
    spiked = b"\x00".join(data[at : at + 37] for at in range(0, len(data), 37))
    return spiked[: len(spiked) // 2 * 2]


def _random_bytes(size: int) -> bytes:
    import random

    return random.Random(size).randbytes(size)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + "一二三四".encode("utf-16-le") * 20,
        _random_bytes(4096),
        b"\x00\x00\x01\x00" * 100,  # Windows icon-like: NULs at both parities
        ("a\x00" * 200).encode("utf-16-le"),  # UTF-16 with NUL characters is not text
        _with_nuls(SIMPLIFIED.encode() * 9),
        b"plain text\x00 with a NUL here\x00 and\x00 there.\n" * 8,
    ],
    ids=["png", "random", "icon", "nul-chars", "utf8-nuls", "ascii-nuls"],
)
def test_binary_with_nul_bytes_is_not_taken_for_utf16(data: bytes) -> None:
    assert b"\x00" in data[:8192] and len(data) % 2 == 0
    with pytest.raises(BinaryFile):
        decode(data, Path("x.bin"))


def test_cli_fixes_utf16_without_bom_keeping_codec_and_line_ends(tmp_path: Path) -> None:
    from cleantext import clean

    text = SEEDS.joinpath(sorted(p.name for p in SEEDS.glob("*.txt"))[0]).read_text("utf-8")
    files = {"le.txt": ("utf-16-le", "\r\n"), "be.txt": ("utf-16-be", "\n")}
    for name, (codec, newline) in files.items():
        (tmp_path / name).write_bytes(text.replace("\n", newline).encode(codec))
    image = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + _random_bytes(2000)
    (tmp_path / "image.txt").write_bytes(image)
    done = run_cli("-v", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    reported = {line.split()[1]: line.split("(")[1].split(";")[0]
                for line in done.stdout.decode().splitlines()}
    assert reported == {name: codec for name, (codec, _) in files.items()}
    for name, (codec, newline) in files.items():
        data = (tmp_path / name).read_bytes()
        assert not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        assert data == clean(text).replace("\n", newline).encode(codec) != text.encode(codec)
    assert (tmp_path / "image.txt").read_bytes() == image
    assert "image.txt: binary file; skipped" in done.stderr.decode()


def test_read_refuses_fifo_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(FileError, match=r"pipe.txt: not a regular file \(a FIFO\)"):
        read_file(fifo)
    with pytest.raises(FileError, match=r"missing.txt: cannot read: No such file"):
        read_file(tmp_path / "missing.txt")


def test_write_atomic_keeps_mode_and_writes_a_symlinks_target(tmp_path: Path) -> None:
    real = tmp_path / "real" / "a.txt"
    real.parent.mkdir()
    real.write_bytes(b"old\n")
    real.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    decoded, info = read_with_stat(link)
    write_atomic(link, encode(decoded, "new\n"), expect=info)
    assert link.is_symlink() and real.read_bytes() == b"new\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert not [p for p in real.parent.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_write_atomic_refuses_a_file_changed_or_deleted_since_read(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"old\n")
    _, info = read_with_stat(path)
    path.write_bytes(b"someone else's edit\n")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    with pytest.raises(FileError, match=r"a.txt: changed since it was read; not overwritten"):
        write_atomic(path, b"ours\n", expect=info)
    assert path.read_bytes() == b"someone else's edit\n"
    path.unlink()
    with pytest.raises(FileError, match=r"a.txt: deleted since it was read"):
        write_atomic(path, b"ours\n", expect=info)
    assert not path.exists() and not list(tmp_path.iterdir())


def test_write_failure_leaves_file_and_no_temp(tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"old\n")

    def full(fd: int, data: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("cleantext.fileio.os.write", full)
    with pytest.raises(FileError, match=r"a.txt: cannot write: No space left on device"):
        write_atomic(path, b"new\n")
    assert path.read_bytes() == b"old\n" and [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_write_where_no_temp_file_can_be_made(tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    # Tests run as root, whom a read-only folder does not stop: refuse the temp file instead.
    path = tmp_path / "a.txt"
    path.write_bytes(b"old\n")

    real_open = os.open

    def refuse(path: str, flags: int, mode: int = 0o777) -> int:
        if flags & os.O_CREAT:
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, mode)

    monkeypatch.setattr("cleantext.fileio.os.open", refuse)
    with pytest.raises(FileError, match=f"a.txt: cannot write a temporary file in {tmp_path}: "
                                        "Permission denied"):
        write_atomic(path, b"new\n")
    assert path.read_bytes() == b"old\n"


def test_write_atomic_skips_temporary_names_already_taken(
        tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    """Temporary files are named by process and number: a name taken (a file left by a dead
    process whose id came back) is passed over and left alone."""
    path = tmp_path / "a.txt"
    path.write_bytes(b"old\n")
    monkeypatch.setattr(fileio, "_TEMPORARY", iter(range(100)))
    taken = [tmp_path / f"{TEMP_PREFIX}{os.getpid()}-{number}" for number in range(3)]
    for temp in taken:
        temp.write_bytes(b"someone else's\n")
    write_atomic(path, b"new\n", expect=os.stat(path))
    assert path.read_bytes() == b"new\n"
    assert sorted(tmp_path.iterdir()) == sorted([path, *taken])
    assert {temp.read_bytes() for temp in taken} == {b"someone else's\n"}


def test_atomic_writes_sharing_folders_write_each_real_file(tmp_path: Path) -> None:
    """A run's writes share what they learnt of its folders (`folders`): each file is
    written where it really is, through a symlinked folder, as a symlink's target or new."""
    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "folder-link").symlink_to(real)
    target = tmp_path / "elsewhere" / "t.txt"
    for path in (real / "a.txt", real / "b.txt", target, real / "sub" / "c.txt"):
        path.write_bytes(b"old\n")
    (real / "link.txt").symlink_to(target)
    through = tmp_path / "folder-link"
    folders: dict[str, str] = {}
    for name in ("a.txt", "link.txt", "b.txt", "sub/c.txt", "sub/../new.txt"):
        path = through / name
        info = os.stat(path) if path.exists() else None
        write = AtomicWrite(path, f"{name}\n".encode(), info, folders)
        write.sync()
        write.finish()
    assert (real / "link.txt").is_symlink() and target.read_bytes() == b"link.txt\n"
    assert [(real / name).read_bytes() for name in ("a.txt", "b.txt", "sub/c.txt", "new.txt")] \
        == [b"a.txt\n", b"b.txt\n", b"sub/c.txt\n", b"sub/../new.txt\n"]
    assert folders[str(through)] == str(real)
    assert not list(tmp_path.rglob(f"{TEMP_PREFIX}*"))


def _syncs(kind: str) -> runner._Syncs:
    if kind == "python":
        return runner._Writers()
    syncer = native.core_class("Syncer")
    if syncer is None:
        pytest.skip("the native core does not run")
    return runner._NativeSyncs(syncer(2))


@pytest.mark.parametrize("kind", ["python", "native"])
def test_syncs_sync_each_file_and_a_failed_sync_leaves_its_file(tmp_path: Path,
                                                                  kind: str) -> None:
    """The threads that sync written files, Python's and the native core's: each file is
    synced before its rename; one whose sync fails (here a pipe's, which cannot be) stays
    as it was, its error naming it."""
    syncs = _syncs(kind)
    paths = [tmp_path / f"{number}.txt" for number in range(7)]
    for path in paths:
        path.write_bytes(b"old\n")
    writes = [AtomicWrite(path, b"new\n", os.stat(path)) for path in paths]
    pipe, other_end = os.pipe()
    os.close(writes[3].fd)  # its temporary file stays empty: it is not renamed
    writes[3].fd = pipe
    started = [syncs.start(write) for write in writes]
    for sync in started:
        sync.wait()
        assert sync.done()
    syncs.close()
    for number, write in enumerate(writes):
        if number == 3:
            with pytest.raises(FileError, match=r"3.txt: cannot write: Invalid argument"):
                write.finish()
        else:
            write.finish()
    os.close(other_end)
    assert [path.read_bytes() for path in paths] == [b"new\n"] * 3 + [b"old\n"] + [b"new\n"] * 3
    assert not list(tmp_path.glob(f"{TEMP_PREFIX}*"))


def test_native_syncer_keeps_an_answer_until_it_is_forgotten(tmp_path: Path) -> None:
    """A wait cut short (Ctrl-C just after the core answered) asks again and gets the same
    answer; a pipe cannot be synced (EINVAL)."""
    syncer_class = native.core_class("Syncer")
    if syncer_class is None:
        pytest.skip("the native core does not run")
    syncer = syncer_class(2)
    pipe, other_end = os.pipe()
    with open(tmp_path / "a.txt", "wb") as file:
        file.write(b"text\n")
        tickets = [syncer.submit(file.fileno()), syncer.submit(pipe)]
        answers = [syncer.wait(ticket, 10.0) for ticket in tickets]
        assert answers == [0, errno.EINVAL]
        assert [syncer.wait(ticket, 10.0) for ticket in tickets] == answers
        assert all(syncer.done(ticket) for ticket in tickets)
        syncer.forget(tickets[0])
        assert not syncer.done(tickets[0]) and syncer.wait(tickets[0], 0.01) is None
    syncer.close()
    os.close(pipe)
    os.close(other_end)


def test_write_atomic_under_a_file_posing_as_a_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    with pytest.raises(FileError, match=r"blocker/a.txt: cannot write: Not a directory"):
        write_atomic(blocker / "a.txt", b"new\n")


def test_remove_stale_temps_only_of_dead_processes(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = tmp_path / f"{TEMP_PREFIX}{dead}-abc"
    live = tmp_path / f"{TEMP_PREFIX}{os.getpid()}-def"
    stale.write_text("half")
    live.write_text("in use")
    assert remove_stale_temps(tmp_path) == [stale]
    assert live.exists() and not stale.exists()
    # a run stopped by Ctrl-C removes its own too (one it made but had not taken charge of)
    other = tmp_path / f"{TEMP_PREFIX}{os.getppid()}-ghi"
    other.write_text("another live process's")
    assert remove_stale_temps(tmp_path, ours=True) == [live]
    assert other.exists()


def test_decoded_is_the_documented_shape() -> None:
    decoded = Decoded("甲\n", "gbk", False, "\r\n")
    assert encode(decoded, "乙\n") == "乙\r\n".encode("gbk")


@pytest.mark.parametrize(
    ("patterns", "path", "matched"),
    [
        (["*.txt"], "a/b/c.txt", True),
        (["*.txt"], "a/b/c.md", False),
        (["drafts/**"], "book/drafts/x/ch1.txt", True),
        (["drafts/"], "drafts/ch1.txt", True),
        (["drafts"], "drafts/ch1.txt", True),
        (["ch?.txt"], "ch1.txt", True),
        (["ch[!1].txt"], "ch1.txt", False),
        (["notes/*.txt"], "x/notes/a.txt", True),
        (["notes/*.txt"], "notes/sub/a.txt", False),
        ([], "a.txt", False),
    ],
)
def test_globs(patterns: list[str], path: str, matched: bool) -> None:
    assert Globs(patterns).match(path) is matched


def _tree(root: Path, files: list[str]) -> None:
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x\n")


def test_collect_with_include_exclude_hidden(tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path, ["b.txt", "a.txt", "c.md", "sub/d.txt", "drafts/e.txt", ".hidden/f.txt",
                     ".g.txt", f"{TEMP_PREFIX}1-x.txt"])
    (tmp_path / "fifo.txt").parent.mkdir(exist_ok=True)
    os.mkfifo(tmp_path / "fifo.txt")
    found = collect(["."], ["*.txt"], ["drafts/**"], gitignore=False)
    assert [str(p) for p in found] == ["a.txt", "b.txt", "sub/d.txt"]
    found = collect(["."], ["*.txt", "*.md"], [], hidden=True, gitignore=False)
    assert [str(p) for p in found] == [".g.txt", ".hidden/f.txt", "a.txt", "b.txt", "c.md",
                                       "drafts/e.txt", "sub/d.txt"]
    # a file named explicitly is taken whatever include says, once, unless excluded
    found = collect(["c.md", "./c.md", "drafts/e.txt"], ["*.txt"], ["drafts/"], gitignore=False)
    assert [str(p) for p in found] == ["c.md"]


def test_collect_skips_gitignored_unless_asked(tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    subprocess.run(["git", "init", "-q"], check=True)
    (tmp_path / ".gitignore").write_text("build/\nskip.txt\n!keep.txt\n*.tmp.txt\n")
    _tree(tmp_path, ["a.txt", "skip.txt", "keep.txt", "build/b.txt", "sub/c.tmp.txt", "sub/d.txt"])
    found = collect(["."], ["*.txt"], [])
    assert [str(p) for p in found] == ["a.txt", "keep.txt", "sub/d.txt"]
    found = collect(["."], ["*.txt"], [], gitignore=False)
    assert len(found) == 6
    assert [str(p) for p in collect(["skip.txt"], ["*.txt"], [])] == ["skip.txt"]


def _seed_lines() -> list[str]:
    """The lines of the seeds that have Chinese in them."""
    lines = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines += [line for line in path.read_text("utf-8").splitlines() if len(line) > 10]
    return lines


@pytest.mark.parametrize("data, readings", [
    (bytes.fromhex("b6dd2cbdd00a"), ("gbk", "big5")),  # the example: 遁,叫 or 嗜,請
    ("問,請\n".encode("big5"), ("gbk", "big5")),  # 拜,叫 in GBK
    ("中文\n".encode("gbk"), ("gbk", "big5")),
])
def test_a_short_file_that_reads_as_gbk_and_as_big5_is_refused(
        tmp_path: Path, data: bytes, readings: tuple[str, ...]) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes(data)
    with pytest.raises(FileError) as error:
        read_file(path)
    message = str(error.value)
    assert message.startswith(f"{path}: the encoding is ambiguous")
    assert all(f"--encoding {codec}" in message for codec in readings)
    done = run_cli(path)
    assert done.returncode == 3 and path.read_bytes() == data
    assert done.stderr.decode().count(str(path)) == 1 and "ambiguous" in done.stderr.decode()


def test_encoding_settles_an_ambiguous_file(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes("問,請\n".encode("big5"))
    done = run_cli("--encoding", "big5", path)
    assert done.returncode == 0, done.stderr
    assert path.read_bytes().decode("big5") == "問，請\n"


@pytest.mark.parametrize("size", [60, 120, 300, 1000, 4000])
def test_real_gbk_and_big5_text_is_read_in_its_own_encoding(size: int) -> None:
    import opencc

    simplified = "\n".join(_seed_lines())
    to_traditional = opencc.OpenCC("s2t").convert
    traditional = "\n".join(line for line in map(to_traditional, _seed_lines())
                            if _encodes(line, "big5"))
    for text, codec in ((simplified, "gbk"), (traditional, "big5")):
        data = text.encode(codec)[:size]
        while True:  # whole characters only
            try:
                data.decode(codec)
                break
            except UnicodeDecodeError:
                data = data[:-1]
        assert decode(data).encoding == codec, (size, codec)


DEVCORPUS_TECH = SEEDS.parent.parent / "shared" / "devcorpus" / "tech" / "gold"


@pytest.mark.skipif(not DEVCORPUS_TECH.is_dir(), reason="the dev corpus is not beside the checkout")
def test_dev_corpus_gold_in_gbk_and_big5_is_read_right_from_a_hundred_bytes() -> None:
    """Passages 001–030 are Simplified (GBK), 031–040 Traditional (Big5), cut at several
    lengths: from 96 bytes on, every one is read in its own codec, none refused."""
    wrong = []
    for path in sorted(DEVCORPUS_TECH.glob("*.txt")):
        codec = "big5" if int(path.stem) > 30 else "gbk"
        data = path.read_text("utf-8").encode(codec, "replace")
        for size in (96, 200, 400, 1000, len(data)):
            piece = data[:size]
            while True:
                try:
                    piece.decode(codec)
                    break
                except UnicodeDecodeError:
                    piece = piece[:-1]
            try:
                got = decode(piece).encoding
            except FileError as error:
                got = str(error)
            if got != codec:
                wrong.append((path.name, size, got))
    assert wrong == []


def _encodes(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def test_real_folders_are_those_realpath_gives(tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    """The folders to sync and to search for stale temporary files: where each file really
    is, a symlinked file's and a symlinked folder's target folder among them."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "t.txt").write_text("x")
    (tmp_path / "a" / "link.txt").symlink_to(tmp_path / "elsewhere" / "t.txt")
    (tmp_path / "folder-link").symlink_to(tmp_path / "a" / "b")
    monkeypatch.chdir(tmp_path / "a")
    paths = ["x.txt", "b/y.txt", "link.txt", "../folder-link/z.txt", "b/../x.txt",
             str(tmp_path / "a" / "b" / "w.txt"), "missing/v.txt"]
    expected = list(dict.fromkeys(os.path.dirname(os.path.realpath(p)) for p in paths))
    assert real_folders(paths) == expected
    assert real_folders([Path(p) for p in paths]) == expected
