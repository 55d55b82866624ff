"""The `model` finding: how the account gets one step closer to its target engagement model.

The threads it names come from a small simulation: add the most useful
missing threads (key players first, counterparts who share a topic first,
weak contacts built up before new ones) until the inferred model moves one
step. When our intent is high and the client's low, it says that the model
cannot be forced. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy
from itertools import islice

from ...format.model import target_model
from ...graph import Contact
from ..words import join_names
from .context import Context
from .engagement import TENTHS, Shape, function_pair, is_thread, next_step, short_of
from .report import Finding

MAX_THREADS = 12  # a plan of more new threads than this is named by its first few
POOL = 200  # candidates considered: the best few hundred are plenty to choose a dozen from
SHOWN = 4


def model_findings(ctx: Context, shape: Shape, model: str) -> list[Finding]:
    """The step towards the target model, and the intent mismatch."""
    account = ctx.graph.model.account
    target = target_model(account)
    findings = []
    if short_of(model, target):
        findings.append(_step(ctx, shape, model, target))
    if account.intent == "high" and account.client_intent == "low":
        # what cannot be forced is the deeper model our intent aims at, not the bow tie the client accepts
        deeper = target if target in ("cotton-reel", "diamond") else "diamond"
        aim = "" if deeper == target else f", so we aim for a {target}"
        findings.append(
            Finding(
                "model",
                "info",
                (),
                f"Our intent is high but the client's is low: a {deeper} relationship cannot be forced on them{aim}",
                "Earn their trust with what we deliver first, and ask again what they want from the relationship "
                "at the next review",
            )
        )
    return findings


def _reached(step: str, model: str) -> bool:
    if step == "bow-tie":
        return model != "none"
    if step == "cotton-reel":
        return model in ("cotton-reel", "diamond")
    return model == step


def _candidates(ctx: Context, shape: Shape, step: str) -> Iterator[tuple[str, str, Contact | None]]:
    """Possible new threads, best first: (ours, theirs, the weak contact it builds on)."""
    holder, funnel = shape.holder(), shape.funnel()
    people = sorted(
        ctx.people,
        key=lambda p: (not p.is_key_player, p.stance == "detractor", -p.influence, ctx.order[p.id]),
    )
    if step == "one-on-many" and funnel is None and people:
        focal = max(shape.theirs, key=lambda t: (shape.theirs[t], -ctx.order[t]), default=people[0].id)
        people = [ctx.graph.client[focal]]
    for person in people:
        if (step == "cotton-reel" and person.id == funnel) or ctx.leaving_soon(person):
            continue
        contacts = ctx.graph.active_contacts_of(person.id)
        if any(is_thread(c) for c in contacts) and step == "bow-tie":
            continue
        threaded = {c.ours for c in contacts if is_thread(c) or c.strength == "negative"}
        weak = {c.ours: c for c in contacts if c.strength == "weak"}
        members = [m.id for m in ctx.rule.candidates(person)]
        if step in ("bow-tie", "one-on-many"):
            members += [m.id for m in ctx.team if m.id not in members]
        # any weak contact is a thread to build up; new threads come from counterparts
        ordered = list(weak) + [m for m in members if m not in weak]
        chosen = ctx.chosen.get(person.id)  # whom the report already asks to meet them comes first
        if chosen is not None:
            ordered = [chosen, *(m for m in ordered if m != chosen)]
        for member in ordered:
            if member in threaded or (step in ("cotton-reel", "one-on-many") and member == holder):
                continue
            yield member, person.id, weak.get(member)


def _step(ctx: Context, shape: Shape, model: str, target: str) -> Finding:
    step = next_step(model, target)
    trial = deepcopy(shape)
    picked: list[tuple[str, str, Contact | None]] = []
    pool = list(islice(_candidates(ctx, trial, step), POOL))
    while pool and not _reached(step, trial.model()) and len(picked) < MAX_THREADS:
        # the best candidate, preferring a colleague not asked yet: the point is to spread the threads
        asked = {ours for ours, _, _ in picked}
        index = next((i for i, (ours, _, _) in enumerate(pool) if ours not in asked), 0)
        ours, theirs, weak = pool.pop(index)
        if any(t == theirs and (o == ours or step != "one-on-many") for o, t, _ in picked):
            continue  # one new thread per person, except where many of ours are to funnel into one of theirs
        pair = function_pair(ctx.rule, Contact(ours, theirs, "good", None, -1))
        if step == "diamond" and (pair is None or pair in trial.pairs):
            continue
        trial.add(ours, theirs, TENTHS["good"] - (TENTHS["weak"] if weak else 0), True, pair)
        picked.append((ours, theirs, weak))
    message = f"The engagement model is {model}; the target is {target}: {_why(ctx, shape, model)}"
    if not picked:
        suggestion = (
            f"{model} → {step}: no thread we could add gets there yet: map more of their people and name who of "
            "ours should meet them"
        )
        return Finding("model", "warning", (), message, suggestion, weight=0, about=("step",))
    functions = list(dict.fromkeys(ctx.graph.client[theirs].function or "their executives" for _, theirs, _ in picked))
    named = [
        f"{ctx.name(ours)} with {ctx.name(theirs)}" + (", building up the weak contact" if weak else "")
        for ours, theirs, weak in picked[:SHOWN]
    ]
    more = f" and {len(picked) - SHOWN} more" if len(picked) > SHOWN else ""
    enough = (
        ""
        if _reached(step, trial.model())
        else "; even these are not enough: add colleagues beyond the counterpart pairs"
    )
    if step == "bow-tie":
        suggestion = f"{model} → {step}: build a first thread: {named[0]}"
    else:
        threads = f"{'; '.join(named)}{more}"
        suggestion = f"{model} → {step}: give {join_names(functions[:SHOWN])} their own threads ({threads}){enough}"
    people = tuple(dict.fromkeys(person for ours, theirs, _ in picked for person in (theirs, ours)))
    return Finding("model", "warning", people, message, suggestion, weight=0, about=("step",))


def _why(ctx: Context, shape: Shape, model: str) -> str:
    if model == "none":
        return "we have no thread yet"
    holder, funnel = shape.holder(), shape.funnel()
    if model == "bow-tie" and holder is not None:
        return f"{ctx.name(holder)} holds {shape.share(holder)}% of the contact strength"
    if model == "one-on-many" and funnel is not None:
        share = round(100 * shape.theirs[funnel] / shape.total)
        return f"{ctx.name(funnel)} receives {share}% of our contact strength"
    pairs = len(shape.pairs)
    return f"threads join {pairs} function pair{'s' * (pairs != 1)} (a diamond needs 3)"
