"""Shared fixtures for the readiness and planning tools (pure logic; no Rasa, no model)."""
import pytest

from actions.plan.content import load_plan
from actions.readiness.content import load_readiness


@pytest.fixture(scope="session")
def readiness():
    return load_readiness()


@pytest.fixture(scope="session")
def plan():
    return load_plan()


@pytest.fixture
def all_answers(readiness):
    """Every item answered «ja»; tests change the ones they care about."""
    return {item.id: 2 for item in readiness.items}
