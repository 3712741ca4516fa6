"""The cyclic garbage collector, paused while a whole class's plans are in memory: the bottom
layer's `generator.base.collector.paused`, under the name the teacher tools use."""

from __future__ import annotations

from generator.base.collector import paused as collector_paused

__all__ = ["collector_paused"]
