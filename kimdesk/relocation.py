"""Moving the data of kimdesk 0.1 once from its old folder to today's (Windows: from the roaming
%APPDATA% to the local %LOCALAPPDATA%; settings.json from the data to the config folder).

Safe by construction: nothing in the new folder is ever overwritten (then both stay, and the
user is told), a caseload is renamed together with its side files or copied, synced, compared
and only then removed from the old place, and a failure leaves the old files as they were.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TextIO

from kimdesk.app_settings import SETTINGS_FILE
from kimdesk.i18n import _
from kimdesk.lifecycle.backup import open_elsewhere
from kimdesk.paths import (
    CASELOAD_FILE,
    ensure_private_dir,
    legacy_data_dir,
    user_config_dir,
    user_data_dir,
)
from kimdesk.store.database import SIDE_FILES
from kimdesk.unlock_attempts import ATTEMPTS_FILE, carry_failed_unlocks

log = logging.getLogger(__name__)

CASELOAD_SUFFIX = ".kimdesk"
LOCK_SUFFIX = ".lock"
PARTIAL_SUFFIX = ".moving"
# Written into the old folder when something had to stay there: says where the data went,
# and stops the next start from reporting the same leftovers again.
NOTE_FILE = "kimdesk-moved.txt"


@dataclass(frozen=True)
class Relocation:
    """What one start moved; names are relative to the folders (kimdesk's own file names)."""

    old_dir: Path | None = None
    new_dir: Path | None = None
    moved: tuple[str, ...] = ()
    left: tuple[str, ...] = ()  # the new folder has a file of that name: both kept
    failed: tuple[str, ...] = ()  # moving failed: still in the old folder, tried next start
    busy: bool = False  # open in another kimdesk: nothing moved, tried next start
    reason: str = ""  # the system's words for the first failure

    @property
    def caseload_moved(self) -> bool:
        return CASELOAD_FILE in self.moved

    def message(self) -> str:
        """The German note for the user; empty when there is nothing worth saying (a moved
        settings file, or a caseload open in another window that says so itself)."""
        parts = []
        # A settings file (the language) is not worth a word, moved or left.
        data_moved = [name for name in self.moved if name != SETTINGS_FILE]
        data_left = [name for name in self.left if name != SETTINGS_FILE]
        if self.caseload_moved:
            parts.append(
                _(
                    "Your caseload was moved to {folder}. kimdesk now keeps its data in the "
                    "local folder of this computer, which a roaming profile does not copy to "
                    "a server."
                ).format(folder=self.new_dir)
            )
        elif data_moved:
            parts.append(_("kimdesk's data were moved to {folder}.").format(folder=self.new_dir))
        if data_left:
            parts.append(
                _(
                    "Some files stayed in {old}, because files of the same name already exist "
                    "in {new}: {names}. Nothing was overwritten; kimdesk uses the files in "
                    "{new}. Please check which caseload is the current one."
                ).format(old=self.old_dir, new=self.new_dir, names=", ".join(data_left))
            )
        if self.failed:
            parts.append(
                _(
                    "kimdesk could not move its data from {old} to {new} ({reason}). The files "
                    "stay where they are and are used from there; kimdesk tries again at the "
                    "next start."
                ).format(old=self.old_dir, new=self.new_dir, reason=self.reason)
            )
        return "\n\n".join(parts)


@dataclass(frozen=True)
class _Group:
    """One file, or a caseload with its SQLite side files: moved together or not at all."""

    main: PurePath
    members: tuple[PurePath, ...]


def relocate(
    old_dir: Path,
    new_dir: Path,
    *,
    config_dir: Path | None = None,
    across_volumes: bool | None = None,
) -> Relocation:
    """Move everything in ``old_dir`` to ``new_dir`` (settings.json to ``config_dir``).

    ``across_volumes`` forces copying (True) or renaming (False); None tells by the devices.
    A file that cannot be moved is not an error raised: it ends up in the result, untouched.
    """
    config_dir = config_dir or new_dir
    same = _same_folder(old_dir, new_dir)
    if not old_dir.is_dir() or (old_dir / NOTE_FILE).exists():
        return Relocation()
    groups = list(_groups(old_dir))
    if same:  # Linux and macOS: the data stay; only settings.json may have a new folder
        groups = [g for g in groups if g.main == PurePath(SETTINGS_FILE)]
    groups = [g for g in groups if not _same_folder(old_dir, _target_root(g, new_dir, config_dir))]
    if not groups:
        return Relocation()
    if any(open_elsewhere(old_dir / g.main) for g in groups if _is_caseload(g.main)):
        log.info("the old caseload is open in another kimdesk: moved at a later start")
        return Relocation(old_dir=old_dir, new_dir=new_dir, busy=True)
    moved: list[str] = []
    left: list[str] = []
    failed: list[str] = []
    reason = ""
    for group in groups:
        root = _target_root(group, new_dir, config_dir)
        pairs = [(old_dir / m, root / m) for m in group.members]
        name = group.main.as_posix()
        if any(dst.exists() for _src, dst in pairs) or _side_files_at(root / group.main):
            left.append(name)
            continue
        try:
            ensure_private_dir(pairs[0][1].parent)
            _move_group(pairs, across_volumes=across_volumes)
        except OSError as error:
            log.warning("not moved from the old data folder (%s)", type(error).__name__)
            failed.append(name)
            reason = reason or (error.strerror or type(error).__name__)
            continue
        moved.append(name)
    # After the loop: the counts' file itself may have moved only now.
    for name in moved:
        if _is_caseload(PurePath(name)):
            _carry_unlock_counts(old_dir / name, new_dir / name, new_dir)
    if not same:  # after a failure, no note: it would keep the next start from trying again
        noted = not failed and any(name != SETTINGS_FILE for name in left)
        _tidy(old_dir, new_dir, note=noted)
    return Relocation(
        old_dir=old_dir,
        new_dir=new_dir,
        moved=tuple(moved),
        left=tuple(left),
        failed=tuple(failed),
        reason=reason,
    )


# -- at start ----------------------------------------------------------------------------

_done: Relocation | None = None


def relocate_user_data() -> Relocation:
    """The move from the old folder, done at most once per process (the command line and then
    the GUI both ask; the second gets the first's result to show). Never raises."""
    global _done
    if os.environ.get("KIMDESK_DATA_DIR"):
        return Relocation()  # a folder given on purpose: nothing is moved into or out of it
    if _done is None:
        data = user_data_dir()
        try:
            _done = relocate(legacy_data_dir() or data, data, config_dir=user_config_dir())
        except Exception as error:  # a start must never fail for this
            log.warning("moving from the old data folder failed (%s)", type(error).__name__)
            _done = Relocation()
    return _done


def report_relocation(stream: TextIO | None = None) -> Relocation:
    """The command line's call: move, and say what was moved on stderr."""
    result = relocate_user_data()
    text = result.message()
    if text:
        print(f"kimdesk: {text}", file=stream or sys.stderr)
    return result


# -- the pieces --------------------------------------------------------------------------


def _groups(old_dir: Path) -> Iterator[_Group]:
    names = sorted(PurePath(p.relative_to(old_dir)) for p in old_dir.rglob("*") if p.is_file())
    present = set(names)
    for path in names:
        if path.name.endswith(LOCK_SUFFIX) or path.name == NOTE_FILE:
            continue  # a lock belongs to the old file's place; it is removed after the move
        if _database_of(path) in present:
            continue  # moves with its database
        yield _Group(main=path, members=(path, *(s for s in _sides_of(path) if s in present)))


def _database_of(path: PurePath) -> PurePath | None:
    """The database a side file (``-wal``, ``-shm``) belongs to."""
    for suffix in SIDE_FILES:
        if path.name.endswith(suffix):
            return path.with_name(path.name[: -len(suffix)])
    return None


def _sides_of(path: PurePath) -> tuple[PurePath, ...]:
    return tuple(PurePath(f"{path}{suffix}") for suffix in SIDE_FILES)


def _side_files_at(path: Path) -> bool:
    return any(Path(f"{path}{suffix}").exists() for suffix in SIDE_FILES)


def _is_caseload(path: PurePath) -> bool:
    return path.suffix == CASELOAD_SUFFIX


def _target_root(group: _Group, new_dir: Path, config_dir: Path) -> Path:
    return config_dir if group.main == PurePath(SETTINGS_FILE) else new_dir


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def _move_group(pairs: list[tuple[Path, Path]], *, across_volumes: bool | None) -> None:
    if across_volumes is None:
        across_volumes = _device(pairs[0][0]) != _device(pairs[0][1].parent)
    if not across_volumes:
        try:
            _rename_group(pairs)
            return
        except OSError as error:
            if error.errno != errno.EXDEV:
                raise
    _copy_group(pairs)


def _device(path: Path) -> int:
    return path.stat().st_dev


def _rename_group(pairs: list[tuple[Path, Path]]) -> None:
    done: list[tuple[Path, Path]] = []
    try:
        for src, dst in pairs:
            if dst.exists():  # os.rename would replace it silently on POSIX
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST))
            os.rename(src, dst)
            done.append((src, dst))
    except BaseException:
        for src, dst in reversed(done):
            os.rename(dst, src)
        raise


def _copy_group(pairs: list[tuple[Path, Path]]) -> None:
    """Copy, sync and compare every member; rename the copies into place; then remove the
    originals, the database file first: until that succeeds, the old files are the real ones
    (and a copy that cannot be finished is removed again)."""
    created: list[Path] = []
    try:
        for src, dst in pairs:
            partial = dst.with_name(dst.name + PARTIAL_SUFFIX)
            _copy_synced(src, partial, created)
            if _digest(src) != _digest(partial):
                raise OSError(errno.EIO, os.strerror(errno.EIO))
        for _src, dst in pairs:
            if dst.exists():
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST))
            os.replace(dst.with_name(dst.name + PARTIAL_SUFFIX), dst)
            created.append(dst)
        _sync_folder(pairs[0][1].parent)
        pairs[0][0].unlink()  # on Windows this fails while the file is open elsewhere
    except BaseException:
        for path in created:
            path.unlink(missing_ok=True)
        raise
    for src, _dst in pairs[1:]:
        try:
            src.unlink()
        except OSError:
            log.warning("a side file stayed in the old data folder")


def _copy_synced(src: Path, partial: Path, created: list[Path]) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    handle = os.open(partial, flags, 0o600)  # never over a file that happens to be there
    created.append(partial)
    with os.fdopen(handle, "wb") as out, src.open("rb") as source:
        shutil.copyfileobj(source, out, 1 << 20)
        out.flush()
        os.fsync(out.fileno())


def _digest(path: Path) -> bytes:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").digest()


def _sync_folder(folder: Path) -> None:
    """Make the renames durable (POSIX; Windows cannot open a folder for this)."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _carry_unlock_counts(old: Path, new: Path, new_dir: Path) -> None:
    store = new_dir / ATTEMPTS_FILE
    if store.exists():
        carry_failed_unlocks(old, new, store=store)


def _tidy(old_dir: Path, new_dir: Path, *, note: bool) -> None:
    """Remove stale locks and empty folders from the old place; note where the data went if
    something had to stay."""
    for lock in old_dir.rglob(f"*{LOCK_SUFFIX}"):
        if not Path(str(lock)[: -len(LOCK_SUFFIX)]).exists():
            try:
                lock.unlink(missing_ok=True)
            except OSError:
                log.warning("a stale lock file stayed in the old data folder")
    for folder in sorted((p for p in old_dir.rglob("*") if p.is_dir()), reverse=True):
        _remove_if_empty(folder)
    if note:
        try:
            (old_dir / NOTE_FILE).write_text(
                _(
                    "kimdesk now keeps its data in {new}. The files here were not moved there "
                    "because files of the same name already exist there; nothing was "
                    "overwritten.\n"
                ).format(new=new_dir),
                encoding="utf-8",
            )
        except OSError:
            log.warning("no note left in the old data folder")
    else:
        _remove_if_empty(old_dir)


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass  # not empty, or not ours to remove
