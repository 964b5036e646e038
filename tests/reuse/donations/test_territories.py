import pytest

from fairfleet.reuse.donations import territories as t


def test_counts():
    assert len(t.DEPARTMENTS) == 101
    assert len(t.REGIONS) == 18
    assert len(t.BELGIAN_PROVINCES) == 11  # 10 provinces and the Brussels-Capital Region
    assert {region for _name, region in t.DEPARTMENTS.values()} == set(t.REGIONS)
    assert len(t.all_codes()) == 101 + 18 + 11


@pytest.mark.parametrize(
    ("country", "postcode", "codes"),
    [
        ("FR", "59000", {"FR-59", "FR-R32"}),
        ("FR", "20000", {"FR-2A", "FR-R94"}),
        ("FR", "20200", {"FR-2B", "FR-R94"}),
        ("FR", "97400", {"FR-974", "FR-R04"}),
        ("FR", "75011", {"FR-75", "FR-R11"}),
        ("FR", "97500", set()),  # Saint-Pierre-et-Miquelon is not one of the 101 departments
        ("FR", "ABCDE", set()),
        ("FR", "", set()),
        ("BE", "1000", {"BE-BRU"}),
        ("BE", "1348", {"BE-WBR"}),
        ("BE", "3500", {"BE-VLI"}),
        ("BE", "6700", {"BE-WLX"}),
        ("BE", "9000", {"BE-VOV"}),
        ("BE", "10000", set()),
        ("DE", "10115", set()),
    ],
)
def test_place_of(country, postcode, codes):
    assert t.place_of(country, postcode).codes == codes


def test_names():
    assert t.territory_name("FR-59") == "59 Nord"
    assert t.territory_name("FR-R53") == "Brittany"
    assert t.territory_name("BE-VAN") == "Antwerp"
    assert t.territory_name("XX-1") == "XX-1"
    assert not t.is_known("FR-96")
    groups = t.choices()
    assert [len(options) for _label, options in groups] == [18, 101, 11]
