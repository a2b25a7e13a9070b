"""The two checklists as loaded, for the tests of their content and pure logic (no Rasa, no model)."""
import pytest

from checklists.plan import load_plan
from checklists.readiness import load_readiness


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
