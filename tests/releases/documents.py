"""Small real documents of each accepted kind, and the refused ones, for the attachment
tests and the upload fuzzing."""

import io
import zipfile
import zlib

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_with(extra):
    return PDF.replace(b"/Pages 2 0 R>>", b"/Pages 2 0 R" + extra + b">>")


def pdf_with_hidden_script():
    """JavaScript inside a compressed object stream, where a plain scan cannot see it."""
    hidden = zlib.compress(b"<</S/JavaScript/JS(app.alert(1))>>")
    stream = b"3 0 obj<</Type/ObjStm/Filter/FlateDecode/Length %d>>stream\n" % len(hidden)
    return PDF.replace(b"trailer", stream + hidden + b"\nendstream endobj\ntrailer")


def zipped(members, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
DOCX = zipped({"[Content_Types].xml": TYPES, "word/document.xml": b"<w:document/>"})
XLSX = zipped({"[Content_Types].xml": TYPES, "xl/workbook.xml": b"<workbook/>"})
ODT = zipped(
    {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"},
    zipfile.ZIP_STORED,
)
CSV = "Country,Observers\nAustria,12\nÖsterreich,3\n".encode()

GOOD = {"pdf": PDF, "docx": DOCX, "xlsx": XLSX, "odt": ODT, "csv": CSV}


def zip_bomb():
    """A .docx whose document expands 1000-fold: 40 MB of zeros in some 40 kB."""
    return zipped({"[Content_Types].xml": TYPES, "word/document.xml": bytes(40 * 1024 * 1024)})


BAD = {
    "pdf with JavaScript": ("report.pdf", pdf_with(b"/OpenAction<</S/JavaScript/JS(x)>>")),
    "pdf with escaped JavaScript": ("report.pdf", pdf_with(b"/OpenAction<</S/J#61vaScript>>")),
    "pdf with a launch action": ("report.pdf", pdf_with(b"/OpenAction<</S/Launch/F(cmd)>>")),
    "pdf with a hidden script": ("report.pdf", pdf_with_hidden_script()),
    "html named pdf": ("report.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
    "html named csv": ("data.csv", b"<html><body onload=alert(1)></body></html>"),
    "svg named pdf": ("report.pdf", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
    "zip bomb named docx": ("report.docx", zip_bomb()),
    "word with macros": (
        "report.docx",
        zipped(
            {
                **dict.fromkeys(["[Content_Types].xml"], TYPES),
                "word/document.xml": b"<w/>",
                "word/vbaProject.bin": b"macro",
            }
        ),
    ),
    "plain zip named xlsx": ("data.xlsx", zipped({"notes.txt": b"hello"})),
    "truncated pdf": ("report.pdf", PDF[:60]),
    "binary named csv": ("data.csv", b"\x00\x01\x02 binary"),
    "latin-1 text": ("data.csv", "Österreich;1".encode("latin-1")),
    "exe named pdf": ("report.pdf", b"MZ\x90\x00" + bytes(200)),
}
