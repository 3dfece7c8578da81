"""The independent checker (a separate program from every matcher): for an instance and an
assignment, that every child holds one of its wishes or none, that no unit is over its places,
and how many blocking pairs there are — a child who would rather have a unit that would take it
among those it holds (the places of the children the unit ranks above it, plus its own, fit).
Prints JSON: {"feasible": …, "blocking": …, "matched": …, "first_wish": …}."""
import bisect
import json
import sys

import instance


def main():
    capacity, weight, lottery, wishes, classes = instance.read(sys.argv[1])
    held = instance.read_assignment(sys.argv[2])
    n = len(weight)
    feasible = len(held) == n
    used = [0] * len(capacity)
    admitted = [[] for _ in capacity]
    key_at = [None] * n
    for c, u in enumerate(held):
        if u < 0:
            continue
        if u not in wishes[c]:
            feasible = False
            continue
        i = wishes[c].index(u)
        key_at[c] = instance.key(classes[c][i], lottery[c])
        used[u] += weight[c]
        admitted[u].append((key_at[c], weight[c]))
    feasible = feasible and all(x <= cap for x, cap in zip(used, capacity))
    # Per unit: its children's keys sorted, with the places taken up to each.
    keys, prefix = [], []
    for a in admitted:
        a.sort()
        keys.append([k for k, _ in a])
        run, total = [0], 0
        for _, w in a:
            total += w
            run.append(total)
        prefix.append(run)
    blocking = 0
    for c in range(n):
        for u, cls in zip(wishes[c], classes[c]):
            if u == held[c]:
                break
            k = instance.key(cls, lottery[c])
            ahead = prefix[u][bisect.bisect_left(keys[u], k)]
            if ahead + weight[c] <= capacity[u]:
                blocking += 1
    matched = sum(1 for u in held if u >= 0)
    first = sum(1 for c, u in enumerate(held) if u >= 0 and wishes[c][0] == u)
    print(json.dumps({"feasible": feasible, "blocking": blocking, "matched": matched, "first_wish": first}))


if __name__ == "__main__":
    main()
