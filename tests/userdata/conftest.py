import pytest


@pytest.fixture
def store(tmp_path, temporary_databases):
    """A fresh SQLite user-data database for one test (tests/conftest.py gives every test its own);
    the folder it is in."""
    return tmp_path
