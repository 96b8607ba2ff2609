#!/usr/bin/env python3
"""Builds saescope's training corpus from Debian packages, reproducibly.

Called by `saescope corpus build`; it can also be run by hand:
    python3 build_corpus.py --out DIR [--install]

Sources (Debian packages; nothing else is downloaded): modern prose in several languages from Debian's manuals and
help (debian-handbook in nine languages, GNOME's help and LibreOffice's in several, the Debian FAQ, the developers'
reference, the Linux manual pages), prose (bible-kjv, fortunes, debian-reference-en, python3.11-doc), English
definitions and glosses (dict-gcide, dict-wn, dict-foldoc, dict-jargon, capped low so that their markup stays rare),
source code (Python's standard library, C headers) and fortunes in other languages (fortunes-de, -es, -it, -ru, -zh).
The manuals and help are not installed (GNOME's help would bring yelp, LibreOffice's LibreOffice): their pinned
packages are fetched with `apt-get download` and unpacked into DIR/packages. Markup is removed, each source is capped
at a fixed number of bytes so the mix is stable, documents are split into train and held-out sets by a hash of their
text, and a manifest records package versions, file checksums and counts.

Output: DIR/train.jsonl, DIR/heldout.jsonl (one {"source", "text"} object per line) and DIR/manifest.json.
"""
import argparse
import glob
import gzip
import shutil
import hashlib
import html.parser
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

PACKAGES = ["dict-gcide", "dict-wn", "dict-foldoc", "dict-jargon", "bible-kjv", "fortunes", "fortunes-min", "fortunes-de",
            "fortunes-es", "fortunes-it", "fortunes-ru", "fortunes-zh", "debian-reference-en", "python3.11-doc",
            "libpython3.11-stdlib", "linux-libc-dev", "libc6-dev", "groff-base"]

# Manuals and help, fetched as .deb files and unpacked, never installed; the version each was read at. When Debian has
# moved a package on, the version it has now is used and the manifest records it.
DOCUMENTATION = {
    "debian-handbook": "11.20220922", "gnome-user-docs": "43.0-2", "libreoffice-help-en-us": "4:7.4.7-1+deb12u14",
    "libreoffice-help-de": "4:7.4.7-1+deb12u14", "libreoffice-help-fr": "4:7.4.7-1+deb12u14",
    "libreoffice-help-es": "4:7.4.7-1+deb12u14", "manpages": "6.03-2", "debian-faq": "11.1",
    "developers-reference": "12.18", "gimp-help-en": "2.10.34-2", "postgresql-doc-15": "15.20-0+deb12u1",
    "git-doc": "1:2.39.5-0+deb12u3",
}
HANDBOOK_LANGUAGES = ["en-US", "de-DE", "fr-FR", "es-ES", "it-IT", "pt-BR", "ru-RU", "ja-JP", "zh-CN"]
GNOME_LANGUAGES = ["C", "de", "fr", "es", "it", "pt_BR", "ru", "ja", "zh_CN"]
LIBREOFFICE_LANGUAGES = {"en-US": "libreoffice-help-en-us", "de": "libreoffice-help-de", "fr": "libreoffice-help-fr",
                         "es": "libreoffice-help-es"}

FORTUNES = "/usr/share/games/fortunes"
# Byte caps per source: about 21 million tokens in all, half of them English prose; the dictionaries low (their markup
# dominated features of the first sample); code and other languages about a quarter each.
CAPS = {
    "gcide": 1_000_000, "wordnet": 600_000, "foldoc": 600_000, "jargon": 500_000,
    "bible": 1_000_000, "fortunes-en": 1_000_000, "debian-reference": 1_000_000, "python-docs": 10_000_000,
    "debian-faq": 1_000_000, "developers-reference": 1_500_000, "manpages": 2_500_000, "gimp-help": 2_000_000,
    "postgresql-docs": 7_000_000, "git-docs": 4_000_000,
    "handbook-en-US": 1_600_000, **{f"handbook-{language}": 800_000 for language in HANDBOOK_LANGUAGES[1:]},
    **{f"gnome-help-{language}": 700_000 for language in GNOME_LANGUAGES},
    "libreoffice-help-en-US": 5_000_000, "libreoffice-help-de": 1_200_000, "libreoffice-help-fr": 1_200_000,
    "libreoffice-help-es": 1_200_000,
    "python-stdlib": 12_000_000, "c-headers": 4_000_000,
    "fortunes-de": 1_000_000, "fortunes-es": 600_000, "fortunes-it": 600_000, "fortunes-ru": 1_000_000,
    "fortunes-zh": 700_000,
}
ENGLISH_NAMES = {"handbook-en-US", "gnome-help-C", "libreoffice-help-en-US"}
KIND = {name: "non-english" if name.startswith(("fortunes-", "handbook-", "gnome-help-", "libreoffice-help-"))
        and name != "fortunes-en" and name not in ENGLISH_NAMES else "english" for name in CAPS}
KIND.update({"python-stdlib": "code", "c-headers": "code"})
HELDOUT_PERCENT = 5  # about a million held-out tokens: enough to count dead features on 1M tokens
CHUNK = 2400  # target characters per document for sources made of many small entries


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def files_record(files, packages_folder):
    """Each file's SHA-256, but for the files unpacked from a downloaded package, which its .deb's checksum covers:
    how many of them the source lists."""
    record = {}
    for path in files:
        if path.startswith(packages_folder + os.sep):
            key = "files unpacked from " + os.path.relpath(path, packages_folder).split(os.sep)[0]
            record[key] = record.get(key, 0) + 1
        else:
            record[path] = sha256_file(path)
    return record


def package_versions():
    versions, missing = {}, []
    for package in PACKAGES:
        result = subprocess.run(["dpkg-query", "-W", "-f=${Status}\t${Version}", package], capture_output=True, text=True)
        if result.returncode == 0 and result.stdout.startswith("install ok installed"):
            versions[package] = result.stdout.split("\t")[1]
        else:
            missing.append(package)
    return versions, missing


def chunked(pieces, size=CHUNK):
    """Joins small pieces (entries, fortunes) into documents of about `size` characters."""
    doc, length = [], 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        doc.append(piece)
        length += len(piece)
        if length >= size:
            yield "\n\n".join(doc)
            doc, length = [], 0
    if doc:
        yield "\n\n".join(doc)


def split_long(text, size=6000):
    """Splits a long text at line boundaries into parts of about `size` characters."""
    part, length = [], 0
    for line in text.split("\n"):
        part.append(line)
        length += len(line) + 1
        if length >= size:
            yield "\n".join(part)
            part, length = [], 0
    if part and "\n".join(part).strip():
        yield "\n".join(part)


DICTD_DIGITS = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}


def dictd_number(text):
    value = 0
    for c in text:
        value = value * 64 + DICTD_DIGITS[c]
    return value


def dictd_entries(name):
    """The entries of a dictd dictionary, in index order, with their files for the manifest."""
    index, data = f"/usr/share/dictd/{name}.index", f"/usr/share/dictd/{name}.dict.dz"
    with gzip.open(data, "rb") as f:
        raw = f.read()
    seen = set()
    for line in open(index, encoding="utf-8", errors="replace"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 3 or parts[0].startswith("00-database"):
            continue
        offset, length = dictd_number(parts[1]), dictd_number(parts[2])
        if (offset, length) in seen:
            continue
        seen.add((offset, length))
        yield raw[offset:offset + length].decode("utf-8", errors="replace")


def clean_dictionary(entry):
    entry = re.sub(r"\\[^\\\n]{0,80}\\", "", entry)        # gcide pronunciation marks \Ab`di*ca"tion\
    entry = re.sub(r"\[(1913 Webster|WordNet 1\.5|PJC|Century Dict\.|Webster 1913 Suppl\.)[^\]]*\]", "", entry)
    entry = re.sub(r"[{}]", "", entry)                      # cross-reference braces
    entry = re.sub(r"<[^>\n]{1,40}>", lambda m: m.group(0) if m.group(0)[1:2].isalpha() and " " not in m.group(0) else "", entry)
    lines = [line.strip() for line in entry.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def fortune_pieces(paths):
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        text = re.sub(r"\x1b\[[0-9;]*m", "", text)               # terminal colour codes in some files
        for piece in re.split(r"\n%\n", text):
            yield piece.replace("\r", "")


def fortune_files(directory):
    names = sorted(os.listdir(directory))
    return [os.path.join(directory, n) for n in names
            if os.path.isfile(os.path.join(directory, n)) and not n.endswith((".dat", ".u8"))]


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class TextFromHTML(html.parser.HTMLParser):
    """Visible text of an HTML page: scripts, styles, hidden elements and navigation dropped, blocks as line breaks;
    a line break in the text is a space but inside <pre>, whose lines are kept (their indentation is not).

    `content` names the element that holds a page's text as (attribute, value), role="main" on Sphinx pages and
    id="DisplayArea" on LibreOffice's; when given, only its text is kept. Elements whose id is in `SKIP_IDS` or whose
    class is in `SKIP_CLASSES` (Publican's banner, title bar and navigation, tables of contents, footers) are dropped wherever they are, and so are
    hidden ones, but for LibreOffice's "default" variant of a platform-dependent phrase (its script shows one).
    """
    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "dd", "table", "section"}
    SKIP_IDS = {"banner", "title", "footer"}
    SKIP_CLASSES = {"docnav", "navheader", "navfooter", "toc"}

    def __init__(self, content=None):
        super().__init__(convert_charrefs=True)
        self.parts, self.stack = [], []   # (tag, skipping, inside the content) for each open element
        self.content = content

    def state(self):
        return self.stack[-1][1:] if self.stack else (False, self.content is None)

    def preformatted(self):
        return any(tag == "pre" for tag, _, _ in self.stack)

    def capturing(self):
        skipping, inside = self.state()
        return not skipping and inside

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        skipping, inside = self.state()
        identifier, classes = attributes.get("id") or "", set((attributes.get("class") or "").split())
        hidden = "hidden" in attributes and not identifier.startswith("default")
        skipping = (skipping or tag in ("script", "style", "head") or hidden or identifier in self.SKIP_IDS
                    or bool(classes & self.SKIP_CLASSES))
        inside = inside or (self.content is not None and attributes.get(self.content[0]) == self.content[1])
        if tag in self.BLOCKS and not skipping and inside:
            self.parts.append("\n")
        if tag not in VOID:
            self.stack.append((tag, skipping, inside))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if tag in self.BLOCKS and self.capturing():
            self.parts.append("\n")
        for i in range(len(self.stack) - 1, -1, -1):   # close up to the matching element (some pages leave <p> open)
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self.capturing():
            # A line break in HTML's text is a space, but inside <pre>.
            self.parts.append(data if self.preformatted() else re.sub(r"\s+", " ", data))

    def text(self):
        text = "".join(self.parts).replace("\xa0", " ").replace("¶", "")
        lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_text(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        page = f.read()
    content = next(((a, v) for a, v in (("role", "main"), ("id", "DisplayArea")) if f'{a}="{v}"' in page), None)
    parser = TextFromHTML(content)
    parser.feed(page)
    return parser.text()


MALLARD = "{http://projectmallard.org/1.0/}"


def mallard_text(path):
    """The text of a Mallard help page (GNOME's): titles, paragraphs, list items and code, without its <info> header."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        return ""
    blocks = []

    def walk(element):
        if not isinstance(element.tag, str):
            return
        tag = element.tag.replace(MALLARD, "")
        if tag in ("info", "comment"):   # the page's credits, and editors' notes to each other
            return
        if tag in ("title", "p", "desc", "code", "screen"):
            text = "".join(element.itertext())
            text = text.strip() if tag in ("code", "screen") else re.sub(r"\s+", " ", text).strip()
            if text:
                blocks.append(text)
            return
        for child in element:
            walk(child)

    walk(root)
    return "\n\n".join(blocks)


def man_text(path):
    """A gzipped manual page rendered to plain text by groff: no bold or underline, no hyphenation, no justification."""
    with gzip.open(path, "rb") as f:
        source = f.read()
    if source.startswith(b".so"):   # an alias of another page
        return ""
    with tempfile.NamedTemporaryFile(suffix=".man") as page:
        page.write(source)
        page.flush()
        result = subprocess.run(["groff", "-t", "-man", "-Tutf8", "-P-cbou", "-rHY=0", "-rLL=100n", page.name],
                                capture_output=True, encoding="utf-8", errors="replace", stdin=subprocess.DEVNULL)
    lines = [line.rstrip() for line in result.stdout.strip("\n").split("\n")]
    lines = lines[1:-1] if len(lines) > 2 else lines   # the running header and footer
    # Body text is indented by seven spaces and justified with runs of spaces (Debian's groff 1.22 has no -dAD=l).
    lines = [re.sub(r"(?<=\S) {2,}(?=\S)", " ", line[7:] if line.startswith(" " * 7) else line) for line in lines]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def unpack_package(folder, package, version):
    """Fetches a Debian package with `apt-get download` (the pinned version, or Debian's current one when it has moved
    on, with a note) and unpacks it into FOLDER/NAME_VERSION once; returns (version, .deb SHA-256, unpacked folder)."""
    debs = sorted(glob.glob(os.path.join(folder, f"{package}_*.deb")))
    if not debs:
        for wanted in (f"{package}={version}", package):
            result = subprocess.run(["apt-get", "download", wanted], cwd=folder, capture_output=True, text=True)
            if result.returncode == 0:
                break
            reason = (result.stderr.strip().splitlines() or ["no message"])[-1]
            print(f"corpus: apt-get download {wanted} failed ({reason})", file=sys.stderr)
        debs = sorted(glob.glob(os.path.join(folder, f"{package}_*.deb")))
        if not debs:
            raise SystemExit(f"corpus: could not download the Debian package {package} (run apt-get update?)")
    versions = {subprocess.run(["dpkg-deb", "-f", deb, "Version"], capture_output=True, text=True).stdout.strip(): deb
                for deb in debs}
    actual = version if version in versions else sorted(versions)[-1]
    deb = versions[actual]
    if actual != version:
        print(f"corpus: {package} {version} is gone from Debian's archive; using {actual}", file=sys.stderr)
    target = os.path.join(folder, f"{package}_{actual.replace(':', '%3a')}")
    if not os.path.isdir(target):
        shutil.rmtree(target + ".partial", ignore_errors=True)
        if subprocess.run(["dpkg-deb", "-x", deb, target + ".partial"]).returncode != 0:
            os.remove(deb)   # damaged: the next run downloads it again
            raise SystemExit(f"corpus: {deb} is not a readable Debian package; it was removed, run again")
        os.replace(target + ".partial", target)
    return actual, sha256_file(deb), target


def unpack_documentation(out):
    """Unpacks each documentation package into OUT/packages; returns {package: (version, .deb SHA-256, folder)}."""
    folder = os.path.join(out, "packages")
    os.makedirs(folder, exist_ok=True)
    return {package: unpack_package(folder, package, version) for package, version in DOCUMENTATION.items()}


def bible_chapters():
    """The King James Bible a chapter at a time, verse references removed."""
    result = subprocess.run(["bible", "-f", "Gen1:1-Rev22:21"], capture_output=True, text=True, check=True)
    chapters = re.split(r"\n(?=[0-9A-Za-z]+?\d+:1 )", result.stdout)
    return chunked((re.sub(r"(?m)^[0-9A-Za-z]+?\d+:\d+ ", "", c) for c in chapters), size=3000)


def package_files(package, directory):
    """The regular files `package` installed directly in `directory`."""
    listing = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True).stdout.split("\n")
    return sorted(p for p in listing if os.path.dirname(p) == directory and os.path.isfile(p)
                  and not p.endswith((".dat", ".u8")))


def untranslated_removed(text_of, english):
    """`text_of` for a translated page, less the lines longer than 40 characters that the English pages have too:
    paragraphs not translated yet (a third to two thirds of some translations) and code, which would otherwise count
    as another language and could sit in training and held-out text at once."""
    return lambda page: "\n".join(line for line in text_of(page).split("\n") if len(line) <= 40 or line not in english)


def manuals_in_languages(name, languages, files_of, text_of, split):
    """(name-LANGUAGE, files, documents) for a manual in `languages`, the English one first, from whose lines the
    translations are cleaned (its pages are read once for both)."""
    english_files = files_of(languages[0])
    english_texts = {page: text_of(page) for page in english_files}
    english = {line for text in english_texts.values() for line in text.split("\n") if len(line) > 40}
    yield f"{name}-{languages[0]}", english_files, split(english_files, english_texts.__getitem__)
    for language in languages[1:]:
        files = files_of(language)
        yield f"{name}-{language}", files, split(files, untranslated_removed(text_of, english))


def documentation_sources(unpacked):
    """(name, files used, documents) for each unpacked manual and help, in a fixed order."""
    def pages_of(files, text_of, size=4000):
        return (part for page in files for part in split_long(text_of(page), size))

    def joined(files, text_of):
        return chunked(text_of(page) for page in files)

    handbook = os.path.join(unpacked["debian-handbook"][2], "usr/share/doc/debian-handbook/html")
    yield from manuals_in_languages("handbook", HANDBOOK_LANGUAGES,
                                    lambda language: sorted(glob.glob(os.path.join(handbook, language, "*.html"))), html_text, pages_of)
    gnome = os.path.join(unpacked["gnome-user-docs"][2], "usr/share/help")
    yield from manuals_in_languages("gnome-help", GNOME_LANGUAGES,
                                    lambda language: sorted(glob.glob(os.path.join(gnome, language, "gnome-help", "*.page"))),
                                    mallard_text, joined)

    def libreoffice(language):
        root = os.path.join(unpacked[LIBREOFFICE_LANGUAGES[language]][2], "usr/share/libreoffice/help", language, "text")
        return sorted(glob.glob(os.path.join(root, "**", "*.html"), recursive=True))

    yield from manuals_in_languages("libreoffice-help", list(LIBREOFFICE_LANGUAGES), libreoffice, html_text, joined)
    faq = sorted(glob.glob(os.path.join(unpacked["debian-faq"][2], "usr/share/doc/debian/FAQ/*.html")))
    faq = [p for p in faq if not os.path.islink(p)]
    yield "debian-faq", faq, pages_of(faq, html_text)
    # Not the whole manual on one page (its chapters are here) nor the search and index pages.
    reference = sorted(p for p in glob.glob(os.path.join(unpacked["developers-reference"][2], "usr/share/developers-reference/*.html"))
                       if os.path.basename(p) not in ("developers-reference.html", "search.html", "index.html"))
    yield "developers-reference", reference, pages_of(reference, html_text)
    manuals = sorted(glob.glob(os.path.join(unpacked["manpages"][2], "usr/share/man/man*/*.gz")))
    manuals = [p for p in manuals if not os.path.islink(p)]
    yield "manpages", manuals, pages_of(manuals, man_text)
    gimp = sorted(glob.glob(os.path.join(unpacked["gimp-help-en"][2], "usr/share/gimp/2.0/help/en/*.html")))
    yield "gimp-help", gimp, chunked(html_text(p) for p in gimp)
    postgresql = sorted(p for p in glob.glob(os.path.join(unpacked["postgresql-doc-15"][2], "usr/share/doc/postgresql-doc-15/html/*.html"))
                        if os.path.basename(p) != "bookindex.html")   # the book's index: a list of terms
    yield "postgresql-docs", postgresql, chunked(html_text(p) for p in postgresql)
    git = sorted(p for p in glob.glob(os.path.join(unpacked["git-doc"][2], "usr/share/doc/git-doc/**/*.html"), recursive=True)
                 if not os.path.islink(p))
    yield "git-docs", git, pages_of(git, html_text)


def sources(unpacked):
    """(name, files used, documents) for each source, in a fixed order."""
    for name, dictd in [("gcide", "gcide"), ("wordnet", "wn"), ("foldoc", "foldoc"), ("jargon", "jargon")]:
        files = [f"/usr/share/dictd/{dictd}.dict.dz", f"/usr/share/dictd/{dictd}.index"]
        yield name, files, chunked(clean_dictionary(e) for e in dictd_entries(dictd))
    yield "bible", ["/usr/lib/bible.data"], bible_chapters()
    english = [p for p in package_files("fortunes", FORTUNES) + package_files("fortunes-min", FORTUNES)
               if os.path.basename(p) not in ("ascii-art", "art")]
    yield "fortunes-en", english, chunked(fortune_pieces(english))
    pages = sorted(glob.glob("/usr/share/debian-reference/*.en.html"))
    yield "debian-reference", pages, (part for page in pages for part in split_long(html_text(page), 4000))
    docs = sorted(p for p in glob.glob("/usr/share/doc/python3.11/html/**/*.html", recursive=True)
                  if "/_static/" not in p and "/genindex" not in p and "/py-modindex" not in p)
    yield "python-docs", docs, (part for page in docs for part in split_long(html_text(page), 4000))
    stdlib = sorted(p for p in glob.glob("/usr/lib/python3.11/**/*.py", recursive=True)
                    if "/test/" not in p and "/tests/" not in p and "/idlelib/" not in p and "site-packages" not in p)
    yield "python-stdlib", stdlib, (part for path in stdlib for part in split_long(open(path, encoding="utf-8", errors="replace").read()))
    headers = sorted(glob.glob("/usr/include/*.h") + glob.glob("/usr/include/linux/*.h") + glob.glob("/usr/include/x86_64-linux-gnu/sys/*.h"))
    yield "c-headers", headers, (part for path in headers for part in split_long(open(path, encoding="utf-8", errors="replace").read()))
    for language in ["de", "es", "it", "ru"]:
        files = fortune_files(os.path.join(FORTUNES, language))
        if language == "it":
            files += [p for p in package_files("fortunes-it", FORTUNES) if os.path.basename(p) != "banner"]
        yield f"fortunes-{language}", files, chunked(fortune_pieces(files))
    chinese = package_files("fortunes-zh", FORTUNES)
    yield "fortunes-zh", chinese, chunked(fortune_pieces(chinese), size=800)
    yield from documentation_sources(unpacked)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--install", action="store_true", help="apt-get install missing packages (as root)")
    args = parser.parse_args()
    versions, missing = package_versions()
    if missing and args.install and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
                       stdout=subprocess.DEVNULL)
        versions, missing = package_versions()
    if missing:
        print("corpus: missing Debian packages; run:\n  sudo apt-get install -y " + " ".join(missing), file=sys.stderr)
        return 2
    os.makedirs(args.out, exist_ok=True)
    unpacked = unpack_documentation(args.out)
    groff = subprocess.run(["groff", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    manifest = {"packages": versions, "heldout_percent": HELDOUT_PERCENT, "caps_bytes": CAPS, "sources": {},
                "downloaded_packages": {p: {"version": v, "deb_sha256": h} for p, (v, h, _) in unpacked.items()},
                "groff": groff}
    with open(os.path.join(args.out, "train.jsonl.tmp"), "w", encoding="utf-8") as train, \
            open(os.path.join(args.out, "heldout.jsonl.tmp"), "w", encoding="utf-8") as heldout:
        for name, files, documents in sources(unpacked):
            used = {"train": {"documents": 0, "bytes": 0}, "heldout": {"documents": 0, "bytes": 0}}
            total = 0
            for text in documents:
                text = text.strip()
                if len(text) < 40:
                    continue
                size = len(text.encode("utf-8"))
                if total + size > CAPS[name]:
                    break
                total += size
                split = "heldout" if int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % 100 < HELDOUT_PERCENT else "train"
                (heldout if split == "heldout" else train).write(json.dumps({"source": name, "text": text}, ensure_ascii=False) + "\n")
                used[split]["documents"] += 1
                used[split]["bytes"] += size
            manifest["sources"][name] = {"kind": KIND[name], "files": files_record(files, os.path.join(args.out, "packages")), **used}
            print(f"corpus: {name}: {used['train']['documents'] + used['heldout']['documents']} documents, {total:,} bytes", file=sys.stderr)
    for split in ("train", "heldout"):
        os.replace(os.path.join(args.out, f"{split}.jsonl.tmp"), os.path.join(args.out, f"{split}.jsonl"))
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
