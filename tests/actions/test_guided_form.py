"""Both checks run on one guided form: each Rasa action name in domain.yml has exactly one class
that says that name in the source (so a grep finds it), and the steps each check asks are those of
its content file and its form in domain.yml."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

from actions.guided_form import GUIDED_FORMS
from actions.handsoff_plan import PLAN
from actions.readiness_check import READINESS

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
CUSTOM = [a for a in DOMAIN["actions"] if a.startswith(("action_", "validate_"))]


@pytest.fixture(scope="module")
def executor():
    executor = ActionExecutor()
    executor.register_package("actions")
    return executor


def test_the_action_server_answers_to_every_action_domain_yml_lists_and_no_other(executor):
    assert sorted(executor.actions) == sorted(CUSTOM)


def test_each_action_name_is_written_out_once_in_the_actions_package():
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "actions").glob("*.py"))
    for name in CUSTOM:
        assert len(re.findall(rf'"{name}"', source)) == 1, name


@pytest.mark.parametrize("check", [READINESS, PLAN], ids=lambda c: c.form)
def test_a_check_asks_the_steps_of_its_form(check):
    assert list(check.slots) == DOMAIN["forms"][check.form]["required_slots"]
    assert check.form in GUIDED_FORMS


def _tracker(lang: str) -> Tracker:
    return Tracker(sender_id="leader-1", slots={"language": lang}, events=[], paused=False, followup_action=None,
                   latest_message={}, active_loop={}, latest_action_name="action_listen")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_an_ask_action_asks_its_own_step_with_counter_and_buttons(executor, lang):
    from checklists.plan import load_plan
    from checklists.readiness import load_readiness

    readiness, plan = load_readiness(), load_plan()
    dispatcher = CollectingDispatcher()
    executor.actions["action_ask_rc_venue"](dispatcher, _tracker(lang), DOMAIN)
    [message] = dispatcher.messages
    index = readiness.items.index(readiness.item("venue"))
    assert message["text"] == f"({index + 1}/15) {readiness.item('venue').question[lang]}"
    assert len(message["buttons"]) == 4

    dispatcher = CollectingDispatcher()
    executor.actions["action_ask_hp_mandate"](dispatcher, _tracker(lang), DOMAIN)
    [message] = dispatcher.messages
    step = plan.step("mandate")
    assert message["text"] == (f"{plan.phase(step.phase).title[lang]} – {plan.steps.index(step) + 1}/{len(plan.steps)}\n"
                               f"{step.question[lang]}")
    assert message["buttons"] == [{"title": "Hopp over", "payload": "hopp over"} if lang == "nb"
                                  else {"title": "Skip", "payload": "skip"}]
