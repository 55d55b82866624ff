"""What a gap report is made of: findings, their kinds and severities, the report.

Plain records and the order they are read in; no analysis here.
"""

from ...tuples import NamedTuple

# kinds in the order a KAM reads them when severities are equal
KINDS = (
    "red-flag",
    "departed",
    "missing-role",
    "uncovered",
    "negative",
    "single-threaded",
    "model",
    "missing-counterpart",
    "no-counterpart",
    "unknown-stance",
    "placeholder",
)
SEVERITIES = ("error", "warning", "info")
SEVERITY_ORDER = {severity: rank for rank, severity in enumerate(SEVERITIES)}
STATUS_TEXT = {
    0: "no client people mapped",
    1: "no key players identified",
    2: "key players identified, none supportive",
    3: "supportive key players",
}


def one_step_lower(severity: str) -> str:
    """error -> warning -> info; info stays info."""
    return SEVERITIES[min(SEVERITY_ORDER[severity] + 1, len(SEVERITIES) - 1)]


class Finding(NamedTuple):
    """One gap: what kind, how bad, who, what is wrong, what to do, and the plan that addresses it.

    `people` lists ids (theirs and ours) strongest first; `planned` the ids
    of open actions that address it, and `plan_note` says so in words
    ("planned: a3, Dr. Li Chen, due 2026-12-15"). `weight` orders findings
    within a severity and kind (the client person's influence, mostly);
    `about` names what the gap is about when `people` also names whom the
    suggestion asks (those may change while the gap stays the same); `asks`
    names the colleagues the suggestion asks to act, whether or not they are
    in `people`.
    """

    kind: str
    severity: str
    people: tuple[str, ...]
    message: str
    suggestion: str
    planned: tuple[str, ...] = ()
    plan_note: str = ""
    weight: float = 0
    about: tuple[str, ...] = ()  # what identifies the gap across versions of a map (default: `people`)
    asks: tuple[str, ...] = ()  # our people the suggestion asks to act (named in it), for `--person`

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        """The gap's identity, so that `diff` can tell a gap that stayed from one that opened or closed."""
        return (self.kind, self.about or self.people)


def sort_key(finding: Finding) -> tuple[int, int, float, tuple[str, ...], str]:
    """Most important first: severity, kind, weight, then the people and message for a stable order."""
    return (
        SEVERITY_ORDER[finding.severity],
        KINDS.index(finding.kind),
        -finding.weight,
        finding.people,
        finding.message,
    )


class GapReport(NamedTuple):
    """The gaps of one account with its engagement model, target and map status.

    `left_out` counts the findings a selection (`select_findings`) did not keep.
    """

    account: str
    model: str
    target_model: str
    status: int
    findings: list[Finding]
    left_out: int = 0

    @property
    def status_text(self) -> str:
        """The status in words."""
        return STATUS_TEXT[self.status]

    def keeping(self, findings: list[Finding]) -> "GapReport":
        """The same report with only `findings`, counting the others as left out."""
        return self._replace(findings=findings, left_out=self.left_out + len(self.findings) - len(findings))
