import pytest
from django.core.exceptions import ValidationError

from fairfleet.footprint.fleet import profile_of
from fairfleet.footprint.scenarios import method
from fairfleet.footprint.scenarios.service import method_parameters_update
from fairfleet.tenancy.models import AuditEntry


def test_every_parameter_has_a_source_and_a_default_within_its_bounds():
    for parameter in method.PARAMETERS:
        assert str(parameter.source)
        assert str(parameter.explanation)
        assert parameter.minimum <= parameter.default <= parameter.maximum


def test_parameters_merge_own_values_with_defaults(organisation):
    profile = profile_of(organisation)
    profile.method_parameters = {"second_life_years": 5, "fit_for_reuse_share": 7, "unknown": 1}
    values = method.parameters_for(profile)
    assert values["second_life_years"] == 5
    assert values["fit_for_reuse_share"] == 0.6  # out of bounds in the stored data: the default
    assert "unknown" not in values
    assert method.refurbished_share(values, "laptop") == 0.6
    assert method.refurbished_share(values, "printer") == values["refurbished_share_other"]


@pytest.mark.parametrize(
    "values",
    [{"second_life_years": "abc"}, {"second_life_years": 0}, {"fit_for_reuse_share": 1.5}, {"nope": 1}],
)
def test_bad_values_are_refused_and_nothing_is_saved(organisation, values):
    profile = profile_of(organisation)
    with pytest.raises(ValidationError):
        method_parameters_update(actor=None, profile=profile, values=values)
    profile.refresh_from_db()
    assert profile.method_parameters == {}
    assert not AuditEntry.objects.filter(organisation=organisation, action="update").exists()


def test_empty_values_go_back_to_the_defaults(organisation):
    profile = profile_of(organisation)
    method_parameters_update(actor=None, profile=profile, values={"second_life_years": 4})
    method_parameters_update(actor=None, profile=profile, values={"second_life_years": ""})
    profile.refresh_from_db()
    assert profile.method_parameters == {}
    assert method.parameters_for(profile)["second_life_years"] == 3.0
