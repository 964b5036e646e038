import pytest

from fairfleet.footprint.factors import factor_tables


@pytest.fixture
def tables():
    """The arrays of the factor set the migrations loaded (built once per process)."""
    return factor_tables("boavizta-2.5.0")


@pytest.fixture(scope="session")
def boavizta():
    """boaviztapi imported once per test process, without BOAVIZTA_* variables or a .env file."""
    oracle = pytest.importorskip("fairfleet.footprint.oracle")
    pytest.importorskip("boaviztapi")
    return oracle.load_boaviztapi()
