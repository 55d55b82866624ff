"""A person's `level` from their job title and `function` from their department (or title).

Guesses, always reported as such so the user can correct them: Chief / C-level
is executive (but a Chief Engineer or Chief Physicist leads a team: manager),
VP is vp, Director / Head is director, Manager / Lead is manager, anyone else
staff. Pure functions; no I/O.
"""

from __future__ import annotations

import re
import unicodedata

_I = re.IGNORECASE
# (level, pattern) in order: the first that matches decides
_LEVELS: list[tuple[str, re.Pattern[str]]] = [
    ("staff", re.compile(r"\b(?:executive|personal) assistant\b|\bassistant to\b|\bPA to\b", _I)),
    ("vp", re.compile(r"\b[SEA]?VP\b|\bvice[- ]president\b|\bvizepr[äa]sident", _I)),
    (
        "manager",  # a specialist who leads in their field, not a member of the C-suite
        re.compile(
            r"\bchief\b(?:\s+\w+){0,2}?\s+(?:engineer|physicist|technician|technologist|scientist|architect|pilot|"
            r"radiographer|pharmacist|nurse|editor|steward|accountant|surveyor|designer)s?\b",
            _I,
        ),
    ),
    (
        "executive",
        re.compile(
            r"\bchief\b|\bC-(?:level|suite)\b|\bpresident\b|\bmanaging director\b|\bgesch[äa]ftsf[üu]hrer|"
            r"\bdirect(?:eur|or)[- ]g[ée]n[ée]ral\b|\bvorstand",
            _I,
        ),
    ),
    ("executive", re.compile(r"\bC(?:EO|FO|OO|TO|IO|MO|NO|PO|CO|HRO|ISO|DO|SO|RO|AO|LO|MIO|MSO|QO)\b")),
    ("manager", re.compile(r"\bteam[- ]?lead(?:er)?\b|\bteamleit", _I)),
    (
        "director",
        re.compile(r"\bdirector\b|\bhead\b|\bdirect(?:eur|rice|ora?)\b|\bdirektor(?:in)?\b|\bleiter(?:in)?\b", _I),
    ),
    (
        "manager",
        re.compile(
            r"\bmanager\b|\blead\b|\bleader\b|\bsupervisor\b|\bsuperintendent\b|\bresponsable\b|\bgerente\b", _I
        ),
    ),
]

# department (or a keyword of a title) -> function slug, for names a slug of their own would get wrong
_FUNCTIONS: list[tuple[str, re.Pattern[str]]] = [
    (
        "executive",
        re.compile(
            r"^(?:executive(?: board| office| management)?|board|c-suite|management board|"
            r"office of the (?:ceo|president)|leadership|vorstand|gesch[äa]ftsf[üu]hrung)$",
            _I,
        ),
    ),
    ("it", re.compile(r"^(?:it|ict|is|i\.t\.|it services|information (?:technology|services|systems)|is&t)$", _I)),
    ("hr", re.compile(r"^(?:hr|human resources|people(?: & culture| and culture)?|personnel)$", _I)),
    ("r-and-d", re.compile(r"^(?:r ?& ?d|r and d|research (?:and|&) development)$", _I)),
    ("procurement", re.compile(r"^(?:purchasing|procurement|sourcing|buying|einkauf|achats)\b", _I)),
    ("finance", re.compile(r"^(?:finance|financial|accounting|controlling|treasury)\b", _I)),
    ("medical", re.compile(r"^medical (?:directorate|affairs|board)$", _I)),
    ("quality", re.compile(r"^(?:quality|qa|quality assurance|qualit[ée]|qualit[äa]t)\b", _I)),
    ("legal", re.compile(r"^(?:legal|legal (?:&|and) compliance)$", _I)),
    ("operations", re.compile(r"^(?:operations|ops)$", _I)),
]

# keywords of a title -> function, when the export has no department (HubSpot's default columns)
_TITLE_FUNCTIONS: list[tuple[str, re.Pattern[str]]] = [
    ("finance", re.compile(r"\bfinanc|\bCFO\b|\bcontroller\b|\btreasur|\baccount(?:ant|ing)\b", _I)),
    ("procurement", re.compile(r"\bprocurement\b|\bpurchas|\bbuyer\b|\bsourcing\b|\bcategory manager\b", _I)),
    ("it", re.compile(r"\bCIO\b|\bIT\b|(?i:\binformation (?:technology|officer)\b|\bdata\b|\bsoftware\b)")),
    ("operations", re.compile(r"\bCOO\b|\boperations\b|\boperating\b", _I)),
    ("engineering", re.compile(r"\bCTO\b|\bengineer|\btechnical\b|\bpowerplant\b|\bengines?\b", _I)),
    ("hr", re.compile(r"\bHR\b|\bhuman resources\b|\bpeople\b|\btalent\b|\brecruit", _I)),
    ("legal", re.compile(r"\blegal\b|\bcounsel\b|\blawyer\b|\bcompliance\b", _I)),
    ("sustainability", re.compile(r"\bsustainab|\bESG\b|\benvironment", _I)),
    ("quality", re.compile(r"\bquality\b|\bQA\b", _I)),
    ("marketing", re.compile(r"\bmarketing\b|\bCMO\b", _I)),
    ("sales", re.compile(r"\bsales\b|\baccount manager\b", _I)),
    ("commercial", re.compile(r"\bcommercial\b|\bCCO\b", _I)),
    ("r-and-d", re.compile(r"\bR&D\b|\bresearch\b", _I)),
    ("executive", re.compile(r"\bCEO\b|\bchief executive\b|\bmanaging director\b|\bpresident\b", _I)),
]


def infer_level(title: str) -> str:
    """The level a title says: executive, vp, director, manager, or staff."""
    for level, pattern in _LEVELS:
        if pattern.search(title):
            return level
    return "staff"


def slug(text: str) -> str:
    """Text as an id or function slug: ASCII letters and digits joined by '-' ('Strauß' -> 'strauss')."""
    text = text.replace("ß", "ss").replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("Æ", "Ae")
    text = text.replace("ð", "d").replace("þ", "th").replace("ł", "l").replace("Ł", "L").replace("&", " and ")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def infer_function(department: str, title: str, known: frozenset[str] = frozenset()) -> tuple[str | None, str]:
    """The function slug and where it came from ('department' or 'title'); (None, '') when neither says.

    A department the map already uses as a function (after making it a
    slug) is taken as it is, so imported people join their colleagues.
    """
    if department:
        for function, pattern in _FUNCTIONS:
            if pattern.search(department):
                return function, "department"
        made = slug(department)
        if made:
            singular = made.removesuffix("s")
            return (singular if singular in known and made not in known else made), "department"
    for function, pattern in _TITLE_FUNCTIONS:
        if pattern.search(title):
            return function, "title"
    return None, ""
