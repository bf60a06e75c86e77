"""The cyclic collector paused while an estate's data is built in bulk, and restored after."""

import gc

from auditor.core.collector import collector_paused


def test_collector_is_off_inside_and_back_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_caller_that_turned_the_collector_off_keeps_it_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_the_block_made_is_out_of_the_collectors_sight_after() -> None:
    before = gc.get_freeze_count()
    with collector_paused():
        made = [[str(i)] for i in range(1000)]  # lists: always tracked by the collector
    assert gc.get_freeze_count() >= before + len(made)


def test_collector_is_back_after_an_error() -> None:
    try:
        with collector_paused():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.isenabled()


class _Node:
    def __init__(self) -> None:
        self.other: object = self  # a reference cycle: only the cyclic collector frees it


def test_garbage_from_before_the_block_is_collected_not_frozen() -> None:
    import weakref

    thresholds = gc.get_threshold()
    gc.set_threshold(0)  # enabled, but no automatic pass: only the block's own can free it
    try:
        node = _Node()
        gone = weakref.ref(node)
        del node
        assert gone() is not None
        with collector_paused():
            assert gone() is None
    finally:
        gc.set_threshold(*thresholds)
