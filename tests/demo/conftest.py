import pytest


class _Out:
    def write(self, *_args, **_kwargs):
        pass


@pytest.fixture
def quiet():
    """A stdout for the demo loaders that keeps their progress lines out of the test output."""
    return _Out()
