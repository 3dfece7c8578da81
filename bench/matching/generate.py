"""Generates a kindergarten admission instance from a seed (issue 23's benchmark): N children
ranking 5–10 of K kindergartens, each kindergarten with places for under-threes (two places a
child) and for the older children, a priority class per child and wish (1: § 18 priority,
2: a sibling there, 3: the kommune's own criteria met, 4: the rest), and the round's lottery.

Format (text, one instance for every program in the run):
    R <children> <units>
    C <places of unit 0> <places of unit 1> ...      unit 2k: kindergarten k's under-threes, 2k+1: the rest
    <weight> <lottery> <unit> <class> <unit> <class> ...   one line per child, wishes best first
"""
import argparse
import random


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--children", type=int, default=100_000)
    ap.add_argument("--kindergartens", type=int, default=1_000)
    ap.add_argument("--seed", type=int, default=2027)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    n, k = a.children, a.kindergartens
    small = [rng.random() < 0.4 for _ in range(n)]
    # Places for about 90 % of the children, spread unevenly: some kindergartens are popular.
    popularity = [rng.paretovariate(1.5) for _ in range(k)]
    total = sum(popularity)
    small_children = sum(small)
    places = []
    for p in popularity:
        share = p / total
        places.append(2 * max(1, round(0.9 * small_children * share)))
        places.append(max(1, round(0.9 * (n - small_children) * share)))
    lottery = list(range(n))
    rng.shuffle(lottery)
    kindergartens = list(range(k))
    with open(a.out, "w") as f:
        f.write(f"R {n} {2 * k}\n")
        f.write("C " + " ".join(map(str, places)) + "\n")
        for c in range(n):
            count = rng.randint(5, 10)
            # Wishes lean to popular kindergartens (near ones, in a real kommune).
            chosen = set()
            while len(chosen) < count:
                chosen.add(rng.choices(kindergartens, weights=popularity)[0] if rng.random() < 0.5
                           else rng.randrange(k))
            wishes = list(chosen)
            rng.shuffle(wishes)
            parts = [str(2 if small[c] else 1), str(lottery[c])]
            special = rng.random() < 0.03
            for w in wishes:
                cls = 1 if special else (2 if rng.random() < 0.08 else (3 if rng.random() < 0.5 else 4))
                parts += [str(2 * w + (0 if small[c] else 1)), str(cls)]
            f.write(" ".join(parts) + "\n")


if __name__ == "__main__":
    main()
