#!/usr/bin/env python3
"""The documentation's links, checked: every relative link and #anchor in README.md and
docs/*.md must lead to a file that exists and, for an anchor, to a heading of that file (as
GitHub names it). http(s) and mailto links are not followed (no network in the tests).
Usage: check_links.py [FILE...]   (default: README.md and docs/*.md of this repository)
Prints one line per broken link and exits 1 if there is any."""
import os
import pathlib
import re
import sys
from urllib.parse import unquote

REPO = pathlib.Path(__file__).resolve().parent.parent
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
# [text](target "title") and ![alt](target); the target may be <bracketed>.
INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^)\s]*)(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")  # http:, https:, mailto: ...


def prose_lines(text):
    """(line number, line) for each line outside fenced code blocks."""
    fence = None
    for number, line in enumerate(text.splitlines(), 1):
        match = FENCE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if match:
            fence = match.group(1)
            continue
        yield number, line


def heading_text(markdown):
    """The text GitHub renders for a heading: code spans keep their content, links their
    text, emphasis markers and HTML tags go."""
    text = CODE_SPAN.sub(lambda m: m.group(2).strip(), markdown)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    return text.replace("*", "")


def slug(text):
    """GitHub's anchor for a heading: lower case, punctuation other than '-' and '_'
    dropped, each space a '-'."""
    text = heading_text(text).strip().lower()
    text = "".join(c for c in text if c.isalnum() or c in "-_ ")
    return text.replace(" ", "-")


def anchors(path):
    """Every anchor of a markdown file; a repeated heading gets -1, -2 ..."""
    seen = {}
    result = set()
    for _, line in prose_lines(path.read_text(encoding="utf-8")):
        match = HEADING.match(line)
        if not match:
            continue
        base = slug(match.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        result.add(base if count == 0 else f"{base}-{count}")
    return result


def link_targets(text):
    """(line number, target) of every link outside code."""
    for number, line in prose_lines(text):
        definition = REFERENCE_DEFINITION.match(line)
        if definition:
            yield number, definition.group(1)
            continue
        for match in INLINE_LINK.finditer(CODE_SPAN.sub("", line)):
            yield number, match.group(1)


def problems(path):
    """One message per broken link of the markdown file PATH."""
    cache = {}
    for number, target in link_targets(path.read_text(encoding="utf-8")):
        target = target.strip("<>")
        if not target or EXTERNAL.match(target):
            continue
        file_part, _, anchor = target.partition("#")
        destination = (path.parent / unquote(file_part)).resolve() if file_part else path
        where = f"{os.path.relpath(path, REPO)}:{number}: {target}"
        if not destination.exists():
            yield f"{where}: no such file"
            continue
        if not anchor:
            continue
        if destination.suffix != ".md":
            yield f"{where}: an anchor into a file that is not markdown cannot be checked"
            continue
        if destination not in cache:
            cache[destination] = anchors(destination)
        if unquote(anchor) not in cache[destination]:
            yield f"{where}: no heading with the anchor #{anchor} in {destination.name}"


def main(arguments):
    files = [pathlib.Path(a).resolve() for a in arguments] or [
        REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    broken = [message for path in files for message in problems(path)]
    for message in broken:
        print(message)
    checked = sum(1 for path in files for _ in link_targets(path.read_text(encoding="utf-8")))
    print(f"{len(files)} files, {checked} links, {len(broken)} broken")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
