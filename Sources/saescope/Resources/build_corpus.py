#!/usr/bin/env python3
"""Builds saescope's training corpus from Debian packages, reproducibly.

Called by `saescope corpus build`; it can also be run by hand:
    python3 build_corpus.py --out DIR [--install]

Sources (Debian packages; nothing else is downloaded): English definitions and glosses (dict-gcide, dict-wn),
computing terms (dict-foldoc, dict-jargon), prose (bible-kjv, fortunes, debian-reference-en, python3.11-doc), source
code (Python's standard library, C headers) and text in other languages (fortunes-de, -es, -it, -ru, -zh). Markup is
removed, each source is capped at a fixed number of bytes so the mix is stable, documents are split into train and
held-out sets by a hash of their text, and a manifest records package versions, file checksums and counts.

Output: DIR/train.jsonl, DIR/heldout.jsonl (one {"source", "text"} object per line) and DIR/manifest.json.
"""
import argparse
import glob
import gzip
import hashlib
import html.parser
import json
import os
import re
import subprocess
import sys

PACKAGES = ["dict-gcide", "dict-wn", "dict-foldoc", "dict-jargon", "bible-kjv", "fortunes", "fortunes-min", "fortunes-de",
            "fortunes-es", "fortunes-it", "fortunes-ru", "fortunes-zh", "debian-reference-en", "python3.11-doc",
            "libpython3.11-stdlib", "linux-libc-dev", "libc6-dev"]

FORTUNES = "/usr/share/games/fortunes"
# Byte caps per source: about 4.5 million tokens in all, with code (~20%) and other languages (~20%) above the floors.
CAPS = {
    "gcide": 2_500_000, "wordnet": 1_200_000, "foldoc": 1_000_000, "jargon": 800_000,
    "bible": 1_500_000, "fortunes-en": 1_000_000, "debian-reference": 1_000_000, "python-docs": 2_000_000,
    "python-stdlib": 2_500_000, "c-headers": 1_200_000,
    "fortunes-de": 1_000_000, "fortunes-es": 600_000, "fortunes-it": 600_000, "fortunes-ru": 1_000_000,
    "fortunes-zh": 700_000,
}
KIND = {name: "english" for name in CAPS}
KIND.update({"python-stdlib": "code", "c-headers": "code", "fortunes-de": "non-english", "fortunes-es": "non-english",
             "fortunes-it": "non-english", "fortunes-ru": "non-english", "fortunes-zh": "non-english"})
HELDOUT_PERCENT = 19  # about a million held-out tokens: enough to count dead features on 1M tokens
CHUNK = 2400  # target characters per document for sources made of many small entries


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


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


class TextFromHTML(html.parser.HTMLParser):
    """Visible text of an HTML page: scripts and styles dropped, block elements as line breaks.

    When the page marks its content with role="main" (Sphinx pages do), only that element is kept, which drops the
    navigation bars, sidebars and footers around it.
    """
    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "dd", "table", "section"}

    def __init__(self, main_only):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0
        self.main_only, self.main_depth, self.depth = main_only, None, 0

    def capturing(self):
        return self.skip == 0 and (not self.main_only or self.main_depth is not None)

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self.skip += 1
        if tag == "div":
            self.depth += 1
            if self.main_only and self.main_depth is None and dict(attrs).get("role") == "main":
                self.main_depth = self.depth
        if tag in self.BLOCKS and self.capturing():
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head") and self.skip:
            self.skip -= 1
        if tag in self.BLOCKS and self.capturing():
            self.parts.append("\n")
        if tag == "div":
            if self.main_depth == self.depth:
                self.main_depth = None
                self.main_only = True
            self.depth -= 1

    def handle_data(self, data):
        if self.capturing():
            self.parts.append(data)

    def text(self):
        text = "".join(self.parts).replace("\xa0", " ").replace("¶", "")
        lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_text(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        page = f.read()
    parser = TextFromHTML(main_only='role="main"' in page)
    parser.feed(page)
    return parser.text()


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


def sources():
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
    manifest = {"packages": versions, "heldout_percent": HELDOUT_PERCENT, "caps_bytes": CAPS, "sources": {}}
    with open(os.path.join(args.out, "train.jsonl.tmp"), "w", encoding="utf-8") as train, \
            open(os.path.join(args.out, "heldout.jsonl.tmp"), "w", encoding="utf-8") as heldout:
        for name, files, documents in sources():
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
            manifest["sources"][name] = {"kind": KIND[name], "files": {p: sha256_file(p) for p in files}, **used}
            print(f"corpus: {name}: {used['train']['documents'] + used['heldout']['documents']} documents, {total:,} bytes", file=sys.stderr)
    for split in ("train", "heldout"):
        os.replace(os.path.join(args.out, f"{split}.jsonl.tmp"), os.path.join(args.out, f"{split}.jsonl"))
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
