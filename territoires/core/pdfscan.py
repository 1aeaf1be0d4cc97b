"""Active content in a PDF: JavaScript and launch actions, found without trusting the layout.

A PDF reader runs `/JS` / `/JavaScript` actions and `/Launch` (start a program) when the file is
opened (`/OpenAction`), when a page is shown (`/AA`) or from the document's name tree. Any of
them is reason enough to refuse a deposited file (README « Documents déposés »). An
`/OpenAction` that is only a view destination (`[3 0 R /Fit]`) stays accepted: only the names
of the actions themselves are looked for.

The file is read in bounded chunks by a small lexer that knows what a name is: `#xx` escapes are
decoded (`/J#61vaScript`), string literals and comments are skipped (a name inside them is
text), the data of streams is skipped (binary bytes could spell `/JS` by chance), except object
streams (`/Type /ObjStm`), where objects hide once compressed: those are inflated, bounded, and
lexed in turn. An object stream we cannot inflate (encrypted, unusual filter) cannot be checked,
so the file is refused too.
"""

import re
import zlib
from dataclasses import dataclass, field

from django.conf import settings

CHUNK = 256 * 1024
# Below this, the ratio of an object stream is not judged (see core/zipguard.py).
RATIO_GRACE = 1024 * 1024
# Longest name kept whole; PDF's own limit is 127 bytes. A longer one is skipped, not kept.
NAME_MAX = 256
ACTIVE_NAMES = {
    b"JS": "du JavaScript",
    b"JavaScript": "du JavaScript",
    b"Launch": "une action qui lance un programme (/Launch)",
}
FLATE = {b"FlateDecode", b"Fl"}
FILTERS = FLATE | {
    b"LZWDecode", b"LZW", b"ASCIIHexDecode", b"AHx", b"ASCII85Decode", b"A85",
    b"RunLengthDecode", b"RL", b"CCITTFaxDecode", b"CCF", b"DCTDecode", b"DCT",
    b"JBIG2Decode", b"JPXDecode", b"Crypt", b"Predictor",
}  # fmt: skip

_DELIMITERS = rb"\x00\t\n\x0c\r /\[\]<>(){}%"
_WATCHED = b"|".join(sorted(set(ACTIVE_NAMES) | FILTERS | {b"Encrypt", b"ObjStm"}, key=len)[::-1])
# Only what matters is a token, so that the regex engine, not Python, walks over the rest:
# a string or a comment (skipped), a watched name, a name with `#` escapes (decoded then
# judged), and the keyword `stream` (preceded by a delimiter, so `/a.stream` is a name).
_TOKEN = re.compile(
    rb"\(|%|/(?:" + _WATCHED + rb")(?![^" + _DELIMITERS + rb"])"
    rb"|/[^" + _DELIMITERS + rb"]*#[^" + _DELIMITERS + rb"]*"
    rb"|(?<=[\x00\t\n\x0c\r >\]\)])stream(?=[\r\n])"
)
_STRING = re.compile(rb"[()\\]")
_EOL = re.compile(rb"[\r\n]")
_DELIMITER = re.compile(rb"[" + _DELIMITERS + rb"]")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


@dataclass
class Verdict:
    active: set[str] = field(default_factory=set)
    encrypted: bool = False
    unreadable_object_stream: bool = False
    too_big: bool = False


def _name(raw: bytes) -> bytes:
    return _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw)


class _Lexer:
    """Feed bytes in order; names of interest land in `verdict`."""

    def __init__(self, verdict: Verdict, *, budget: list[int], inner: bool = False):
        self.verdict = verdict
        self.inner = inner  # inside an object stream: no stream, no `obj` keyword
        self.budget = budget  # bytes left to inflate, shared by every object stream
        self.state = "normal"
        self.depth = 0
        self.escape = False
        self.carry = b""
        self.previous = b""
        self.names_of_object: list[bytes] = []
        self.inflater = None
        self.inner_lexer: _Lexer | None = None

    def feed(self, data: bytes, *, final: bool = False) -> None:
        if self.carry:
            buf, pos = self.carry + data, 0
        else:  # the byte before, for the keyword `stream` that may start this chunk
            buf, pos = self.previous + data, len(self.previous)
        self.carry = b""
        self.previous = buf[-1:]
        end = len(buf)
        while pos < end:
            if self.state == "normal":
                pos = self._normal(buf, pos, final)
                if pos < 0:  # an incomplete token at the end: kept for the next chunk
                    return
            elif self.state == "string":
                pos = self._string(buf, pos)
            elif self.state == "comment":
                match = _EOL.search(buf, pos)
                pos = end if match is None else match.end()
                if match is not None:
                    self.state = "normal"
            elif self.state == "long_name":
                match = _DELIMITER.search(buf, pos)
                pos = end if match is None else match.start()
                if match is not None:
                    self.state = "normal"
            else:
                pos = self._stream(buf, pos, final)
                if pos < 0:
                    return
        if final and self.inner_lexer is not None:
            self._end_stream()

    def _normal(self, buf: bytes, pos: int, final: bool) -> int:
        end = len(buf)
        last = pos
        for match in _TOKEN.finditer(buf, pos):
            token = match.group()
            last = match.end()
            if match.end() == end and not final and token not in (b"(", b"%"):
                self.carry = buf[match.start() :]
                if len(self.carry) > NAME_MAX:
                    self.carry = b""
                    self.state = "long_name"
                return -1
            if token == b"(":
                self.state, self.depth, self.escape = "string", 1, False
                return match.end()
            if token == b"%":
                self.state = "comment"
                return match.end()
            if token == b"stream":
                if self.inner:
                    continue
                return self._stream_keyword(buf, match, final)
            self._name_seen(token)
        # Only plain bytes left: keep a short tail (with the byte before it, which the keyword
        # `stream` needs), a token may be cut in two.
        if not final:
            self.carry = buf[max(last, end - 16, 1) - 1 :]
            return -1
        return end

    def _stream_keyword(self, buf: bytes, match: re.Match, final: bool) -> int:
        """After `stream`: the data starts past its end of line (CRLF or one byte)."""
        end = len(buf)
        start = match.end()
        if buf[start : start + 2] == b"\r\n":
            start += 2
        elif start + 1 == end and not final:
            self.carry = buf[match.start() - 1 :]  # "\r" then maybe "\n"
            return -1
        else:
            start += 1
        self._start_stream()
        return start

    def _name_seen(self, token: bytes) -> None:
        """A /Name token: an active or encryption marker, one of the object's first names."""
        name = _name(token[1:]) if b"#" in token else token[1:]
        if name in ACTIVE_NAMES:
            self.verdict.active.add(ACTIVE_NAMES[name])
        elif name == b"Encrypt":
            self.verdict.encrypted = True
        if len(self.names_of_object) < 64:
            self.names_of_object.append(name)

    def _string(self, buf: bytes, pos: int) -> int:
        end = len(buf)
        if self.escape:
            self.escape = False
            pos += 1
        while pos < end:
            match = _STRING.search(buf, pos)
            if match is None:
                return end
            char = match.group()
            if char == b"\\":
                if match.end() == end:
                    self.escape = True
                    return end
                pos = match.end() + 1  # the escaped byte is not a delimiter
                continue
            self.depth += 1 if char == b"(" else -1
            pos = match.end()
            if self.depth == 0:
                self.state = "normal"
                return pos
        return end

    def _start_stream(self) -> None:
        self.state = "stream"
        names = self.names_of_object
        if b"ObjStm" not in names:
            return
        filters = [n for n in names if n in FILTERS]
        if filters and (set(filters) - FLATE or len(filters) > 1):
            self.verdict.unreadable_object_stream = True
            return
        self.inflater = zlib.decompressobj() if filters else None
        self.compressed = self.inflated = 0
        self.inner_lexer = _Lexer(self.verdict, budget=self.budget, inner=True)

    def _stream(self, buf: bytes, pos: int, final: bool) -> int:
        found = buf.find(b"endstream", pos)
        if found < 0:
            stop = len(buf) if final else max(pos, len(buf) - 8)
            self._stream_data(buf[pos:stop])
            self.carry = buf[stop:]
            return -1 if not final else len(buf)
        self._stream_data(buf[pos:found])
        self._end_stream()
        self.state = "normal"
        # Watched names count from one stream to the next: a stream's dictionary is among
        # them, and an extra name can only make the check stricter.
        self.names_of_object = []
        return found + len(b"endstream")

    def _stream_data(self, data: bytes) -> None:
        if self.inner_lexer is None or not data:
            return
        if self.inflater is None:
            self._inner_feed(data)
            return
        try:
            while data and not self.inflater.eof and self.inner_lexer is not None:
                # max_length bounds each output: a bomb is inflated a chunk at a time, and
                # refused as soon as its ratio shows.
                self.compressed += len(data)
                out = self.inflater.decompress(data, CHUNK)
                data = self.inflater.unconsumed_tail
                self.compressed -= len(data)
                self.inflated += len(out)
                if self.inflated > RATIO_GRACE and self.inflated > (
                    settings.ZIP_TAUX_MAX * self.compressed
                ):
                    self.verdict.too_big = True
                    self.inner_lexer = None
                    return
                self._inner_feed(out)
        except zlib.error:
            self.verdict.unreadable_object_stream = True
            self.inner_lexer = None

    def _inner_feed(self, data: bytes) -> None:
        if self.inner_lexer is None:
            return
        self.budget[0] -= len(data)
        if self.budget[0] < 0:
            self.verdict.too_big = True
            self.inner_lexer = None
            return
        self.inner_lexer.feed(data)

    def _end_stream(self) -> None:
        if self.inner_lexer is not None:
            self.inner_lexer.feed(b"", final=True)
        self.inner_lexer = None
        self.inflater = None


def scan(file) -> Verdict:
    """Read a PDF in bounded chunks and tell what active content it carries."""
    verdict = Verdict()
    lexer = _Lexer(verdict, budget=[settings.ZIP_TOTAL_MAX])
    file.seek(0)
    try:
        while chunk := file.read(CHUNK):
            lexer.feed(chunk)
            if verdict.too_big:
                break
        lexer.feed(b"", final=True)
    finally:
        file.seek(0)
    return verdict
