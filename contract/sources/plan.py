"""Cut the inputs into pieces of work: whole files, or byte ranges of a large JSON Lines file."""

# String paths throughout: a walk over thousands of recordings should not build a Path for each.

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from typing import BinaryIO, NamedTuple

from contract.errors import InputError, RecordingError
from contract.exchange import Exchange, Skipped, Unreadable
from contract.sources.detect import EXTENSIONS, HEAD_SIZE, Format, detect
from contract.sources.files import (
    STDIN,
    check_readable,
    expand,
    input_size,
    open_input,
    os_error,
    read_head,
    read_start,
)
from contract.sources.remote import extension, is_remote, shown

__all__ = ["Inputs", "Piece", "checked_inputs", "piece_blocks", "piece_lines", "pieces", "read_piece", "source_name"]


# Files this large are sniffed while planning (the rest when read): a cost worth paying only once.
_SNIFF_FROM = 1 << 20


class Piece(NamedTuple):
    """One input, or the lines of a JSON Lines file from byte ``start`` (line ``first_line``) up to ``end``.

    A named tuple rather than a dataclass: as immutable, and it costs the start-up of every run a fifth as much.
    """

    path: str
    size: int = 0
    format: Format | None = None
    start: int = 0
    end: int | None = None
    first_line: int = 1


class Inputs(list[str]):
    """What :func:`checked_inputs` found, in order, and the size of each local file from the one ``stat`` that
    checked it: planning them (:func:`pieces`) then costs no second look at the disk."""

    def __init__(self, paths: Iterable[str] = (), sizes: dict[str, int] | None = None) -> None:
        super().__init__(paths)
        self.sizes: dict[str, int] = {} if sizes is None else sizes


def checked_inputs(paths: Iterable[str]) -> Inputs:
    """Every input under *paths*, each known to be readable, before any is read.

    A missing or unreadable path, a FIFO, a link loop, or a named file in no known format is an
    :class:`InputError` here, so a run never stops half way through its report over a path.
    """
    given = list(paths)
    found = Inputs(expand(given))
    named = set(given)
    sizes = found.sizes
    for path in found:
        size = check_readable(path)
        if size is not None:
            sizes[path] = size
        if path in named and path != STDIN:
            suffix = extension(path)
            if suffix.lower() not in EXTENSIONS:
                try:
                    with open_input(path) as opened:
                        head = opened.read(HEAD_SIZE)
                except OSError as err:
                    raise os_error(path, err) from err
                _known(detect(head, suffix), shown(path))
    return found


def pieces(paths: Iterable[str], *, split_size: int | None = None) -> Iterator[Piece]:
    """Every input under *paths* as pieces, in order; JSON Lines files over *split_size* bytes are cut up.

    Large files have their format sniffed here, so the bulk path knows a JSON Lines file up front. Given what
    :func:`checked_inputs` found, the inputs are neither walked nor looked at again.
    """
    sizes = paths.sizes if isinstance(paths, Inputs) else None
    for path in paths if sizes is not None else expand(paths):
        if path == STDIN:
            yield Piece(STDIN)
            continue
        size = sizes.get(path) if sizes is not None else None
        if size is None:
            try:
                size = input_size(path)
            except OSError as err:
                raise os_error(path, err) from err
        if size <= (split_size or _SNIFF_FROM):
            yield Piece(path, size)
            continue
        with open_input(path) as opened:
            head, stream = read_head(opened)
            fmt = _known(detect(head, extension(path)), shown(path))
            if fmt == "jsonl" and split_size is not None:
                yield from _line_ranges(stream, path, split_size)
            else:
                yield Piece(path, size, fmt)


def _line_ranges(stream: BinaryIO, path: str, split_size: int) -> Iterator[Piece]:
    """Consecutive ranges of whole lines, each about *split_size* bytes, with their first line number."""
    from contract.sources.jsonl import skip_line  # each format's reader: imported by the runs that read it

    start, first_line = 0, 1
    while block := stream.read(split_size):
        rest, ended = (0, False) if block.endswith(b"\n") else skip_line(stream)
        size = len(block) + rest
        yield Piece(path, size, "jsonl", start, start + size, first_line)
        start += size
        first_line += block.count(b"\n") + ended


def _known(fmt: Format | None, source: str) -> Format:
    if fmt is None:
        raise InputError(f"{source}: unknown format (not JSON, JSON Lines, HAR or a VCR cassette)")
    return fmt


def _suffix(path: str) -> str:
    """The extension that breaks format ties; stdin is a response body piped in unless it says otherwise."""
    return ".json" if path == STDIN else extension(path)


def source_name(piece: Piece) -> str:
    """How results name the input *piece* comes from, in text every report format can hold."""
    if piece.path == STDIN:
        return "<stdin>"
    name = shown(piece.path)  # a URL's credentials never reach a report
    if name.isascii():
        return name
    # A file name that is not UTF-8 arrives with surrogate escapes; JSON and XML reports cannot carry those.
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def piece_lines(piece: Piece) -> Iterator[tuple[int, bytes]]:
    """``(line number, body)`` for the lines of a JSON Lines piece, without building exchanges."""
    return chain.from_iterable(piece_blocks(piece))


def piece_blocks(piece: Piece) -> Iterator[list[tuple[int, bytes]]]:
    """The pairs of :func:`piece_lines`, a list at a time (see :func:`~contract.sources.jsonl.iter_blocks`)."""
    from contract.sources.jsonl import iter_blocks

    try:
        with open_input(piece.path) as stream:
            yield from iter_blocks(stream, first_line=piece.first_line, limit=_seek(stream, piece))
    except OSError as err:
        raise os_error(source_name(piece), err) from err


def _seek(stream: BinaryIO, piece: Piece) -> int | None:
    """Move to the start of *piece*'s byte range; the range's length, or ``None`` for the rest."""
    if piece.start:
        stream.seek(piece.start)
    return None if piece.end is None else piece.end - piece.start


def read_piece(piece: Piece, *, operation: str | None) -> Iterator[Exchange | Skipped | Unreadable]:
    """The exchanges in *piece*, lazily; recordings of other operations than *operation* come out as :class:`Skipped`.

    A recording that breaks off ends with an :class:`Unreadable` saying where; the run goes on with
    the next input.
    """
    source = source_name(piece)
    path = piece.path
    if piece.format is None and piece.size < HEAD_SIZE and path != STDIN and not is_remote(path):
        # The common small file: read whole at once; one in another format than JSON is opened again below.
        try:
            head = read_start(path)
        except OSError as err:
            raise os_error(source, err) from err
        if len(head) < HEAD_SIZE and _known(detect(head, extension(path)), source) == "json":
            yield Exchange(head, source)
            return
    try:
        with open_input(path) as opened:
            fmt, stream = piece.format, opened
            if fmt is None:
                head, stream = read_head(opened)
                fmt = _known(detect(head, _suffix(piece.path)), source)
                if fmt == "json" and len(head) < HEAD_SIZE:
                    # The head is the whole input: the common small file is read once.
                    yield Exchange(head, source)
                    return
            if fmt == "jsonl":
                from contract.sources.jsonl import read_lines

                yield from read_lines(stream, source, first_line=piece.first_line, limit=_seek(stream, piece))
            elif fmt == "json":
                from contract.sources.jsondoc import read_document

                yield from read_document(stream, source)
            elif fmt == "har":
                from contract.sources.har import read_har  # recorded requests: imported by the runs that have them

                yield from read_har(stream, source, operation=operation)
            elif fmt == "cassette-json":
                from contract.sources.cassette import read_json_cassette

                yield from read_json_cassette(stream, source, operation=operation)
            else:
                from contract.sources.cassette import read_yaml_cassette

                yield from read_yaml_cassette(stream, source, operation=operation)
    except RecordingError as err:
        yield Unreadable(source, None, "recording.unreadable", err.message, err.line, err.column)
    except OSError as err:
        raise os_error(source, err) from err
