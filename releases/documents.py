"""Attachments' content checks: the type is what the bytes are, never the file's name or
the browser's content type. PDFs with active content, files of another type under a
document's name, zip bombs and macro-enabled office files are refused."""

import codecs
import csv
import io
import re
import zipfile
import zlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_DOCUMENT_BYTES = 25 * 1024 * 1024
# What a document may expand to once decompressed (all members of an office file, or all
# the streams of a PDF), and the largest ratio of one member: far above real documents
# (text compresses about 10:1), far below a bomb.
MAX_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 5000

KINDS = [
    ("pdf", "PDF"),
    ("docx", "Word (DOCX)"),
    ("odt", "OpenDocument (ODT)"),
    ("xlsx", "Excel (XLSX)"),
    ("csv", "CSV"),
]
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# PDF names that run code or open other things: JavaScript, launching programs, embedded
# files and multimedia, form submission and imports.
ACTIVE_PDF_NAMES = {
    b"JavaScript",
    b"JS",
    b"Launch",
    b"EmbeddedFile",
    b"EmbeddedFiles",
    b"RichMedia",
    b"SubmitForm",
    b"ImportData",
    b"XFA",
}
PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
PDF_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_STREAM = re.compile(rb"stream\r?\n")
HTML_START = re.compile(
    rb"\s*<(?:!doctype|html|head|body|script|iframe|svg|\?xml|table|a\s|div|img|style)",
    re.IGNORECASE,
)

MESSAGES = {
    "too_large": _("The document is larger than %(limit)s MB."),
    "unsupported": _(
        "The file is not a PDF, Word (DOCX), OpenDocument text (ODT), Excel (XLSX) or CSV "
        "document, whatever its name says."
    ),
    "active_pdf": _(
        "The PDF contains JavaScript, embedded files or other active content. Export it "
        "again without them (for example with “Save as PDF”) and upload the new file."
    ),
    "macros": _("Documents with macros are not accepted. Save it without macros and upload it."),
    "bomb": _("The document expands to far more data than a real document holds."),
    "damaged": _("The document is damaged or incomplete. Export it again and upload it."),
    "csv_encoding": _(
        "The CSV file is not in UTF-8. Save it as “CSV UTF-8” (Excel) or with UTF-8 "
        "encoding and upload it again."
    ),
}


def refusal(code):
    params = {"limit": MAX_DOCUMENT_BYTES // (1024 * 1024)} if code == "too_large" else None
    return ValidationError(MESSAGES[code], code=code, params=params)


def check_document(file):
    """Return the kind ("pdf", "docx", …) of a document file, or raise ValidationError."""
    size = getattr(file, "size", None)
    file.seek(0)
    data = file.read(MAX_DOCUMENT_BYTES + 1)
    if (size or len(data)) > MAX_DOCUMENT_BYTES or len(data) > MAX_DOCUMENT_BYTES:
        raise refusal("too_large")
    file.seek(0)
    if data.startswith(b"%PDF-"):
        check_pdf(data)
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return check_office(data)
    check_csv(data)
    return "csv"


def check_pdf(data):
    if b"%%EOF" not in data[-2048:]:
        raise refusal("damaged")
    budget = [MAX_EXPANDED_BYTES]
    for chunk in [data, *pdf_streams(data, budget)]:
        for name in PDF_NAME.findall(chunk):
            if b"#" in name:  # letters hidden as #xx escapes: /J#61vaScript is /JavaScript
                name = PDF_ESCAPE.sub(lambda m: bytes.fromhex(m[1].decode()), name)
            if name in ACTIVE_PDF_NAMES:
                raise refusal("active_pdf")


def pdf_streams(data, budget):
    """The decompressed content of every Flate stream (object streams hide dictionaries
    there), within the expansion budget; streams that are not zlib data are skipped."""
    position = 0
    # One pass: each search starts after the previous stream's end, so markers crafted to
    # overlap cannot make the scan quadratic.
    while match := PDF_STREAM.search(data, position):
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            return
        position = end + len(b"endstream")
        raw = data[start:end]
        inflater = zlib.decompressobj()
        try:
            out = inflater.decompress(raw, budget[0] + 1)
        except zlib.error:
            continue
        if len(out) > budget[0]:
            raise refusal("bomb")
        budget[0] -= len(out)
        yield out


def check_office(data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception:  # BadZipFile, NotImplementedError (an unknown version), …
        raise refusal("damaged") from None
    if len(members) > MAX_MEMBERS:
        raise refusal("bomb")
    names = {member.filename for member in members}
    if any(name.lower().endswith("vbaproject.bin") or "macros/" in name.lower() for name in names):
        raise refusal("macros")
    if "word/document.xml" in names and "[Content_Types].xml" in names:
        kind = "docx"
    elif "xl/workbook.xml" in names and "[Content_Types].xml" in names:
        kind = "xlsx"
    elif "mimetype" in names and "content.xml" in names:
        kind = "odt"
    else:
        raise refusal("unsupported")
    if any(m.compress_size and m.file_size > m.compress_size * MAX_RATIO for m in members):
        raise refusal("bomb")
    if sum(member.file_size for member in members) > MAX_EXPANDED_BYTES:
        raise refusal("bomb")
    expanded = 0
    for member in members:
        # The sizes in the headers may lie: decompress and count.
        try:
            with archive.open(member) as handle:
                while block := handle.read(1 << 16):
                    expanded += len(block)
                    if expanded > MAX_EXPANDED_BYTES:
                        raise refusal("bomb")
        except ValidationError:
            raise
        except Exception:  # a damaged archive raises zlib.error, BadZipFile, EOFError, …
            raise refusal("damaged") from None
    if kind == "odt" and archive.read("mimetype").strip() != ODT_MIMETYPE:  # read above
        raise refusal("unsupported")
    return kind


def check_csv(data):
    """Text in UTF-8 (a BOM allowed), with no NUL byte, that no browser would take for
    HTML, and that parses as comma- or semicolon-separated rows."""
    if b"\x00" in data or HTML_START.match(data.removeprefix(codecs.BOM_UTF8)):
        raise refusal("unsupported")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refusal("csv_encoding") from None
    if not text.strip():
        raise refusal("unsupported")
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        raise refusal("unsupported") from None
    if not rows:
        raise refusal("unsupported")
