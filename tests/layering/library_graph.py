#!/usr/bin/env python3
"""Prints the graph of shardlift's layer libraries and checks that every edge points down.

  library_graph.py <build>/layers/graph.txt <layer>...   (the layers bottom to top)

graph.txt is written by shardlift_layer() at configure time: "<layer>: <layers it links>".
"""
import sys


def main():
    graph_file, order = sys.argv[1], sys.argv[2:]
    rank = {layer: i for i, layer in enumerate(order)}
    edges = {}
    for line in open(graph_file):
        name, _, deps = line.partition(":")
        edges[name.strip()] = deps.split()
    problems = []
    if sorted(edges) != sorted(order):
        problems.append(f"layers configured {sorted(edges)} != declared {sorted(order)}")
    for layer in order:
        deps = edges.get(layer, [])
        print(f"{layer:10} -> {' '.join(deps) if deps else '(nothing)'}")
        for dep in deps:
            if dep not in rank or rank[dep] >= rank[layer]:
                problems.append(f"{layer} -> {dep} does not point to a lower layer")
    for problem in problems:
        print("FAIL:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
