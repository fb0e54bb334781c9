import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from aftership_connector import Connector  # noqa: E402


@pytest.fixture(scope="session")
def connector() -> Connector:
    return Connector()
