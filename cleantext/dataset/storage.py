"""Where dataset files live: local paths, or URLs (`s3://…`, `gs://…`, `memory://…`) through fsspec.

Every output file is written atomically: locally to a temporary file in the
same folder, fsynced, then renamed over the target; through fsspec to a
temporary name, then moved (object stores publish an object only when its
upload completes).

>>> is_url("s3://bucket/x.jsonl"), is_url("/data/x.jsonl")
(True, False)
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..fileio import TEMP_PREFIX, _sync_folder, _unlink


class DatasetError(Exception):
    """A file cannot be read or written; the message names it, on one line."""


def is_url(path: str) -> bool:
    """Whether `path` names a file through fsspec rather than the local file system."""
    return "://" in path and not path.startswith("file://")


def local(path: str) -> str:
    """A `file://` URL as a plain path."""
    return path.removeprefix("file://")


def filesystem(path: str) -> tuple[Any, str]:
    """The fsspec file system of a URL and the path inside it."""
    try:
        from fsspec.core import url_to_fs
    except ImportError:
        raise DatasetError(f"{path}: URLs need fsspec: pip install fsspec "
                           "(and the package for the storage, e.g. s3fs)") from None
    try:
        return url_to_fs(path)  # type: ignore[no-any-return]
    except (ImportError, ValueError) as error:
        raise DatasetError(f"{path}: {error}") from None


def join(folder: str, name: str) -> str:
    """`folder`/`name`, for paths and URLs alike (`name` is "/"-separated)."""
    if is_url(folder):
        return folder.rstrip("/") + "/" + name
    return os.path.join(local(folder), *name.split("/"))


def open_input(path: str) -> IO[bytes]:
    """The file opened for reading bytes."""
    try:
        if is_url(path):
            fs, inner = filesystem(path)
            return fs.open(inner, "rb")  # type: ignore[no-any-return]
        return open(local(path), "rb")
    except OSError as error:
        raise DatasetError(f"{path}: cannot read: {error.strerror or error}") from None


def identity(path: str) -> dict[str, Any]:
    """What tells a changed input from the one an output was made of: its size and mtime."""
    try:
        if is_url(path):
            fs, inner = filesystem(path)
            info = fs.info(inner)
            mtime = info.get("mtime") or info.get("LastModified") or info.get("created")
            return {"size": info.get("size"), "mtime": str(mtime) if mtime else None}
        stat = os.stat(local(path))
    except OSError as error:
        raise DatasetError(f"{path}: cannot read: {error.strerror or error}") from None
    return {"size": stat.st_size, "mtime": stat.st_mtime_ns}


def exists(path: str) -> bool:
    """Whether the file is there."""
    if is_url(path):
        fs, inner = filesystem(path)
        return bool(fs.exists(inner))
    return os.path.isfile(local(path))


def read_bytes(path: str) -> bytes | None:
    """A small file's bytes, or None when it cannot be read."""
    try:
        with open_input(path) as stream:
            return stream.read()
    except (DatasetError, OSError):
        return None


def remove(path: str) -> None:
    """Remove the file if it is there."""
    with contextlib.suppress(OSError):
        if is_url(path):
            fs, inner = filesystem(path)
            if fs.exists(inner):
                fs.rm(inner)
        else:
            os.unlink(local(path))


@contextlib.contextmanager
def atomic_output(path: str) -> Iterator[IO[bytes]]:
    """A binary file that replaces `path` only when the block ends without an error."""
    if is_url(path):
        yield from _remote_output(path)
        return
    target = local(path)
    folder = os.path.dirname(target) or "."
    try:
        os.makedirs(folder, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", dir=folder)
    except OSError as error:
        raise DatasetError(f"{path}: cannot write: {error.strerror}") from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as stream:
            yield stream
            if not stream.closed:
                stream.flush()
        _fsync(temp)
        os.replace(temp, target)
    except OSError as error:
        _unlink(temp)
        raise DatasetError(f"{path}: cannot write: {error.strerror or error}") from None
    except BaseException:
        _unlink(temp)
        raise
    _sync_folder(Path(folder))


def _remote_output(path: str) -> Iterator[IO[bytes]]:
    fs, inner = filesystem(path)
    folder, _, name = inner.rpartition("/")
    temp = f"{folder}/{TEMP_PREFIX}{uuid.uuid4().hex}-{name}" if folder else \
        f"{TEMP_PREFIX}{uuid.uuid4().hex}-{name}"
    try:
        with fs.open(temp, "wb") as stream:
            yield stream
        fs.mv(temp, inner)
    except BaseException:
        with contextlib.suppress(Exception):
            fs.rm(temp)
        raise


def _fsync(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: str, data: bytes) -> None:
    """Write a small file atomically."""
    with atomic_output(path) as stream:
        stream.write(data)
