"""Generates random differential-test programs and what PyTorch does with them.

Needs PyTorch (the committed programs.jsonl was made with torch 2.15.0+cu132, CPU). Run:

    python3 Fixtures/differential/generate.py > Fixtures/differential/programs.jsonl

Options: --count N (default 3000) and --seed S (default 20240601). The same seed and
the same PyTorch version give the same file byte for byte. A summary (valid / error /
backward_error counts and how often each op occurs) goes to stderr.

Every line is one program in the format that interpreter.py documents: inputs, a
chain of 1 to 5 ops, an optional grad_output, and "expect" (the result's shape, dtype
and values, its grad_fn, and the inputs' gradients; or the error PyTorch raised).

How programs are made: a program starts from one random input and grows op by op.
Each op usually works on the latest value (sometimes on an earlier one); an op that
needs another operand takes an earlier value or a fresh input. The ops are run in
PyTorch while the program grows, so arguments are chosen from the real shapes and
dtypes: most are valid, and a deliberate share are not (a dim out of range, shapes
that don't broadcast, mixed dtypes for mm, ...) so that PyTorch's error texts are
captured. The first op that raises ends the program. Once built, the program is run
again from its JSON alone (interpreter.run_program) to produce "expect", so the file
says everything a reimplementation needs to replay it.
"""
import argparse
import collections
import json
import math
import os
import random
import sys
import warnings

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import interpreter as it  # noqa: E402

FLOAT_DTYPES = ["float32", "float64"]
MAX_NUMEL = 24  # elements of one input


# ----------------------------------------------------------------------------------
# Small random helpers


def weighted(rng, table):
    """Picks a key of {choice: weight}."""
    total = sum(table.values())
    r = rng.random() * total
    for choice, w in table.items():
        r -= w
        if r < 0:
            return choice
    return choice


def numel(shape):
    return math.prod(shape)


def is_float(dtype):
    return dtype in FLOAT_DTYPES


def broadcastable(*shapes):
    try:
        torch.broadcast_shapes(*shapes)
        return True
    except RuntimeError:
        return False


# ----------------------------------------------------------------------------------
# Shapes


def random_shape(rng, max_numel=MAX_NUMEL, rank=None):
    """A shape of rank 0-3 with dims 0..4 (a 0 now and then) and at most max_numel."""
    while True:
        r = rank if rank is not None else weighted(rng, {0: 10, 1: 30, 2: 35, 3: 25})
        shape = [weighted(rng, {0: 4, 1: 18, 2: 28, 3: 28, 4: 22}) for _ in range(r)]
        if numel(shape) <= max_numel:
            return shape


def broadcast_partner(rng, shape, compatible=True):
    """A shape that broadcasts with `shape` (or, when not compatible, one that doesn't)."""
    shape = list(shape)
    if not compatible:
        # Change one dim of size != 1 to another size != 1: never broadcasts.
        candidates = [d for d, n in enumerate(shape) if n != 1]
        if candidates:
            d = rng.choice(candidates)
            other = [n for n in (0, 2, 3, 4) if n != shape[d]]
            bad = list(shape)
            bad[d] = rng.choice(other)
            if numel(bad) <= MAX_NUMEL:
                return bad
        # All dims are 1 (or rank 0): prepend a dim, which does broadcast; fine.
    style = weighted(rng, {"same": 40, "suffix": 15, "ones": 20, "grow": 15, "prepend": 10})
    if style == "same":
        out = shape
    elif style == "suffix":
        out = shape[rng.randint(0, len(shape)):]
    elif style == "ones":
        out = [1 if rng.random() < 0.5 else n for n in shape]
    elif style == "grow":
        # Dims of size 1 in `shape` become larger here, so `shape`'s gradient is summed.
        out = [rng.choice([2, 3]) if n == 1 else n for n in shape]
    else:
        out = [rng.choice([1, 2, 3])] + shape if len(shape) < 3 else shape
    if numel(out) > MAX_NUMEL:
        out = shape
    return out


def factor_shape(rng, n):
    """A random shape with n elements (rank 0-3), sometimes with a -1 in it."""
    if n == 0:
        shape = rng.choice([[0], [0, 2], [2, 0], [3, 0, 1], [0, 0]])
    else:
        primes, m, p = [], n, 2
        while m > 1:
            while m % p == 0:
                primes.append(p)
                m //= p
            p += 1
        rank = rng.choice([1, 2, 2, 3]) if primes else rng.choice([0, 1, 2])
        shape = [1] * max(rank, 1)
        for q in primes:
            shape[rng.randrange(len(shape))] *= q
        if rank == 0 and n == 1:
            shape = []
    if shape and n > 0 and rng.random() < 0.2:
        shape[rng.randrange(len(shape))] = -1
    return shape


# ----------------------------------------------------------------------------------
# Values


def random_float(rng, dtype, flavour):
    """One float drawn from the tensor's flavour (see random_values)."""
    if flavour == "positive":
        return abs(rng.gauss(0, 1.5)) + 0.05
    if flavour == "normal":
        return rng.gauss(0, 1)
    if flavour == "integers":
        return float(rng.randint(-4, 4))
    # "mixed": a bit of everything, per element
    r = rng.random()
    if r < 0.05:
        return rng.choice([math.nan, math.inf, -math.inf, 0.0, -0.0])
    if r < 0.13:
        return rng.choice([-1, 1]) * rng.uniform(0.5, 5) * 1e-6
    if r < 0.18:
        big = 1e30 if dtype == "float32" else 1e300
        return rng.choice([-1, 1]) * rng.uniform(1, 9) * big
    if r < 0.38:
        return float(rng.randint(-4, 4))
    if r < 0.55:
        return -abs(rng.gauss(0, 2))
    return rng.gauss(0, 1)


def random_values(rng, shape, dtype, flavour=None):
    """Row-major values for a tensor, already rounded to what dtype stores."""
    n = numel(shape)
    if dtype == "bool":
        return [rng.random() < 0.5 for _ in range(n)]
    if dtype == "int64":
        vals = []
        for _ in range(n):
            if rng.random() < 0.04:
                vals.append(rng.choice([-1, 1]) * (2 ** 31 + rng.randint(0, 9)))
            else:
                vals.append(rng.randint(-5, 5))
        return vals
    if flavour is None:
        flavour = weighted(rng, {"mixed": 45, "normal": 30, "positive": 15, "integers": 10})
    return it.round_to_dtype([random_float(rng, dtype, flavour) for _ in range(n)], dtype)


def random_dtype(rng):
    return weighted(rng, {"float32": 45, "float64": 35, "int64": 12, "bool": 8})


def other_float(dtype):
    return "float64" if dtype == "float32" else "float32"


# ----------------------------------------------------------------------------------
# Building one program


class ProgramBuilder:
    """Grows one program, running each op in PyTorch as it is added.

    Values are referred to symbolically while building, ("in", k) for input k and
    ("op", j) for op j's result, because an op may add a fresh input after earlier ops;
    finish() renumbers them into the file's single value list (inputs first).
    """

    def __init__(self, rng, pid):
        self.rng = rng
        self.pid = pid
        self.inputs = []   # input specs
        self.ops = []      # (op fields, list of refs)
        self.live = {}     # ref -> torch tensor
        self.failed = False
        self.int_grad = False  # the program asks an int64 input to require grad

    # -- values --------------------------------------------------------------------

    def refs(self):
        return [("in", k) for k in range(len(self.inputs))] + \
               [("op", j) for j in range(len(self.ops))]

    def dtype_of(self, ref):
        return it.dtype_name(self.live[ref].dtype)

    def shape_of(self, ref):
        return list(self.live[ref].shape)

    def new_input(self, shape, dtype, requires_grad=None, flavour=None):
        rng = self.rng
        if requires_grad is None:
            requires_grad = is_float(dtype) and rng.random() < 0.6
        spec = {"shape": list(shape), "dtype": dtype}
        layouts = {"contiguous": 70}
        if len(shape) >= 2:
            layouts["transposed"] = 10
        if any(n > 1 for n in shape):
            layouts["expanded"] = 10
        if len(shape) >= 1:
            layouts["strided"] = 10
        layout = weighted(rng, layouts)
        if layout == "expanded":
            d = rng.choice([i for i, n in enumerate(shape) if n > 1])
            small = list(shape)
            small[d] = 1
            base = random_values(rng, small, dtype, flavour)
            full = torch.tensor(base, dtype=it.DTYPES[dtype]).reshape(small).expand(shape)
            spec["values"] = it.tensor_values(full)
            spec["layout"] = "expanded"
            spec["expand_dim"] = d
        else:
            spec["values"] = it.encode_values(random_values(rng, shape, dtype, flavour))
            spec["layout"] = layout
        spec["requires_grad"] = requires_grad

        x = it.make_leaf(spec)
        self.inputs.append(spec)
        ref = ("in", len(self.inputs) - 1)
        self.live[ref] = x
        return ref

    def partner(self, x, compatible=None, dtype=None, allow_existing=True):
        """A second operand for a binary op on x: an earlier value or a fresh input."""
        rng = self.rng
        shape = self.shape_of(x)
        if allow_existing and rng.random() < 0.35:
            if rng.random() < 0.15:
                return x  # x op x: both gradients flow into the same tensor
            others = [r for r in self.refs() if r != x and broadcastable(shape, self.shape_of(r))
                      and self.dtype_of(r) != "bool"]
            if others:
                return rng.choice(others)
        if compatible is None:
            compatible = rng.random() < 0.85
        if dtype is None:
            xd = self.dtype_of(x)
            dtype = xd if rng.random() < 0.8 else weighted(
                rng, {"float32": 35, "float64": 35, "int64": 20, "bool": 10})
        return self.new_input(broadcast_partner(rng, shape, compatible), dtype)

    # -- running ops ---------------------------------------------------------------

    def add_op(self, fields, refs):
        """Appends an op and runs it; returns its ref, or None when it raised."""
        op = dict(fields)
        op["args"] = list(range(len(refs)))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                out = it.apply_op(op, [self.live[r] for r in refs])
        except Exception:  # noqa: BLE001 - the error ends the program
            self.ops.append((fields, refs))
            self.failed = True
            return None
        self.ops.append((fields, refs))
        ref = ("op", len(self.ops) - 1)
        self.live[ref] = out
        return ref

    # -- op generators: each adds one op (where adds two) on subject x ---------------

    def gen_unary(self, x):
        return self.add_op({"op": self.rng.choice(it.UNARY)}, [x])

    def gen_clamp(self, x):
        rng = self.rng
        lo = round(rng.gauss(-0.5, 1), 2)
        hi = round(rng.gauss(0.5, 1), 2)
        kind = weighted(rng, {"both": 50, "min": 20, "max": 20, "swapped": 7, "none": 2})
        if kind == "both":
            lo, hi = min(lo, hi), max(lo, hi)
        elif kind == "min":
            hi = None
        elif kind == "max":
            lo = None
        elif kind == "swapped":
            lo, hi = max(lo, hi) + 0.5, min(lo, hi)
        else:
            lo = hi = None
        return self.add_op({"op": "clamp", "min": lo, "max": hi}, [x])

    def gen_pow(self, x):
        rng = self.rng
        kind = weighted(rng, {"pow_scalar": 55, "pow_int": 25, "rpow_scalar": 20})
        if kind == "pow_scalar":
            e = rng.choice([-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 0.25])
            return self.add_op({"op": "pow_scalar", "exponent": e}, [x])
        if kind == "pow_int":
            return self.add_op({"op": "pow_int", "exponent": rng.choice([-2, -1, 0, 1, 2, 3, 4])}, [x])
        b = rng.choice([2.0, 0.5, 10.0, 2.718281828459045, 1.0, 0.0, -2.0, -0.5])
        return self.add_op({"op": "rpow_scalar", "base": b}, [x])

    def gen_scalar_binary(self, x):
        rng = self.rng
        name = rng.choice(it.SCALAR_BINARY)
        integral = rng.random() < 0.35
        if integral:
            s = rng.randint(-3, 3)
        else:
            s = rng.choice([round(rng.gauss(0, 2), 3), 0.5, 2.0, -1.5, 0.0, 1e-3, 3.0])
            if rng.random() < 0.03:
                s = rng.choice([math.nan, math.inf, -math.inf])
            s = it.encode_number(s)
        return self.add_op({"op": name, "scalar": s, "integral": integral}, [x])

    def gen_binary(self, x):
        rng = self.rng
        name = weighted(rng, {"add": 14, "sub": 10, "mul": 14, "div": 10, "pow": 8,
                              "maximum": 8, "minimum": 8, "eq": 3, "ne": 3, "lt": 3,
                              "le": 3, "gt": 3, "ge": 3})
        y = self.partner(x)
        if rng.random() < 0.2:
            x, y = y, x
        return self.add_op({"op": name}, [x, y])

    def gen_matmul(self, x):
        """mm / mv / dot / matmul with a partner shaped to fit (mostly)."""
        rng = self.rng
        shape = self.shape_of(x)
        dtype = self.dtype_of(x)
        if not shape and rng.random() < 0.85:
            return self.gen_binary(x)  # a 0-d tensor fits no product; keep that rare
        fit = rng.random() < 0.88
        pdtype = dtype if rng.random() < 0.88 else (other_float(dtype) if is_float(dtype) else "float32")

        def dim(n):  # the matching size, or a wrong one
            return n if fit else n + rng.choice([1, 2])

        r = len(shape)
        if r == 2:
            name = weighted(rng, {"mm": 45, "mv": 20, "matmul": 35})
        elif r == 1:
            name = weighted(rng, {"dot": 50, "matmul": 50})
        else:
            name = weighted(rng, {"matmul": 85, "mm": 10, "dot": 5})
        swap = False
        if name == "mm":
            if r == 2 and rng.random() < 0.3:
                pshape, swap = [rng.randint(1, 4), dim(shape[0])], True
            else:
                pshape = [dim(shape[-1]) if r >= 1 else 2, rng.randint(1, 4)]
        elif name == "mv":
            pshape = [dim(shape[-1])]
        elif name == "dot":
            pshape = [dim(shape[0]) if r >= 1 else 2]
        else:  # matmul
            if r == 0:
                pshape = [2]
            elif rng.random() < 0.3:
                pshape = [dim(shape[-1])]
            elif rng.random() < 0.2 and r >= 2:
                pshape, swap = [rng.randint(1, 3), dim(shape[-2])], True
            else:
                pshape = [dim(shape[-1]), rng.randint(1, 4)]
                if rng.random() < 0.25:
                    pshape = [rng.choice([1, 2])] + pshape
        y = self.new_input(pshape, pdtype)
        return self.add_op({"op": name}, [y, x] if swap else [x, y])

    def gen_where(self, x):
        """A comparison making a bool condition, then where(cond, x, other)."""
        rng = self.rng
        shape = self.shape_of(x)
        if rng.random() < 0.08:
            cond = self.new_input(shape, rng.choice(["float32", "int64"]), requires_grad=False)
        else:
            y = self.new_input(broadcast_partner(rng, shape), self.dtype_of(x)
                               if self.dtype_of(x) != "bool" else "float32", requires_grad=False)
            cond = self.add_op({"op": rng.choice(it.COMPARISONS)}, [x, y])
            if cond is None:
                return None
        other = self.partner(x, compatible=rng.random() < 0.95, allow_existing=False)
        if rng.random() < 0.5:
            return self.add_op({"op": "where"}, [cond, x, other])
        return self.add_op({"op": "where"}, [cond, other, x])

    def random_dim(self, rank, bad_rate=0.04, extra=0):
        """A dim in [-rank-extra, rank-1+extra] (rank 0 counts as 1), sometimes outside."""
        rng = self.rng
        r = max(rank, 1) + extra
        if rng.random() < bad_rate:
            return rng.choice([r, -r - 1, r + 1])
        return rng.randint(-r, r - 1)

    def gen_reduction(self, x):
        rng = self.rng
        r = len(self.shape_of(x))
        name = weighted(rng, {"sum": 12, "mean": 10, "max": 6, "min": 6, "sum_dim": 14,
                              "mean_dim": 10, "var": 7, "std": 7, "max_dim": 7,
                              "min_dim": 7, "norm": 8})
        if not is_float(self.dtype_of(x)) and name in ("mean", "mean_dim", "var", "std", "norm") \
                and rng.random() < 0.8:
            name = "sum_dim" if name == "mean_dim" else "sum"  # these need a float input
        if name in ("sum", "mean", "max", "min"):
            return self.add_op({"op": name}, [x])
        if name in ("sum_dim", "mean_dim"):
            k = rng.choice([1, 1, 2]) if r >= 2 else 1
            dims = sorted({self.random_dim(r) for _ in range(k)})
            if rng.random() < 0.03:
                dims = dims + dims[:1]       # a repeated dim
            elif rng.random() < 0.03:
                dims = []                    # reduces every dim
            return self.add_op({"op": name, "dims": dims, "keepdim": rng.random() < 0.4}, [x])
        if name in ("var", "std"):
            d = None if rng.random() < 0.3 else self.random_dim(r)
            return self.add_op({"op": name, "dim": d, "unbiased": rng.random() < 0.6,
                                "keepdim": rng.random() < 0.3}, [x])
        if name in ("max_dim", "min_dim"):
            return self.add_op({"op": name, "dim": self.random_dim(r),
                                "keepdim": rng.random() < 0.4}, [x])
        dims = None if rng.random() < 0.5 else [self.random_dim(r)]
        return self.add_op({"op": "norm", "p": 2.0, "dims": dims}, [x])

    def gen_view(self, x):
        rng = self.rng
        shape = self.shape_of(x)
        r = len(shape)
        name = weighted(rng, {"view": 10, "reshape": 10, "unsqueeze": 8, "squeeze_dim": 6,
                              "squeeze": 4, "transpose": 10, "t": 6, "permute": 8,
                              "expand": 10, "select": 8, "slice": 10, "flatten": 4,
                              "contiguous": 3, "clone": 3, "to": 6})
        if (name == "select" and r == 0 or name == "t" and r > 2) and rng.random() < 0.8:
            name = "transpose" if r > 0 else "unsqueeze"  # keep these errors occasional
        if name in ("view", "reshape"):
            if rng.random() < 0.1:
                new = factor_shape(rng, numel(shape) + rng.choice([1, 2]))  # wrong size
            else:
                new = factor_shape(rng, numel(shape))
            return self.add_op({"op": name, "shape": new}, [x])
        if name == "unsqueeze":
            return self.add_op({"op": name, "dim": self.random_dim(r, extra=1)}, [x])
        if name == "squeeze_dim":
            return self.add_op({"op": name, "dim": self.random_dim(r)}, [x])
        if name == "transpose":
            return self.add_op({"op": name, "dim0": self.random_dim(r),
                                "dim1": self.random_dim(r)}, [x])
        if name == "permute":
            dims = list(range(r))
            rng.shuffle(dims)
            dims = [d - r if rng.random() < 0.2 else d for d in dims]
            if rng.random() < 0.06 and r >= 1:
                dims = dims[:-1] + [dims[0]] if r >= 2 else dims + [0]
            return self.add_op({"op": name, "dims": dims}, [x])
        if name == "expand":
            new = [rng.choice([2, 3]) if n == 1 and rng.random() < 0.7 else n for n in shape]
            new = [-1 if rng.random() < 0.2 else n for n in new]
            if len(new) < 3 and rng.random() < 0.3:
                new = [rng.choice([1, 2])] + new
            if rng.random() < 0.1:  # invalid: grow a non-1 dim, -1 on a new dim, or -2
                bad = weighted(rng, {"grow": 5, "newneg": 3, "neg2": 2})
                big = [d for d, n in enumerate(shape) if n > 1]
                if bad == "grow" and big:
                    new = list(shape)
                    new[rng.choice(big)] += 1
                elif bad == "newneg":
                    new = [-1] + list(shape)
                else:
                    new = [-2] + list(shape)[1:] if shape else [-2]
            return self.add_op({"op": name, "shape": new}, [x])
        if name == "select":
            d = self.random_dim(r)
            size = shape[d] if -r <= d < r else 1
            index = rng.randint(-size, size - 1) if size > 0 and rng.random() < 0.92 \
                else rng.choice([size, -size - 1])
            return self.add_op({"op": name, "dim": d, "index": index}, [x])
        if name == "slice":
            d = self.random_dim(r, bad_rate=0.03)
            start = rng.choice([None, None, 0, 1, 2, -1, -2, 5])
            end = rng.choice([None, None, 1, 2, 3, -1, 10])
            step = rng.choice([1, 1, 1, 2, 3]) if rng.random() < 0.96 else rng.choice([0, -1])
            return self.add_op({"op": name, "dim": d, "start": start, "end": end, "step": step}, [x])
        if name == "to":
            return self.add_op({"op": name, "dtype": random_dtype(rng)}, [x])
        return self.add_op({"op": name}, [x])  # squeeze, t, flatten, contiguous, clone

    def gen_softmax(self, x):
        rng = self.rng
        return self.add_op({"op": rng.choice(["softmax", "log_softmax"]),
                            "dim": self.random_dim(len(self.shape_of(x)))}, [x])

    def gen_cat(self, x):
        rng = self.rng
        shape = self.shape_of(x)
        r = len(shape)
        name = "cat" if rng.random() < (0.6 if r > 0 else 0.1) else "stack"
        d = self.random_dim(r, extra=1 if name == "stack" else 0)
        dtype = self.dtype_of(x)
        refs = [x]
        for _ in range(rng.choice([1, 1, 2])):
            if rng.random() < 0.15:
                refs.append(x)
                continue
            other = list(shape)
            if name == "cat" and r > 0 and -r <= d < r:
                other[d] = rng.randint(0, 3)
            if rng.random() < 0.08 and r > 0:
                k = rng.randrange(r)
                other[k] = other[k] + 1  # mismatched size
            if numel(other) > MAX_NUMEL:
                other = list(shape)
            pd = dtype if rng.random() < 0.9 else random_dtype(rng)
            refs.append(self.new_input(other, pd))
        rng.shuffle(refs)
        return self.add_op({"op": name, "dim": d}, refs)

    def gen_inplace(self, x):
        """An in-place op; x is preferably an op result, which can be written to."""
        rng = self.rng
        results = [r for r in self.refs() if r[0] == "op"]
        if results and rng.random() < 0.8:
            x = rng.choice(results)
        shape = self.shape_of(x)
        name = rng.choice(it.INPLACE)
        if name in ("add_scalar_", "mul_scalar_"):
            integral = rng.random() < 0.4
            s = rng.randint(-3, 3) if integral else rng.choice([0.5, -1.25, 2.0, 0.1])
            return self.add_op({"op": name, "scalar": s, "integral": integral}, [x])
        if rng.random() < 0.85:
            # Valid: a shape that broadcasts TO x's shape (a suffix, some dims 1).
            pshape = [1 if rng.random() < 0.3 else n for n in shape[rng.randint(0, len(shape)):]]
        elif rng.random() < 0.5 and len(shape) < 3:
            pshape = [2] + shape  # broadcasts, but the result would be bigger than x
        else:
            pshape = broadcast_partner(rng, shape, compatible=False)
        dtype = self.dtype_of(x)
        pd = dtype if rng.random() < 0.8 else rng.choice(["float32", "float64", "int64"])
        y = self.new_input(pshape, pd)
        return self.add_op({"op": name}, [x, y])

    # -- the whole program -----------------------------------------------------------

    def build(self):
        rng = self.rng
        n_ops = weighted(rng, {1: 15, 2: 25, 3: 25, 4: 20, 5: 15})
        inplace_at = rng.randrange(n_ops) if rng.random() < 0.06 else None

        first_dtype = random_dtype(rng)
        if rng.random() < 0.025:
            # An int64 input that asks for requires_grad: PyTorch refuses. The ops are
            # still generated (on the tensor without grad) so the program looks normal.
            self.int_grad = True
            first_dtype = "int64"
        x = self.new_input(random_shape(rng), first_dtype)
        if self.int_grad:
            self.inputs[0]["requires_grad"] = True

        generators = {
            self.gen_unary: 18, self.gen_clamp: 4, self.gen_pow: 7, self.gen_scalar_binary: 10,
            self.gen_binary: 20, self.gen_matmul: 6, self.gen_where: 3, self.gen_reduction: 14,
            self.gen_view: 17, self.gen_softmax: 3, self.gen_cat: 4,
        }
        for i in range(n_ops):
            if len(self.ops) >= 5:
                break
            if self.ops and rng.random() < 0.25:
                x = rng.choice(self.refs())
            if i == inplace_at:
                gen = self.gen_inplace
            else:
                gen = weighted(rng, generators)
                if gen == self.gen_where and len(self.ops) >= 4:
                    gen = self.gen_binary  # where adds two ops; stay within 5
                if self.dtype_of(x) == "bool" and gen in (self.gen_unary, self.gen_pow,
                                                           self.gen_softmax) and rng.random() < 0.8:
                    gen = self.gen_view  # keep most bool programs valid
            out = gen(x)
            if out is None:
                break
            x = out
            if self.live[x].numel() > 96:
                break  # keep the file small: stop when a value gets big
        return self.finish()

    def finish(self):
        """The program as JSON (values renumbered) with grad_output and expect."""
        rng = self.rng
        n_in = len(self.inputs)

        def index(ref):
            return ref[1] if ref[0] == "in" else n_in + ref[1]

        ops = []
        for fields, refs in self.ops:
            op = {"op": fields["op"], "args": [index(r) for r in refs]}
            op.update({k: v for k, v in fields.items() if k != "op"})
            ops.append(op)
        program = {"id": self.pid, "inputs": self.inputs, "ops": ops, "grad_output": None}

        last = self.live.get(("op", len(self.ops) - 1))
        if not self.failed and not self.int_grad and last is not None and last.requires_grad:
            n = last.numel()
            if not (n == 1 and rng.random() < 0.5):
                g = []
                for _ in range(n):
                    kind = weighted(rng, {"gauss": 70, "one": 20, "int": 10})
                    if kind == "gauss":
                        g.append(round(rng.gauss(0, 1), 3))
                    elif kind == "one":
                        g.append(1.0)
                    else:
                        g.append(float(rng.randint(-2, 2)))
                program["grad_output"] = it.encode_values(
                    it.round_to_dtype(g, it.dtype_name(last.dtype)))

        program["expect"] = it.run_program(program)
        # The replay from JSON must agree with the run while building.
        assert ("error" in program["expect"]) == (self.failed or self.int_grad), program["id"]
        return program


# ----------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=20240601)
    args = parser.parse_args()

    torch.set_num_threads(1)
    rng = random.Random(args.seed)
    counts = collections.Counter()
    op_counts = collections.Counter()
    error_ops = collections.Counter()
    for k in range(1, args.count + 1):
        program = ProgramBuilder(rng, "p%05d" % k).build()
        expect = program["expect"]
        for op in program["ops"]:
            op_counts[op["op"]] += 1
        if "error" in expect:
            counts["error"] += 1
            if expect["error_op"] is None:
                error_ops["(input requires_grad)"] += 1
            else:
                error_ops[program["ops"][expect["error_op"]]["op"]] += 1
        elif "backward_error" in expect:
            counts["backward_error"] += 1
        else:
            counts["valid"] += 1
            if "grads" in expect:
                counts["valid with backward"] += 1
        print(json.dumps(program, allow_nan=False, separators=(", ", ": ")))

    err = sys.stderr
    print("torch %s, %d programs, seed %d" % (torch.__version__, args.count, args.seed), file=err)
    for key in ("valid", "valid with backward", "error", "backward_error"):
        print("  %-20s %d" % (key, counts[key]), file=err)
    print("ops (occurrences):", file=err)
    for name, c in sorted(op_counts.items(), key=lambda kv: (-kv[1], kv[0])):
        print("  %-12s %5d   raised %d" % (name, c, error_ops[name]), file=err)
    if error_ops["(input requires_grad)"]:
        print("  input requires_grad errors: %d" % error_ops["(input requires_grad)"], file=err)


if __name__ == "__main__":
    main()
