"""Course archives: written byte for byte the same for the same inputs, read without trusting their paths.

Studio imports a ``.tar.gz`` holding one top-level folder with ``course.xml``; it refuses links,
absolute paths and ``..`` ("Unsafe tar file"), so reading applies the same rules before anything
else looks inside.
"""

import gzip
import hashlib
import io
import tarfile
from pathlib import Path, PurePosixPath

from .errors import PackError

TOP_FOLDER = "course"
FIXED_MTIME = 946684800  # 2000-01-01: a constant, so two builds of the same inputs are identical
MAX_MEMBERS = 20000
MAX_BYTES = 200 * 1024 * 1024


def tar_gz_bytes(files):
    """A reproducible ``.tar.gz`` of ``{relative path: bytes}`` under one top-level folder."""
    buffer = io.BytesIO()
    with (
        gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as zipped,
        tarfile.open(fileobj=zipped, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        folders = sorted({str(parent) for path in files for parent in PurePosixPath(path).parents} - {"."})
        for folder in [TOP_FOLDER] + [f"{TOP_FOLDER}/{folder}" for folder in folders]:
            tar.addfile(_info(folder, tarfile.DIRTYPE, 0o755, 0))
        for path in sorted(files):
            data = files[path]
            tar.addfile(_info(f"{TOP_FOLDER}/{path}", tarfile.REGTYPE, 0o644, len(data)), io.BytesIO(data))
    return buffer.getvalue()


def _info(name, kind, mode, size):
    info = tarfile.TarInfo(name)
    info.type, info.mode, info.size, info.mtime = kind, mode, size, FIXED_MTIME
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def write_atomically(path, data):
    """Write the whole file or nothing: a half-written archive must never look like a course."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.partial")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise PackError(f"cannot write {path}: {error.strerror}") from None
    return hashlib.sha256(data).hexdigest()


def read_course(path):
    """``{path below the course folder: bytes}`` of an archive or a folder, refusing what Studio refuses."""
    path = Path(path)
    if path.is_dir():
        return _read_folder(path)
    try:
        with tarfile.open(path, mode="r:*") as tar:
            return _read_members(tar, path)
    except (tarfile.TarError, OSError, EOFError) as error:
        raise PackError(f"not a readable .tar.gz archive ({error})", path) from None


def _read_members(tar, path):
    members = tar.getmembers()
    if len(members) > MAX_MEMBERS:
        raise PackError(f"more than {MAX_MEMBERS} files: not a course archive", path)
    tops = set()
    files = {}
    total = 0
    for member in members:
        name = PurePosixPath(member.name)
        if name.is_absolute() or ".." in name.parts or member.issym() or member.islnk() or member.isdev():
            raise PackError(f"unsafe entry '{member.name}': Studio refuses the whole archive", path)
        parts = [part for part in name.parts if part != "."]
        if not parts:
            continue
        tops.add(parts[0])
        if member.isfile():
            total += member.size
            if total > MAX_BYTES:
                raise PackError("larger than Studio's import limit", path)
            if len(parts) > 1:
                files["/".join(parts[1:])] = tar.extractfile(member).read()
            else:
                files[parts[0]] = b""
    if len(tops) != 1:
        raise PackError(f"the archive must hold exactly one top-level folder, not {len(tops)}", path)
    top = tops.pop()
    if top in files:
        raise PackError("the archive's top level must be a folder holding course.xml", path)
    return files


def _read_folder(folder):
    inner = [child for child in folder.iterdir() if not child.name.startswith(".")]
    if not (folder / "course.xml").exists() and len(inner) == 1 and inner[0].is_dir():
        folder = inner[0]
    files = {}
    for file in sorted(folder.rglob("*")):
        if file.is_symlink():
            raise PackError(f"unsafe link '{file}': Studio refuses links", folder)
        if file.is_file():
            files[file.relative_to(folder).as_posix()] = file.read_bytes()
    return files
