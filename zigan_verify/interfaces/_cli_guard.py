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
import signal
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


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike, what: str) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; rename it to ``path`` when the block succeeds,
    delete it when the block fails or is interrupted (so no half-written ``path`` is left).

    The temporary name keeps ``path``'s suffix (matplotlib picks the format from it).

    Raises:
        ZiganError: ``path``'s folder does not exist or is not writable, or the rename fails.
    """
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=f".partial{target.suffix}"
        )
        os.close(fd)
    except OSError as exc:
        raise ZiganError(f"cannot write {what} to {str(path)!r}: {exc.strerror or exc}") from None
    try:
        yield Path(tmp)
        try:
            os.replace(tmp, target)
        except OSError as exc:
            msg = f"cannot write {what} to {str(path)!r}: {exc.strerror or exc}"
            raise ZiganError(msg) from None
    finally:
        Path(tmp).unlink(missing_ok=True)


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
