import pytest

from fairfleet.reuse.matching import grade_acceptable, offer_priority


@pytest.mark.parametrize(
    ("criticality", "grade", "acceptable"),
    [
        ("vital", "A", True),
        ("vital", "B", True),
        ("vital", "C", False),
        ("vital", "D", False),
        ("vital", "", False),
        ("standard", "C", True),
        ("standard", "D", False),
        ("tolerant", "D", True),
        ("tolerant", "A", True),
        ("unknown", "C", True),  # an unknown criticality is treated as standard
        ("unknown", "D", False),
        ("vital", "b", True),
    ],
)
def test_grade_acceptable(criticality, grade, acceptable):
    assert grade_acceptable(criticality=criticality, grade=grade) is acceptable


def test_vital_services_see_the_best_and_youngest_first():
    devices = [("C", 2.0), ("B", 6.0), ("A", 4.0), ("B", 3.0), ("A", None)]
    ranked = sorted(devices, key=lambda d: offer_priority(criticality="vital", grade=d[0], age_years=d[1]))
    assert ranked == [("A", 4.0), ("A", None), ("B", 3.0), ("B", 6.0), ("C", 2.0)]


def test_tolerant_services_see_end_of_cycle_hardware_first():
    devices = [("A", 1.0), ("D", 3.0), ("C", 8.0), ("D", 7.0), ("D", None)]
    ranked = sorted(devices, key=lambda d: offer_priority(criticality="tolerant", grade=d[0], age_years=d[1]))
    assert ranked == [("D", 7.0), ("D", 3.0), ("D", None), ("C", 8.0), ("A", 1.0)]


def test_unacceptable_devices_always_come_last():
    vital_d = offer_priority(criticality="vital", grade="D", age_years=0.5)
    vital_b = offer_priority(criticality="vital", grade="B", age_years=9.0)
    assert vital_b < vital_d
