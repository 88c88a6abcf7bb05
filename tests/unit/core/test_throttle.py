"""The learner throttle: one wiki request per learner and action in each window, even from racing clicks."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache

from wikiskills.integrations.wikiskills_core import throttle

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def twenty_seconds(settings):
    settings.WIKISKILLS_LEARNER_WIKI_REQUEST_SECONDS = 20
    cache.clear()


def test_the_first_request_goes_through_and_the_next_is_told_when():
    assert throttle.claim("check", 7, NOW) is None
    assert throttle.claim("check", 7, NOW + timedelta(seconds=5)) == NOW + timedelta(seconds=20)
    assert throttle.claim("link", 7, NOW) is None  # another action
    assert throttle.claim("check", 8, NOW) is None  # another learner


def test_zero_turns_it_off(settings):
    settings.WIKISKILLS_LEARNER_WIKI_REQUEST_SECONDS = 0
    assert [throttle.claim("check", 7, NOW) for _ in range(3)] == [None, None, None]


def test_of_many_simultaneous_clicks_exactly_one_goes_through():
    results = []
    barrier = threading.Barrier(8)

    def click():
        barrier.wait()
        results.append(throttle.claim("check", 9))

    threads = [threading.Thread(target=click) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(None) == 1
