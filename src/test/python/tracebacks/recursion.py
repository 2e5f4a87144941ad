"""Unbounded recursion: RecursionError, the repeated frames printed once with their count."""


def depth(n):
    return depth(n + 1)


depth(0)
