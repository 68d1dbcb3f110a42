"""BibTeX in and out of the library: papers to entries (export) and entries to papers (import).

An entry keeps title, authors, year and, for arXiv papers, the arXiv id (eprint), so a library
survives a round trip through a reference manager.
"""

import hashlib
import logging
import re
from dataclasses import dataclass

from bibtexparser.entrypoint import parse_string

from paperlens.records import Paper

ARXIV_ID = re.compile(r"(\d{4}\.\d{4,5})(?:v\d+)?|([a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?")
ARXIV_URL = re.compile(r"(?:arxiv\.org/(?:abs|pdf)/|huggingface\.co/papers/|arXiv:)\s*([^\s},v]+)")


@dataclass(frozen=True)
class Skipped:
    entry: str
    reason: str


def _escape(value: str) -> str:
    # Braces must balance inside a {...} field; drop stray ones rather than emit broken BibTeX.
    if value.count("{") != value.count("}"):
        value = value.replace("{", "").replace("}", "")
    return value.replace("\n", " ").strip()


def _key(paper: Paper, taken: set[str]) -> str:
    authors = paper.get("authors") or []
    last = authors[0].split()[-1] if authors and authors[0].split() else "paper"
    year = (paper.get("published") or "")[:4]
    word = next((w for w in re.findall(r"[A-Za-z]+", paper["title"]) if len(w) > 3), "")
    base = re.sub(r"[^A-Za-z0-9]", "", f"{last}{year}{word}").lower() or "paper"
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}{n}"
    taken.add(key)
    return key


def _is_arxiv(paper_id: str) -> bool:
    return ARXIV_ID.fullmatch(paper_id) is not None


def to_bibtex(papers: list[Paper]) -> str:
    taken: set[str] = set()
    entries = []
    for paper in papers:
        fields = [("title", paper["title"])]
        if paper.get("authors"):
            fields.append(("author", " and ".join(paper.get("authors") or [])))
        if paper.get("published"):
            fields.append(("year", (paper.get("published") or "")[:4]))
        if _is_arxiv(paper["id"]):
            fields += [
                ("eprint", paper["id"]),
                ("archivePrefix", "arXiv"),
                ("url", f"https://huggingface.co/papers/{paper['id']}"),
            ]
        if paper.get("abstract"):
            fields.append(("abstract", paper.get("abstract") or ""))
        body = ",\n".join(f"  {name} = {{{_escape(value)}}}" for name, value in fields)
        entry_type = "article" if _is_arxiv(paper["id"]) else "misc"
        entries.append(f"@{entry_type}{{{_key(paper, taken)},\n{body}\n}}\n")
    return "\n".join(entries)


def _clean(value: str) -> str:
    # {BERT} keeps capitals in LaTeX; here it is just BERT.
    return re.sub(r"\s+", " ", value.replace("{", "").replace("}", "")).strip()


def _author_name(name: str) -> str:
    last, comma, first = name.partition(",")
    return f"{first.strip()} {last.strip()}" if comma else name.strip()


def _paper_id(fields: dict[str, str], title: str) -> str:
    eprint = fields.get("eprint", "").strip()
    match = ARXIV_ID.fullmatch(eprint.removeprefix("arXiv:"))
    if match:
        return match.group(1) or match.group(2)
    for name in ("url", "journal", "note", "doi", "howpublished"):
        found = ARXIV_URL.search(fields.get(name, ""))
        if found and ARXIV_ID.fullmatch(found.group(1)):
            return found.group(1)
    # Not an arXiv paper: a stable id from the title, so importing twice gives one paper.
    return "bib-" + hashlib.sha1(title.lower().encode("utf-8")).hexdigest()[:16]


def from_bibtex(text: str) -> tuple[list[Paper], list[Skipped]]:
    """Papers from the entries that have a title; a reason for each entry left out."""
    # bibtexparser logs every block it cannot parse; those are reported in `skipped` instead.
    logging.getLogger("bibtexparser").setLevel(logging.ERROR)
    library = parse_string(text)
    papers: list[Paper] = []
    skipped = [
        Skipped(entry=(block.raw or "").strip()[:60], reason="not valid BibTeX")
        for block in library.failed_blocks
    ]
    for entry in library.entries:
        fields = {name.lower(): str(field.value) for name, field in entry.fields_dict.items()}
        title = _clean(fields.get("title", ""))
        if not title:
            skipped.append(Skipped(entry=entry.key, reason="expected a title field, found none"))
            continue
        authors = [_author_name(_clean(a)) for a in fields.get("author", "").split(" and ")]
        year = _clean(fields.get("year", ""))
        papers.append(
            Paper(
                id=_paper_id(fields, title),
                title=title[:1000],
                abstract=_clean(fields["abstract"])[:20000] if fields.get("abstract") else None,
                authors=[a for a in authors if a][:1000],
                upvotes=None,
                published=year if re.fullmatch(r"\d{4}", year) else None,
            )
        )
    return papers, skipped
