"""The one einops function CTCNet imports, for machines without einops.

Debian packages no einops. CTCNet (models/ctcnet.py) only calls `rearrange`
with patterns that split or merge axes in place, plus one swap of two axes;
this implements exactly that subset with reshape/permute, which is also what
einops itself dispatches to for torch tensors.
"""
import re


def _groups(side):
    """'b (head c) h w' -> [['b'], ['head', 'c'], ['h'], ['w']]."""
    return [g.strip("()").split() for g in re.findall(r"\([^)]*\)|\S+", side)]


def rearrange(tensor, pattern, **sizes):
    left, right = (_groups(s) for s in pattern.split("->"))
    if len(left) != tensor.dim():
        raise ValueError(f"rearrange: pattern {pattern!r} does not fit a {tensor.dim()}-d tensor")
    known = dict(sizes)
    for group, size in zip(left, tensor.shape):
        unknown = [a for a in group if a not in known]
        product = 1
        for a in group:
            product *= known.get(a, 1)
        if len(unknown) > 1:
            raise ValueError(f"rearrange: cannot infer {unknown} in {pattern!r}")
        if unknown:
            known[unknown[0]] = size // product
    axes = [a for g in left for a in g]
    order = [a for g in right for a in g]
    if sorted(axes) != sorted(order):
        raise ValueError(f"rearrange: {pattern!r} must keep the same axes")
    x = tensor.reshape([known[a] for a in axes])
    x = x.permute([axes.index(a) for a in order])
    shape = []
    for g in right:
        size = 1
        for a in g:
            size *= known[a]
        shape.append(size)
    return x.reshape(shape)
