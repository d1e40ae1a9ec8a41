"""A kernel whose messages cannot be decoded (learner code replaced ``json.dumps``, so every header lacks
``msg_id``) costs that submission its answers, never the class its grading (found in a venv without orjson,
where jupyter_client packs messages with the kernel's own ``json.dumps``)."""

from __future__ import annotations

import queue

import pytest

from chiiki_lab.exercises import execution


def test_an_undecodable_message_stops_the_kernel_not_the_grader():
    def forged(timeout):
        raise KeyError("msg_id")  # what Session.deserialize raises for a header without msg_id

    with pytest.raises(execution._Stop, match="読めないメッセージ"):
        execution._receive(forged, 0.1)


def test_an_empty_channel_is_still_just_empty():
    def empty(timeout):
        raise queue.Empty

    with pytest.raises(queue.Empty):
        execution._receive(empty, 0.1)
