"""domain.yml lists a slot, a form entry and an ask action for every item of the content files."""
from pathlib import Path

import yaml

from checklists.plan import load_plan
from checklists.readiness import load_readiness

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text())


def check(form: str, slots: list[str]) -> None:
    assert DOMAIN["forms"][form]["required_slots"] == slots
    for slot in slots:
        assert slot in DOMAIN["slots"]
        assert f"action_ask_{slot}" in DOMAIN["actions"]
        [mapping] = DOMAIN["slots"][slot]["mappings"]
        assert mapping["conditions"] == [{"active_loop": form, "requested_slot": slot}]


def test_every_readiness_item_is_a_step_of_the_readiness_form():
    check("readiness_form", [item.slot for item in load_readiness().items])


def test_every_plan_step_is_a_step_of_the_plan_form():
    check("plan_form", [step.slot for step in load_plan().steps])


def test_every_response_has_a_bokmal_default_and_an_english_variation():
    for name, variations in DOMAIN["responses"].items():
        conditions = [v.get("condition") for v in variations]
        assert None in conditions, name
        assert [{"type": "slot", "name": "language", "value": "en"}] in conditions, name
