"""Generated valid maps survive dump -> load unchanged."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from relmap_cli.format.dump import dump_map
from relmap_cli.format.validator import validate_map
from relmap_cli.load.loader import load_text

from .strategies import account_maps


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(account_maps())
def test_generated_maps_are_valid_and_round_trip(data: dict) -> None:
    model = validate_map(data)
    text = dump_map(model)
    loaded = load_text(text, "generated.yaml")
    assert loaded.problems == []
    assert loaded.model == model
    # and a second trip gives the very same text
    assert dump_map(loaded.model) == text
