"""Read, decode, encode and atomically write text files, keeping their encoding and line ends.

A file is decoded to text with "\\n" line ends and no BOM; `encode` puts the
file's own codec, BOM and line end style back. Detection: a BOM first, then
strict UTF-8, and only then chardet, whose answer must be a Chinese legacy
codec (GBK, GB18030, Big5). Bytes that read wholly both as GBK and as Big5 are
read as the one whose characters are common Chinese ones while the other's are
clearly not (`_plausible`); a file too short to tell is refused, naming both
readings, until `--encoding` settles it. NUL bytes in the first 8 KB or an image signature
make a file `BinaryFile`, unless it is UTF-16 or UTF-32 by BOM or `encoding`,
or reads as UTF-16 without a BOM (`utf16_without_bom`), which is written back
without one.

`write_atomic` writes a temporary file next to the target (named
`.cleantext-tmp-<pid>-…`), fsyncs it and renames it over the target, so a
file is always wholly old or wholly new; symlinks are followed and their
target is written.

>>> decoded = decode("第一行\\r\\n第二行\\r\\n".encode("gbk"))
>>> decoded.encoding, decoded.newline, decoded.text
('gbk', '\\r\\n', '第一行\\n第二行\\n')
>>> encode(decoded, "第一行。\\n").decode("gbk")
'第一行。\\r\\n'
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import itertools
import os
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from . import native

TEMP_PREFIX = ".cleantext-tmp-"
#: How much of a file's start is searched for NUL bytes and image signatures.
SNIFF = 8192

BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
BOM_OF = {name: bom for bom, name in BOMS}

#: chardet's answer (lower case) → the codecs to try, narrowest first, so a GBK file stays GBK.
LEGACY = {
    "gb2312": ("gbk", "gb18030"),
    "gbk": ("gbk", "gb18030"),
    "gb18030": ("gbk", "gb18030"),
    "big5": ("big5", "cp950", "big5hkscs"),
    "cp950": ("cp950", "big5hkscs"),
    "big5hkscs": ("big5hkscs",),
}

#: Starts of images and other binary formats, for when no NUL byte gives them away early.
SIGNATURES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"%PDF-", b"PK\x03\x04",
              b"\x1f\x8b")


@dataclass(frozen=True)
class Decoded:
    """A decoded file: its text and what is needed to write it back the same way."""

    text: str  # "\n" line ends, no BOM
    encoding: str  # codec used, e.g. "utf-8", "gbk", "gb18030", "big5", "utf-16-le"
    bom: bool
    newline: str  # "\n", "\r\n" or "\r"
    path: Path | None = None  # named in errors from `encode`


class FileError(Exception):
    """A file that cannot be read, decoded, encoded or written; `str()` is one line naming it."""

    def __init__(self, path: Path | str | None, message: str) -> None:
        super().__init__(f"{path}: {message}" if path is not None else message)
        self.path = path


class BinaryFile(FileError):
    """A binary file: skipped, never written. Not an error."""


def read_file(path: Path, encoding: str | None = None) -> Decoded:
    """Read and decode `path` (detecting the encoding unless one is given)."""
    return read_with_stat(path, encoding)[0]


def read_with_stat(path: Path, encoding: str | None = None) -> tuple[Decoded, os.stat_result]:
    """`read_file`, plus the file's stat taken before reading: pass it to `write_atomic`."""
    data, info = read_bytes(path)
    return decode(data, path, encoding), info


def check_readable(path: Path) -> None:
    """Raise the FileError `read_bytes` would for a file it cannot open, or not a regular
    file, without reading it."""
    os.close(_open_regular(path)[0])


def _open_regular(path: Path) -> tuple[int, os.stat_result]:
    """A file descriptor open on a regular file, and its stat (without blocking on a FIFO)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise FileError(path, f"cannot read: {error.strerror}") from None
    try:
        info = os.fstat(fd)
    except OSError as error:
        os.close(fd)
        raise FileError(path, f"cannot read: {error.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise FileError(path, f"not a regular file ({_kind(info.st_mode)}); skipped")
    return fd, info


def read_bytes(path: Path) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file and its stat; FIFOs and devices are refused without blocking."""
    fd, info = _open_regular(path)
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks), info
    except OSError as error:
        raise FileError(path, f"cannot read: {error.strerror}") from None
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def decode(data: bytes, path: Path | None = None, encoding: str | None = None) -> Decoded:
    """Decode a file's bytes; `encoding` forces a codec (a matching BOM is still recognised)."""
    codec, bom = _bom(data)
    if encoding is not None:
        forced = codec_name(encoding)
        if codec is None or _family(codec) != _family(forced):
            codec, bom = forced, False
    if codec is None or _family(codec) not in ("utf-16", "utf-32"):  # where NUL bytes are text
        if data.startswith(SIGNATURES):
            raise BinaryFile(path, "binary file; skipped")
        if data.find(b"\x00", 0, SNIFF) >= 0:
            utf16 = utf16_without_bom(data) if codec is None else None
            if utf16 is None:
                raise BinaryFile(path, "binary file; skipped")
            return _finish(utf16[1], utf16[0], False, path)
    if codec is not None:
        return _finish(_strict(data, codec, bom, path), codec, bom, path)
    try:
        return _finish(data.decode("utf-8"), "utf-8", False, path)
    except UnicodeDecodeError as error:
        utf8_error = error
    import chardet

    guess = (chardet.detect(data)["encoding"] or "").lower()
    candidates = LEGACY.get(guess)
    readings = _readings(data)
    if candidates is None:
        bad = utf8_error.start
        also = "".join(f", reads as {codec} too" for _, codec in readings)
        raise FileError(path, f"cannot decode: not UTF-8 (invalid byte 0x{data[bad]:02x} at "
                              f"{_where(data, bad)}) nor GBK/GB18030/Big5 (chardet guesses "
                              f"{guess or 'nothing'}{also}); use --encoding")
    if len(readings) > 1:
        return _finish(*_plausible(readings, path), False, path)
    if readings:  # the one family that reads it, whichever chardet named
        return _finish(*readings[0], False, path)
    return _finish(_strict(data, candidates[-1], False, path), candidates[-1], False, path)


#: The Chinese legacy codecs, narrowest first, by family: Simplified, then Traditional.
FAMILIES = (("gbk", "gb18030"), ("big5", "cp950", "big5hkscs"))
#: A reading wins when the other has at least this many more uncommon characters…
MARGIN = 3
#: … and at least this share of its own characters beyond ASCII are common.
COMMON_SHARE = 0.8
#: Characters of a reading that are scored: enough to tell, however long the file.
SCORED = 1 << 16


def _readings(data: bytes) -> list[tuple[str, str]]:
    """(text, codec) for each family of `FAMILIES` that decodes `data` wholly, in its
    narrowest codec that does."""
    readings = []
    for family in FAMILIES:
        for codec in family:
            try:
                readings.append((data.decode(codec), codec))
                break
            except UnicodeDecodeError:
                continue
    return readings


def _plausible(readings: list[tuple[str, str]], path: Path | None) -> tuple[str, str]:
    """The reading whose characters beyond ASCII are common ones (`_common`) when the other
    has clearly more that are not; else FileError naming both: a short file that reads as
    GBK and as Big5 cannot be told apart, and guessing would write it back garbled.

    >>> readings = _readings("反腐倡廉从身边做起——领导干部要管好亲属".encode("gbk"))
    >>> [codec for _, codec in readings], _plausible(readings, None)[1]
    (['gbk', 'big5'], 'gbk')
    >>> _plausible(_readings(bytes.fromhex("b6dd2cbdd00a")), None)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cleantext.fileio.FileError: the encoding is ambiguous: ...('遁,叫') and as big5 ('嗜,請')...
    """
    scored = []
    for text, codec in readings:
        wide = [char for char in text[:SCORED] if char > "\x7f" and not char.isspace()]
        uncommon = sum(1 for char in wide if not _common(char))
        scored.append((uncommon, len(wide), text, codec))
    scored.sort(key=lambda row: row[0])
    (best, size, text, codec), runner_up = scored[0], scored[1]
    if runner_up[0] - best >= MARGIN and size - best >= COMMON_SHARE * size:
        return text, codec
    samples = " and as ".join(f"{codec} ({_sample(text)!r})" for text, codec in readings)
    raise FileError(path, f"the encoding is ambiguous: the bytes read as {samples}; use "
                          f"{' or '.join(f'--encoding {codec}' for _, codec in readings)}")


def _sample(text: str) -> str:
    """The start of a reading, from its first character beyond ASCII."""
    start = next((at for at, char in enumerate(text) if char > "\x7f"), 0)
    return text[start : start + 8].split("\n")[0]


@lru_cache(maxsize=1 << 15)
def _common(char: str) -> bool:
    """Whether `char` is a common character or mark of Chinese text: in GB2312's marks and
    level-1 characters (the 3,755 most used Simplified ones) or Big5's marks and level-1
    characters (the 5,401 most used Traditional ones).

    >>> _common("的"), _common("們"), _common("，"), _common("ㄛ"), _common("ぁ")
    (True, True, True, False, False)
    """
    try:
        code = int.from_bytes(char.encode("gb2312"), "big")
        if 0xA1A1 <= code <= 0xA3FE or 0xB0A1 <= code <= 0xD7FE:
            return True
    except UnicodeEncodeError:
        pass
    try:
        code = int.from_bytes(char.encode("big5"), "big")
        return 0xA140 <= code <= 0xA3BF and code not in range(0xA374, 0xA3BF) \
            or 0xA440 <= code <= 0xC67E
    except UnicodeEncodeError:
        return False


def utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """(codec, text) if `data` is UTF-16 text without a BOM, else None.

    The NUL bytes of the start must be the high bytes of ASCII characters
    (`_utf16_order`), the whole must decode strictly and without a NUL
    character, and its start must read as text (`_reads_as_text`).

    >>> utf16_without_bom("第一行\\r\\n第二行\\r\\n".encode("utf-16-be"))
    ('utf-16-be', '第一行\\r\\n第二行\\r\\n')
    >>> utf16_without_bom(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR") is None
    True
    """
    codec = _utf16_order(data[:SNIFF]) if len(data) % 2 == 0 else None
    if codec is None:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if "\x00" in text or not _reads_as_text(text[: SNIFF // 2]):
        return None
    return codec, text


def _reads_as_text(sample: str) -> bool:
    """Whether a decoded start reads as text rather than bytes taken two by two.

    Under 1 in 20 characters may be controls (but line ends and tabs),
    private-use or unassigned, and at most 3 in 5 of those past U+00FF may be
    two printable ASCII bytes: ASCII read as UTF-16 is all such (`ab` is `慢`
    big-endian), Chinese about 1 in 4.
    """
    strange = sum(1 for char in sample if char not in "\t\n\r\f"
                  and unicodedata.category(char) in ("Cc", "Co", "Cn"))
    wide = [ord(char) for char in sample if char > "\xff"]
    paired = sum(1 for code in wide if 0x20 <= code >> 8 <= 0x7E and 0x20 <= code & 0xFF <= 0x7E)
    return strange * 20 < len(sample) and paired * 5 <= len(wide) * 3


def _utf16_order(head: bytes) -> str | None:
    """The UTF-16 byte order whose ASCII characters explain the NUL bytes of `head`, if one does.

    They must be at least four and one unit in 64, and four times as many as
    the NULs at the other parity that are not the low byte of a Han ideograph
    (`一` is U+4E00).
    """
    nuls = [at for at, byte in enumerate(head) if not byte]
    for codec, parity, high in (("utf-16-le", 1, 1), ("utf-16-be", 0, -1)):
        ascii_high = sum(1 for at in nuls if at % 2 == parity)
        stray = sum(1 for at in nuls if at % 2 != parity and not 0x34 <= head[at + high] <= 0x9F)
        if ascii_high >= max(4, len(head) // 128) and stray * 4 <= ascii_high:
            return codec
    return None


def codec_name(encoding: str) -> str:
    """The codec to use for an encoding name; LookupError if it is not a text encoding.

    >>> codec_name("UTF8"), codec_name("utf-8-sig"), codec_name("utf16"), codec_name("GB2312")
    ('utf-8', 'utf-8', 'utf-16-le', 'gb2312')
    """
    name = codecs.lookup(encoding).name
    "".encode(name)  # LookupError for codecs that are not text encodings, such as base64
    # the BOM decides, so a codec that reads or writes one by itself is pinned down here
    return {"utf-8-sig": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}.get(name, name)


def _family(codec: str) -> str:
    return codec.removesuffix("-le").removesuffix("-be")


def _bom(data: bytes) -> tuple[str | None, bool]:
    for bom, name in BOMS:
        if data.startswith(bom):
            return name, True
    return None, False


def _strict(data: bytes, codec: str, bom: bool, path: Path | None) -> str:
    body = data[len(BOM_OF[codec]) :] if bom else data
    try:
        return body.decode(codec)
    except UnicodeDecodeError as error:
        start = error.start + (len(data) - len(body))
        raise FileError(path, f"cannot decode as {codec}: invalid byte 0x{data[start]:02x} at "
                              f"{_where(data, start)}") from None


def _where(data: bytes, offset: int) -> str:
    """'line L, byte B' for a byte offset, counting LF bytes (right for ASCII-compatible codecs)."""
    line = data.count(b"\n", 0, offset) + 1
    return f"line {line}, byte {offset}"


def _finish(text: str, codec: str, bom: bool, path: Path | None) -> Decoded:
    cr = text.find("\r")
    if cr < 0:  # "\n" line ends (or none): the text as it is, looked through once
        return Decoded(text, codec, bom, "\n", path)
    newline = _newline(text, cr)
    return Decoded(text.replace("\r\n", "\n").replace("\r", "\n"), codec, bom, newline, path)


def _newline(text: str, cr: int) -> str:
    """The style of the first line end of a text whose first "\\r" is at `cr`: "\\r\\n",
    "\\r", or "\\n" when a "\\n" comes before it."""
    if text.find("\n", 0, cr) >= 0:
        return "\n"
    return "\r\n" if text.startswith("\n", cr + 1) else "\r"


def encode(decoded: Decoded, text: str, to_utf8: bool = False) -> bytes:
    """`text` ("\\n" ends) in the file's codec, line end style and BOM; FileError if unencodable."""
    codec = "utf-8" if to_utf8 else decoded.encoding
    if decoded.newline != "\n":
        text = text.replace("\n", decoded.newline)
    try:
        body = text.encode(codec)
    except UnicodeEncodeError as error:
        char = error.object[error.start]
        line = error.object.count(decoded.newline, 0, error.start) + 1
        raise FileError(decoded.path, f"cannot encode {char!r} (U+{ord(char):04X}) on line {line} "
                                      f"as {codec}; file left as it was (try --to-utf8)") from None
    return (BOM_OF[codec] if decoded.bom else b"") + body


class StreamText:
    """A binary stream (stdin) read as text (UTF-8 unless `codec` says otherwise) a piece at
    a time, a leading BOM dropped and line ends made "\\n" as `decode` makes them.

    Unlike a `TextIOWrapper`, a decoding error names the line and the byte from the
    start of the stream, whatever the piece it fell in:

    >>> import io
    >>> StreamText(io.BytesIO(b"ab\\n\\xe4\\xb8\\xad\\xff"), "<stdin>").read(100)
    Traceback (most recent call last):
    ...
    cleantext.fileio.FileError: <stdin>: cannot decode as utf-8: invalid byte 0xff at line 2, byte 6
    """

    def __init__(self, raw: BinaryIO, name: str, codec: str = "utf-8") -> None:
        self.raw = raw
        self.name = name
        self.codec = codec
        self.bom = BOM_OF.get(codec, b"")
        self.utf8 = codecs.getincrementaldecoder(codec)("strict")
        self.decoder = io.IncrementalNewlineDecoder(self.utf8, translate=True)
        self.fed = 0  # bytes given to the decoder so far
        self.lines = 0  # LF bytes among them
        self.started = False

    def read(self, size: int = -1) -> str:
        """Up to about `size` characters (all if `size` < 0); "" only at the end of the stream.

        It reads `size` bytes at a time: how the text comes in pieces decides where the
        slicer cuts it, and so (a layout rule decides paragraphs slice by slice) what
        comes out.
        """
        while True:
            data = self.raw.read(size if size > 0 else -1)
            final = not data or size < 0
            if not self.started:
                self.started = True
                if self.bom and data.startswith(self.bom):
                    data, self.fed = data[len(self.bom) :], len(self.bom)
            pending = self.utf8.getstate()[0]
            try:
                if b"\r" in data or self.decoder.getstate()[1] & 1:  # a CR, or one pending
                    text = self.decoder.decode(data, final=final)
                else:  # no line end to translate: the codec alone, a pass less over the text
                    text = self.utf8.decode(data, final)
            except UnicodeDecodeError as error:
                seen = pending + data
                offset = self.fed - len(pending) + error.start
                line = self.lines + seen.count(b"\n", 0, error.start) + 1
                byte = seen[error.start]
                raise FileError(self.name, f"cannot decode as {self.codec}: invalid byte "
                                           f"0x{byte:02x} at line {line}, byte {offset}") from None
            self.fed += len(data)
            self.lines += line_ends(data)
            if text or final:
                return text


def line_ends(data: bytes) -> int:
    """How many LF bytes `data` holds: counted by the native core when it is installed
    (`bytes.count` goes a byte at a time).

    >>> line_ends(b"a\\nb\\r\\n\\n")
    3
    """
    count = native.core_class("count_byte")
    return data.count(b"\n") if count is None else int(count(data, 10))


def same_file(a: os.stat_result, b: os.stat_result) -> bool:
    """Whether two stats look like the same, unmodified file."""
    def key(info: os.stat_result) -> tuple[int, int, int, int]:
        return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns

    return key(a) == key(b)


def write_atomic(path: Path, data: bytes, expect: os.stat_result | None = None,
                 sync_folder: bool = True) -> None:
    """Replace the file (a symlink's target) with `data` atomically, keeping its permission
    bits, owner (where allowed) and extended attributes (ACLs among them).

    With `expect` (the stat taken when the file was read), a file that has
    changed or gone since is not overwritten. The new file's data is synced before the
    rename; the rename is made durable by syncing the folder, unless the caller does that
    itself for many files at once (`sync_folder=False`, then `sync_folders`).
    """
    write = AtomicWrite(path, data, expect)
    write.sync()
    write.finish()
    if sync_folder:
        _sync_folder(Path(write.folder))


class AtomicWrite:
    """`write_atomic` in steps, for a caller that waits for the disk in another thread:
    made, it has written the temporary file; `sync()` waits until its data is on the disk
    (the slow step, which holds no lock Python needs); `finish()` renames it over the
    target; `abandon()` removes it instead. Each step raises `FileError` naming the file."""

    def __init__(self, path: Path, data: bytes, expect: os.stat_result | None = None,
                 folders: dict[str, str] | None = None) -> None:
        """`folders` (a dict the caller keeps for a run of writes) remembers the real path of
        each folder met, so that a folder of many files is resolved once (`_resolve`)."""
        self.path, self.expect = path, expect
        self.error: OSError | None = None  # from `sync`, raised by `finish`
        try:
            self.target, current = _resolve(os.fspath(path), {} if folders is None else folders)
        except OSError as error:
            raise FileError(path, f"cannot write: {error.strerror}") from None
        _check_unchanged(path, current, expect)
        if current is not None and not stat.S_ISREG(current.st_mode):
            raise FileError(path, f"not a regular file ({_kind(current.st_mode)}); not written")
        self.folder = os.path.dirname(self.target)
        try:
            self.fd, self.temp = _temporary(self.folder)
        except OSError as error:
            raise FileError(path, f"cannot write a temporary file in {self.folder}: "
                                  f"{error.strerror}") from None
        with self._cleaned_up():
            _fill(self.fd, data, current)
            if current is not None:
                _copy_xattrs(self.target, self.fd)

    def sync(self) -> None:
        """Wait until the temporary file's data is on the disk."""
        try:
            os.fsync(self.fd)
        except OSError as error:
            self.error = error

    def synced(self, errno: int) -> None:
        """Take the result of a sync made elsewhere (`sync`, by a thread of the native core):
        0, or the `errno` it failed with, which `finish` raises."""
        if errno:
            self.error = OSError(errno, os.strerror(errno))

    def finish(self) -> None:
        """Rename the synced temporary file over the target, unless it changed since read."""
        with self._cleaned_up():
            os.close(self.fd)
            self.fd = -1
            if self.error is not None:
                raise self.error
            try:
                now: os.stat_result | None = os.stat(self.target)
            except FileNotFoundError:
                now = None
            _check_unchanged(self.path, now, self.expect)
            os.replace(self.temp, self.target)

    def abandon(self) -> None:
        """Leave the target as it was: remove the temporary file."""
        if self.fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = -1
        _unlink(self.temp)

    @contextlib.contextmanager
    def _cleaned_up(self) -> Iterator[None]:
        """On any error, remove the temporary file; an OSError becomes a `FileError`."""
        try:
            yield
        except OSError as error:
            self.abandon()
            raise FileError(self.path, f"cannot write: {error.strerror}") from None
        except BaseException:
            self.abandon()
            raise


def _resolve(path: str, folders: dict[str, str]) -> tuple[str, os.stat_result | None]:
    """The file `path` resolves to (`os.path.realpath`) and its stat (None: no such file).

    One `lstat` says whether `path` is a symbolic link: if not, it is the file's stat, and
    its folder's real path is looked up in `folders` (or found, and kept there). Every
    folder a file resolves to is among the values of `folders` then.
    """
    try:
        info: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        info = None
    head, name = os.path.split(path)
    if (info is not None and stat.S_ISLNK(info.st_mode)) or name in ("", ".", ".."):
        target = os.path.realpath(path)
        real = os.path.dirname(target)
        folders.setdefault(real, real)  # a real folder is its own real path
        try:
            return target, os.stat(target)
        except FileNotFoundError:
            return target, None
    folder = folders.get(head)
    if folder is None:
        folder = folders[head] = os.path.realpath(head)
    return os.path.join(folder, name), info


#: Numbers for the temporary files a process makes (its id is in their names too).
_TEMPORARY = itertools.count()
#: How many names `_temporary` tries before giving up.
TEMPORARY_TRIES = 10000


def _temporary(folder: str) -> tuple[int, str]:
    """A new, empty file in `folder` only this process can read (fd, path), named
    `.cleantext-tmp-<pid>-<number>` (`tempfile.mkstemp` without its random names: the next
    name is tried where one is taken)."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
    prefix = os.path.join(folder, f"{TEMP_PREFIX}{os.getpid()}-")
    for _ in range(TEMPORARY_TRIES):
        temp = f"{prefix}{next(_TEMPORARY)}"
        try:
            return os.open(temp, flags, 0o600), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no temporary file name left")


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def sync_folders(paths: Iterable[str]) -> None:
    """Make the renames of files written with `sync_folder=False` durable: each folder
    (of the file a path resolves to) synced once."""
    for folder in real_folders(paths):
        _sync_folder(Path(folder))


def real_folders(paths: Iterable[str | Path]) -> list[str]:
    """The folders of the files `paths` resolve to (`dirname(realpath(path))`), each once,
    in order: a folder is resolved once for all its files, a file whole only when it is a
    symbolic link (`realpath` looks at every part of every path).

    >>> real_folders(["/a", "/b", "/c/../d"])
    ['/']
    """
    resolved: dict[str, str] = {}
    found: dict[str, None] = {}
    for path in paths:
        head, name = os.path.split(path)
        if name in ("", ".", "..") or os.path.islink(path):
            found[os.path.dirname(os.path.realpath(path))] = None
            continue
        if head not in resolved:
            resolved[head] = os.path.realpath(head)
        found[resolved[head]] = None
    return list(found)


def _check_unchanged(path: Path, current: os.stat_result | None,
                     expect: os.stat_result | None) -> None:
    if expect is None:
        return
    if current is None:
        raise FileError(path, "deleted since it was read; not written")
    if not same_file(current, expect):
        raise FileError(path, "changed since it was read; not overwritten")


def _fill(fd: int, data: bytes, current: os.stat_result | None) -> None:
    """Write all of `data`, copy the old file's mode (and owner, where allowed)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    if current is not None:
        os.fchmod(fd, stat.S_IMODE(current.st_mode))
        with contextlib.suppress(OSError):  # only root may give a file away
            os.fchown(fd, current.st_uid, current.st_gid)
    else:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)


#: Extended attributes that must be kept (the rest, such as security labels, the system sets).
KEPT_XATTRS = ("user.", "system.posix_acl_")


def _copy_xattrs(source: str, fd: int) -> None:
    """Give the new file the old one's extended attributes, its ACLs among them."""
    try:
        names = os.listxattr(source)
    except (OSError, AttributeError):  # not supported here (or not on Linux)
        return
    for name in names:
        try:
            os.setxattr(fd, name, os.getxattr(source, name))
        except OSError as error:
            if name.startswith(KEPT_XATTRS):
                raise OSError(error.errno, f"cannot keep extended attribute {name}: "
                                           f"{error.strerror}") from None


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable; some file systems cannot fsync a folder, which is harmless."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temps(folder: Path, ours: bool = False) -> list[Path]:
    """Remove temporary files a killed run left in `folder` (those whose process is gone);
    with `ours`, this process's too (it was stopped, Ctrl-C, between making one and taking
    charge of it, and writes none any more)."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    own = f"{TEMP_PREFIX}{os.getpid()}-"
    for entry in entries:
        name = entry.name
        if not name.startswith(TEMP_PREFIX) or (
                _alive(name) and not (ours and name.startswith(own))):
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _alive(name: str) -> bool:
    """Whether the process that made temp file `name` still runs (so its file is in use)."""
    pid = name[len(TEMP_PREFIX) :].split("-", 1)[0]
    if not pid.isdigit() or int(pid) == 0:
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    try:  # a killed worker whose parent died too stays a zombie where nothing reaps orphans
        with open(f"/proc/{pid}/stat", "rb") as proc:
            return proc.read().rsplit(b")", 1)[-1].split()[0] not in (b"Z", b"X")
    except (OSError, IndexError):
        return True
