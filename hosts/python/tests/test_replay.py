"""Every recorded case of the repository, through the installed package."""

import pytest

from replay import discover, run_fixture, run_oauth, run_webhook

FIXTURES = discover("fixtures")
OAUTH = discover("oauth")
WEBHOOKS = discover("webhooks")


def _id(path):
    return "/".join(path.parts[-3:])


def test_every_case_folder_has_cases():
    # The Rust suites hold 325 fixtures, 48 OAuth and 18+ webhook cases.
    assert len(FIXTURES) >= 325
    assert len(OAUTH) >= 48
    assert len(WEBHOOKS) >= 18


@pytest.mark.parametrize("path", FIXTURES, ids=_id)
def test_fixture(connector, path):
    problems = run_fixture(connector, path)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", OAUTH, ids=_id)
def test_oauth_case(connector, path):
    problems = run_oauth(connector, path)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", WEBHOOKS, ids=_id)
def test_webhook_case(connector, path):
    problems = run_webhook(connector, path)
    assert not problems, "\n".join(problems)
