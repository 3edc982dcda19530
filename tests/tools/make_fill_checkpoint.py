#!/usr/bin/python3
"""Writes a .pth checkpoint shaped like an official one, filled with fill-v1.

Test helper for tools/convert_checkpoint.py: the state_dict comes from an
official key listing (../shared/specs/keys/*.txt), each entry filled by the
fill-v1 rule of ../shared/fixtures/README.md §1 (vectorised splitmix64), and
is wrapped the way training scripts save it: {"params": {"module.<key>": t}}.

  make_fill_checkpoint.py KEYS.txt SEED OUT.pth
"""
import collections
import sys

import numpy as np
import torch

GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def fnv1a64(key):
    h = 0xCBF29CE484222325
    for b in key.encode():
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def uniforms(seed_state, n):
    """u_j of README §1: the j-th splitmix64 state is s0 + (j+1)*golden."""
    with np.errstate(over="ignore"):
        z = np.uint64(seed_state) + GOLDEN * np.arange(1, n + 1, dtype=np.uint64)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * 2.0**-53


def fill(key, shape, seed):
    n = int(np.prod(shape)) if shape else 1
    if key.endswith("num_batches_tracked"):
        return torch.zeros(shape, dtype=torch.int64)
    u = uniforms(fnv1a64(key) ^ seed, n)
    r = 2.0 * u - 1.0
    if key.endswith("running_var"):
        v = 1.0 + 0.5 * u
    elif key.endswith("running_mean"):
        v = 0.1 * r
    elif len(shape) >= 2 and n // shape[0] > 1:
        v = r / np.sqrt(float(n // shape[0]))
    elif key.endswith("bias"):
        v = 0.1 * r
    else:
        v = 0.5 + 0.5 * u
    return torch.from_numpy(v.astype(np.float32).reshape(shape))


def main():
    keys_file, seed, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    state = collections.OrderedDict()
    for line in open(keys_file):
        if not line.strip() or line.startswith("#"):
            continue
        key, shape_text = line.split("\t")[:2]
        shape = tuple(int(d) for d in shape_text.strip("()\n ").split(",") if d.strip())
        state["module." + key] = fill(key, shape, seed)
    torch.save({"params": state, "iter": 1}, out)


if __name__ == "__main__":
    main()
