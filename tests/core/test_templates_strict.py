"""The test settings make an unknown template variable fail loudly (les-emplois does the same)."""

import pytest
from django.template import engines


def test_unknown_variable_fails():
    with pytest.raises(AssertionError, match="Unknown template variable"):
        engines["django"].from_string("{{ nothing.here }}").render({})
