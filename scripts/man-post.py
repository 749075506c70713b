#!/usr/bin/env python3
"""Turns a generated mdoc page (swift-argument-parser's generate-manual) into a clean one: the help
text's sections (EXAMPLES:, INPUT AND OUTPUT:, ERROR CODES ...:, EXIT STATUS:, ENVIRONMENT:) become
.Ss subsections, indented blocks become literal displays, blank lines become .Pp, text lines that roff
would read as requests are escaped; FILES and SEE ALSO sections are appended. Usage: man-post.py PAGE PROGRAM..."""
import re, sys

page, programs = sys.argv[1], sys.argv[2:]
name = page.rsplit("/", 1)[-1].rsplit(".", 1)[0]
lines = open(page, encoding="utf-8").read().split("\n")
out, in_desc, literal = [], False, False
header = re.compile(r'^[A-Z][A-Z ]+[A-Z]( \(.*\))?:$')

def esc(text):
    text = text.replace("\\", "\\e")
    return "\\&" + text if text[:1] in (".", "'") else text

for i, line in enumerate(lines):
    if line.startswith(".Sh "):
        if literal:
            out.append(".Ed"); literal = False
        in_desc = line == ".Sh DESCRIPTION"
        out.append(line); continue
    if in_desc and line.startswith(".Bl"):  # the options list: leave the generated mdoc as it is
        if literal:
            out.append(".Ed"); literal = False
        in_desc = False
    if not in_desc:
        out.append(line); continue
    if line.startswith("  ") and line.strip():
        if not literal:
            out.append(".Bd -literal -offset indent"); literal = True
        out.append(esc(line[2:])); continue
    if literal:
        out.append(".Ed"); literal = False
    if not line.strip():
        if out and out[-1] not in (".Pp",) and not out[-1].startswith(".Ss") and not out[-1].startswith(".Sh"):
            out.append(".Pp")
        continue
    if header.match(line):
        while out and out[-1] == ".Pp":
            out.pop()
        out.append('.Ss "%s"' % line[:-1].replace('"', "'")); continue
    out.append(esc(line) if not line.startswith(".") else line)

text = "\n".join(out).rstrip("\n") + "\n"
others = [p for p in programs if p != name]
text += ".Sh FILES\n.Bl -tag -width Ds\n.It Pa ./panda.db\nThe ledger when neither --ledger nor PANDA_LEDGER names one (SQLite, WAL mode: also\n.Pa panda.db-wal\nand\n.Pa panda.db-shm ) .\n.It Pa *.key , *.json\nKey files: plain hex (mode 0600) or Web3 Secret Storage v3 keystores.\n.El\n"
text += ".Sh SEE ALSO\n" + "".join(".Xr %s 1 ,\n" % p for p in others) + ".Xr pandactl 7\n"
open(page, "w", encoding="utf-8").write(text)
