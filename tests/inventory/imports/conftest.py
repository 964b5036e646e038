import pytest

from tests.inventory.imports.make_corpus import write_corpus


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    directory = tmp_path_factory.mktemp("corpus")
    return directory, write_corpus(directory)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
