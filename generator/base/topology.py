"""Prerequisite graphs: an order that puts prerequisites first, and the cycles that forbid one.

A graph is a mapping from each node to the nodes it requires, in the order they were written;
a required node that is not a key is a node with no requirements of its own. The standard
library's graphlib sorts; a cycle report needs one cycle per tangle, not graphlib's first one,
so that part is written here (Tarjan's strongly connected components). Every walk is
iterative: a hostile library may chain more skills than Python recurses.
"""

from __future__ import annotations

import graphlib
import heapq
from collections.abc import Callable, Iterable, Iterator, Mapping

Graph = Mapping[str, Iterable[str]]


def order(graph: Graph, key: Callable[[str], int]) -> list[str]:
    """Every node after all it requires; among the nodes free to come next, the smallest key
    first. Raises graphlib.CycleError on a cycle."""
    sorter = graphlib.TopologicalSorter(graph)
    sorter.prepare()
    ready = [(key(node), node) for node in sorter.get_ready()]
    heapq.heapify(ready)
    found = []
    while ready:
        node = heapq.heappop(ready)[1]
        found.append(node)
        sorter.done(node)
        for freed in sorter.get_ready():
            heapq.heappush(ready, (key(freed), freed))
    return found


def cycles(graph: Graph) -> list[list[str]]:
    """One cycle per strongly connected group, closed: a → b → a; none for a graph without.

    The cycle is the first one a depth-first walk from the group's smallest node meets,
    following each node's requirements in written order (so usually, not always, it starts
    at that node); groups come in the order of their smallest node.
    """
    edges = _complete(graph)  # graphlib's check alone takes twice as long as _groups
    found = []
    for group in sorted(_groups(edges), key=min):
        start = min(group)
        if len(group) > 1 or start in edges[start]:
            found.append(_cycle_from(edges, start, set(group)))
    return found


def _complete(graph: Graph) -> dict[str, list[str]]:
    """The graph with a key for every node, required ones included, and repeats dropped."""
    edges = {node: list(dict.fromkeys(required)) for node, required in graph.items()}
    for required in list(edges.values()):
        for node in required:
            edges.setdefault(node, [])
    return edges


def _groups(edges: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected groups, by Tarjan's algorithm with an explicit stack."""
    tarjan = _Tarjan(edges)
    for root in edges:
        if root not in tarjan.index:
            tarjan.visit(root)
    return tarjan.found


class _Tarjan:
    def __init__(self, edges: dict[str, list[str]]) -> None:
        self.edges = edges
        self.index: dict[str, int] = {}
        self.low: dict[str, int] = {}
        self.stack: list[str] = []
        self.place: dict[str, int] = {}  # where each node of the stack is on it
        self.on_stack: set[str] = set()
        self.found: list[list[str]] = []

    def visit(self, root: str) -> None:
        work = [(root, self._enter(root))]
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in self.index:
                    work.append((target, self._enter(target)))
                    break
                if target in self.on_stack:
                    self.low[node] = min(self.low[node], self.index[target])
            else:  # every requirement of node seen: close it
                work.pop()
                if work:
                    parent = work[-1][0]
                    self.low[parent] = min(self.low[parent], self.low[node])
                if self.low[node] == self.index[node]:
                    self._close(node)

    def _enter(self, node: str) -> Iterator[str]:
        self.index[node] = self.low[node] = len(self.index)
        self.place[node] = len(self.stack)
        self.stack.append(node)
        self.on_stack.add(node)
        return iter(self.edges[node])

    def _close(self, node: str) -> None:
        at = self.place[node]
        group = self.stack[at:]
        del self.stack[at:]
        self.on_stack.difference_update(group)
        self.found.append(group)


def _cycle_from(edges: dict[str, list[str]], start: str, group: set[str]) -> list[str]:
    """The first cycle a depth-first walk from start meets, inside its group."""
    path, at = [start], {start: 0}
    seen = {start}
    work = [iter(edges[start])]
    while work:
        for target in work[-1]:
            if target in at:
                return path[at[target] :] + [target]
            if target in group and target not in seen:
                seen.add(target)
                at[target] = len(path)
                path.append(target)
                work.append(iter(edges[target]))
                break
        else:
            work.pop()
            del at[path.pop()]
    raise AssertionError(f"{start} is in a strongly connected group, so a cycle returns to it")
