"""How a ``zigan-verify`` command meets its process: errors, signals, standard output, files.

NOTE: [one-line contract]
Whatever goes wrong that is not a bug of zigan-verify itself ends the command with one line on
stderr and a documented :class:`~zigan_verify._errors.ExitCode`, never a traceback:

* a :class:`~zigan_verify._errors.ZiganError` or an argparse usage error:
  ``zigan-verify: error: <message>`` (argparse prints its usage line first), status 2;
* standard output closed by its reader (``| head``, EPIPE): no message, status 141, and standard
  output is pointed at ``/dev/null`` so the interpreter's final flush cannot fail again;
* standard output full or unusable (``> /dev/full``, ``>&-``):
  ``zigan-verify: error: cannot write to standard output: <reason>``, status 2;
* SIGINT (Ctrl-C): ``zigan-verify: interrupted``, status 130; files are written through
  :func:`atomic_output`, so an interrupted command leaves no partial file behind;
* an optimizer plugin that raises ``SystemExit``, ``KeyboardInterrupt`` or another
  ``BaseException`` (at import or while it runs): an error line naming the plugin, status 2
  (:func:`plugin`).

Any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from zigan_verify._errors import ExitCode, ZiganError

__all__ = [
    "atomic_output",
    "interrupted",
    "plugin",
    "removed_if_interrupted",
    "run",
    "stream_is_tty",
    "write_text",
]

PREFIX = "zigan-verify"

# errnos of a write to standard output that cannot succeed (a full disk, a closed descriptor...)
_STDOUT_ERRNOS = {errno.ENOSPC, errno.EBADF, errno.EIO, errno.EFBIG, getattr(errno, "EDQUOT", -1)}

_sigint = threading.Event()  # set by our SIGINT handler: tells a real Ctrl-C from a raised one


def interrupted() -> bool:
    """Whether this process received SIGINT during :func:`run`."""
    return _sigint.is_set()


def _on_sigint(signum, frame) -> None:
    _sigint.set()
    raise KeyboardInterrupt


class _ClosedStream:
    """Stands in for ``sys.stdout`` when the process started with descriptor 1 closed (``>&-``):
    every write fails with EBADF, so the command reports it instead of printing into nothing."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def stream_is_tty(stream) -> bool:
    """``stream.isatty()``, False for a missing or closed stream."""
    try:
        return bool(stream is not None and stream.isatty())
    except (OSError, ValueError):
        return False


def _say(line: str) -> None:
    if sys.stderr is not None:
        try:
            sys.stderr.write(f"{PREFIX}: {line}\n")
            sys.stderr.flush()
        except (OSError, ValueError):  # stderr is gone too: the exit status is all that is left
            pass


def _silence_stdout() -> None:
    """Point descriptor 1 at /dev/null so the interpreter's final flush of what is still
    buffered succeeds (Python docs, "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):  # not a real descriptor (e.g. under pytest)
        pass


def _stdout_failure(exc: OSError) -> ExitCode:
    if exc.errno == errno.EPIPE:
        _silence_stdout()
        return ExitCode.BROKEN_PIPE
    _silence_stdout()
    _say(f"error: cannot write to standard output: {exc.strerror or exc}")
    return ExitCode.USAGE_ERROR


def _exit_status(exc: SystemExit) -> int:
    if exc.code is None:
        return ExitCode.OK
    return exc.code if isinstance(exc.code, int) else ExitCode.USAGE_ERROR


def run(body: Callable[[], int]) -> int:
    """Run a command under NOTE: [one-line contract]; returns its exit status."""
    if sys.stdout is None:
        sys.stdout = _ClosedStream()
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, _on_sigint) if in_main else None
    _sigint.clear()
    try:
        try:
            status = body()
        except SystemExit as exc:  # argparse: --help, --version, usage errors (already printed)
            status = _exit_status(exc)
        sys.stdout.flush()  # fail here, not at interpreter shutdown
        return int(status)
    except ZiganError as exc:
        _say(f"error: {exc}")
        return ExitCode.USAGE_ERROR
    except KeyboardInterrupt:
        _say("interrupted")
        return ExitCode.INTERRUPTED
    except OSError as exc:
        if exc.errno == errno.EPIPE or (exc.filename is None and exc.errno in _STDOUT_ERRNOS):
            return _stdout_failure(exc)
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


_DESCRIPTOR_PATH = re.compile(r"^/(dev/(std(in|out|err)|fd/\d+)|proc/(self|\d+)/fd/\d+)$")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _written_in_place(path: Path) -> bool:
    """Whether ``path`` names something other than a regular file (or a link to one): a device
    (``/dev/null``, ``/dev/full``), a FIFO, a socket, or a descriptor path (``/dev/stdout``,
    ``/dev/fd/N``, ``/proc/self/fd/N``: a file some process already has open)."""
    if _DESCRIPTOR_PATH.match(os.path.abspath(path)):
        return True
    try:
        return not stat.S_ISREG(path.stat().st_mode)
    except OSError:  # missing (or a dangling link): created as a regular file
        return False


def _fail(what: str, path, exc: OSError | str) -> ZiganError:
    reason = exc if isinstance(exc, str) else (exc.strerror or str(exc))
    return ZiganError(f"cannot write {what} to {str(path)!r}: {reason}")


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike, what: str) -> Iterator[Path]:
    """Yield a temporary path for the body to write; when the block succeeds, its content
    becomes ``path`` (NOTE: [output files]). The temporary file is deleted when the block fails
    or is interrupted, so no half-written ``path`` is left behind.

    The temporary name keeps ``path``'s suffix (matplotlib picks the format from it).

    NOTE: [output files]
    * a regular file (or a new name) is replaced atomically: the content is written to a
      temporary file in the same folder, which is renamed over it. A new file gets the
      permissions the umask gives (0644 under umask 022), a replaced one keeps its own;
    * a symbolic link is kept: its (final) target is the file replaced atomically;
    * anything else -- a device (``/dev/null``, ``/dev/full``), a FIFO, ``/dev/stdout`` and
      the other descriptor paths -- is written in place, as the shell's ``>`` would, so the
      device node stays and a full device or a closed reader is an error (exit status 2);
    * a read-only regular file is not replaced (no write permission bit for anyone, or none for
      this user): exit status 2, the file unchanged.

    Raises:
        ZiganError: ``path``'s folder does not exist or is not writable, ``path`` is read-only,
            or the final rename or write fails.
    """
    given = Path(path)
    in_place = _written_in_place(given)
    # A link is kept: the file it (finally) points to is the one replaced.
    target = given if in_place else Path(os.path.realpath(given))
    if in_place and not os.access(given, os.W_OK):
        raise _fail(what, path, os.strerror(errno.EACCES))
    if not in_place and target.exists():
        mode = stat.S_IMODE(target.stat().st_mode)
        if not (mode & 0o222 and os.access(target, os.W_OK)):
            raise _fail(what, path, f"the file is read-only (mode {mode:04o})")
    else:
        mode = 0o666 & ~_umask()
    try:
        # in place: the temporary file goes next to nothing that must stay atomic
        folder = Path(tempfile.gettempdir()) if in_place else target.parent
        fd, tmp = tempfile.mkstemp(
            dir=folder, prefix=f".{target.name}.", suffix=f".partial{target.suffix}"
        )
        os.close(fd)
    except OSError as exc:
        raise _fail(what, path, exc) from None
    try:
        yield Path(tmp)
        try:
            if in_place:
                _copy_into(Path(tmp), given)
            else:
                os.chmod(tmp, mode)
                os.replace(tmp, target)
        except OSError as exc:
            raise _fail(what, path, exc) from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def _copy_into(source: Path, dest: Path) -> None:
    """Write ``source``'s bytes into ``dest`` as it is (no truncation of a device needed)."""
    with source.open("rb") as src, dest.open("wb") as out:
        shutil.copyfileobj(src, out)


@contextlib.contextmanager
def removed_if_interrupted(path: str | os.PathLike) -> Iterator[None]:
    """For a file someone else's code writes in place: if the block is interrupted after it
    created or changed ``path``, remove ``path`` (it may be half written)."""
    target = Path(path)
    before = _signature(target)
    try:
        yield
    except KeyboardInterrupt:
        if _signature(target) != before:
            target.unlink(missing_ok=True)
        raise


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def write_text(path: str | os.PathLike, text: str, what: str) -> None:
    """Write ``text`` to ``path`` through :func:`atomic_output`."""
    with atomic_output(path, what) as tmp:
        tmp.write_text(text, encoding="utf-8")


def _describe(exc: BaseException) -> str:
    if isinstance(exc, SystemExit):
        return f"SystemExit({exc.code!r})"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


@contextlib.contextmanager
def plugin(spec: str, stage: str) -> Iterator[None]:
    """Run a user's optimizer plugin ``spec`` (``stage``: "while loading ...", "in battery check ...").

    What the plugin prints goes to stderr (standard output carries the report). A
    ``BaseException`` that is not an ``Exception`` -- ``SystemExit``, a ``KeyboardInterrupt`` it
    raises itself (not a real Ctrl-C), ``GeneratorExit``, a custom subclass -- becomes a
    :class:`ZiganError` naming the plugin; ordinary exceptions are the battery's business.
    """
    try:
        with contextlib.redirect_stdout(sys.stderr):
            yield
    except KeyboardInterrupt as exc:
        if interrupted():
            raise
        raise ZiganError(f"optimizer plugin {spec!r} raised {_describe(exc)} {stage}") from None
    except Exception:
        raise
    except BaseException as exc:  # noqa: B036 - SystemExit & co. from a plugin are user errors
        raise ZiganError(f"optimizer plugin {spec!r} raised {_describe(exc)} {stage}") from None
