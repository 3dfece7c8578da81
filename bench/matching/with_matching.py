"""The same instance through PyPI's `matching` package (HospitalResident, resident-optimal).
Each unit is a hospital whose capacity is counted in children (a unit's children all take the
same number of places: places ÷ that number), its preferences its proposers by class then
lottery. Prints the solve's seconds (building the game counted separately) and writes the
assignment."""
import json
import sys
import threading
import time

from matching.games import HospitalResident

import instance


def main():
    capacity, weight, lottery, wishes, classes = instance.read(sys.argv[1])
    t0 = time.perf_counter()
    unit_weight = {}
    applicants = [[] for _ in capacity]
    for c, (ws, cs) in enumerate(zip(wishes, classes)):
        for u, cls in zip(ws, cs):
            unit_weight[u] = weight[c]
            applicants[u].append((instance.key(cls, lottery[c]), c))
    resident_prefs = {c: ws for c, ws in enumerate(wishes) if ws}
    hospital_prefs = {u: [c for _, c in sorted(a)] for u, a in enumerate(applicants) if a}
    hospital_capacities = {u: capacity[u] // unit_weight.get(u, 1) for u in hospital_prefs}
    game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, hospital_capacities)
    t1 = time.perf_counter()
    solution = game.solve(optimal="resident")
    t2 = time.perf_counter()
    held = [-1] * len(weight)
    for hospital, residents in solution.items():
        for r in residents:
            held[r.name] = hospital.name
    instance.write_assignment(sys.argv[2], held)
    print(json.dumps({"seconds": t2 - t1, "build_seconds": t1 - t0}))


if __name__ == "__main__":
    # The package deep-copies its game (players referring to players): deep recursion at this
    # size, so a big stack and recursion limit, in a thread of its own.
    sys.setrecursionlimit(10_000_000)
    threading.stack_size(1 << 30)
    t = threading.Thread(target=main)
    t.start()
    t.join()
