"""Reads the benchmark's instance file (generate.py) and writes/reads assignments."""


def read(path):
    with open(path) as f:
        head = f.readline().split()
        n, units = int(head[1]), int(head[2])
        capacity = [int(x) for x in f.readline().split()[1:]]
        assert len(capacity) == units
        weight, lottery, wishes, classes = [], [], [], []
        for line in f:
            p = line.split()
            weight.append(int(p[0]))
            lottery.append(int(p[1]))
            wishes.append([int(x) for x in p[2::2]])
            classes.append([int(x) for x in p[3::2]])
        assert len(weight) == n
    return capacity, weight, lottery, wishes, classes


def key(cls, lottery):
    """A unit's ranking of a child: the class first, then the lottery (lower is better)."""
    return (cls << 32) | lottery


def write_assignment(path, unit):
    with open(path, "w") as f:
        f.write("\n".join(str(u) for u in unit) + "\n")


def read_assignment(path):
    with open(path) as f:
        return [int(x) for x in f.read().split()]
