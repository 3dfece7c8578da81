"""Plain CPython applicant-proposing deferred acceptance on the benchmark's instance: each unit
holds its proposers in a heap (the worst on top) and lets the worst go while it is over its
places. Prints the matching's seconds (reading the file not counted) and writes the assignment."""
import heapq
import json
import sys
import time

import instance


def match(capacity, weight, lottery, wishes, classes):
    n = len(weight)
    heaps = [[] for _ in capacity]
    used = [0] * len(capacity)
    nxt = [0] * n
    held = [-1] * n
    free = list(range(n - 1, -1, -1))
    while free:
        c = free.pop()
        w = wishes[c]
        if nxt[c] >= len(w):
            continue
        i = nxt[c]
        nxt[c] += 1
        u = w[i]
        if weight[c] > capacity[u]:
            free.append(c)
            continue
        k = instance.key(classes[c][i], lottery[c])
        heapq.heappush(heaps[u], (-k, -c))
        used[u] += weight[c]
        held[c] = u
        while used[u] > capacity[u]:
            _, worst = heapq.heappop(heaps[u])
            worst = -worst
            used[u] -= weight[worst]
            held[worst] = -1
            free.append(worst)
    return held


def main():
    data = instance.read(sys.argv[1])
    t0 = time.perf_counter()
    held = match(*data)
    seconds = time.perf_counter() - t0
    instance.write_assignment(sys.argv[2], held)
    print(json.dumps({"seconds": seconds}))


if __name__ == "__main__":
    main()
