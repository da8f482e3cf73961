"""A hand-picked table of edge-case programs and what PyTorch does with them.

Needs PyTorch. Run:

    python3 Fixtures/differential/edges.py > Fixtures/differential/edges.json

Prints one JSON object {"torch": version, "programs": [...]}. Each program is in the
format interpreter.py documents (ids "e0001", ...), plus a "note" saying what it is
about. The cases cover, exhaustively:
  - pow: every base in BASES against every exponent in EXPONENTS, as pow_scalar,
    pow_int, tensor ** tensor and rpow_scalar, in float32 and float64, with backward;
    int64 ** 2, int64 ** -1 (error), int64 ** 0.5;
  - gradient conventions at ties and NaN: max, min, max_dim, min_dim, maximum,
    minimum, relu, abs, sign, clamp, sqrt, log, reciprocal;
  - type promotion and the errors of mixed dtypes, bad shapes and bad views.
"""
import json
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import interpreter as it  # noqa: E402

NAN, INF = math.nan, math.inf
BASES = [-INF, -2.0, -1.5, -1.0, -0.5, -0.0, 0.0, 0.5, 1.0, 2.0, INF, NAN]
EXPONENTS = [-INF, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, INF, NAN]
FLOATS = ["float32", "float64"]

programs = []


def inp(values, dtype="float64", shape=None, requires_grad=None, layout="contiguous",
        expand_dim=None):
    """An input spec; shape defaults to [len(values)]; floats require grad by default."""
    if shape is None:
        shape = [len(values)]
    if requires_grad is None:
        requires_grad = dtype in FLOATS
    spec = {"shape": shape, "dtype": dtype,
            "values": it.encode_values(it.round_to_dtype(values, dtype)),
            "layout": layout, "requires_grad": requires_grad}
    if expand_dim is not None:
        spec["expand_dim"] = expand_dim
    return spec


def add(note, inputs, ops, grad_output="ones"):
    """Adds a program. grad_output: "ones" (a ones tensor of the result's shape, when
    the result requires grad), None (backward() without argument), or a list of values."""
    program = {"id": "e%04d" % (len(programs) + 1), "note": note, "inputs": inputs,
               "ops": ops, "grad_output": None}
    if grad_output is not None:
        # A dry run (no backward) tells whether the result requires grad, and its shape.
        inputs, error = it.build_inputs(program)
        if error is None:
            vals, error = it.run_ops(program, inputs)
        if error is None and vals[-1].requires_grad:
            result = vals[-1]
            values = [1.0] * result.numel() if grad_output == "ones" else grad_output
            assert len(values) == result.numel(), note
            program["grad_output"] = it.encode_values(
                it.round_to_dtype(values, it.dtype_name(result.dtype)))
    program["expect"] = it.run_program(program)
    programs.append(program)


def op(name, *args, **fields):
    d = {"op": name, "args": list(args)}
    d.update(fields)
    return d


# ----------------------------------------------------------------------------------
# pow

for dtype in FLOATS:
    for e in EXPONENTS:
        add("pow_scalar: every base ** %r (%s)" % (e, dtype),
            [inp(BASES, dtype)], [op("pow_scalar", 0, exponent=it.encode_number(e))])
    for e in [-2, -1, 0, 1, 2, 3]:
        add("pow_int: every base ** int %d (%s)" % (e, dtype),
            [inp(BASES, dtype)], [op("pow_int", 0, exponent=e)])
    # tensor ** tensor over the whole grid: row i is BASES[i], column j is EXPONENTS[j].
    grid_b = [b for b in BASES for _ in EXPONENTS]
    grid_e = [e for _ in BASES for e in EXPONENTS]
    shape = [len(BASES), len(EXPONENTS)]
    add("pow: tensor ** tensor, bases (rows) x exponents (columns), both require grad (%s)" % dtype,
        [inp(grid_b, dtype, shape), inp(grid_e, dtype, shape)], [op("pow", 0, 1)])
    add("pow: finite bases [5,1] ** exponents [5] broadcast; gradients are summed (%s)" % dtype,
        [inp([-2.0, -0.5, 0.0, 0.5, 2.0], dtype, [5, 1]), inp([-1.0, 0.0, 0.5, 2.0, 3.0], dtype)],
        [op("pow", 0, 1)])
    for b in BASES:
        add("rpow_scalar: %r ** every exponent (%s)" % (b, dtype),
            [inp(EXPONENTS, dtype)], [op("rpow_scalar", 0, base=it.encode_number(b))])

ints = [-3, -2, -1, 0, 1, 2, 3]
add("int64 ** 2 stays int64", [inp(ints, "int64")], [op("pow_int", 0, exponent=2)])
add("int64 ** 0", [inp(ints, "int64")], [op("pow_int", 0, exponent=0)])
add("int64 ** 3", [inp(ints, "int64")], [op("pow_int", 0, exponent=3)])
add("int64 ** -1: error", [inp(ints, "int64")], [op("pow_int", 0, exponent=-1)])
add("int64 ** 0.5 -> float32", [inp(ints, "int64")], [op("pow_scalar", 0, exponent=0.5)])
add("int64 ** 2.0 -> float32", [inp(ints, "int64")], [op("pow_scalar", 0, exponent=2.0)])
add("2.0 ** int64 -> float32", [inp(ints, "int64")], [op("rpow_scalar", 0, base=2.0)])
add("int64 ** int64 tensor with a negative exponent (no error: 2 ** -1 = 0)",
    [inp([2, 2, 2], "int64"), inp([1, 0, -1], "int64")], [op("pow", 0, 1)])
add("int64 ** int64 tensor", [inp([2, -3, 0, 5], "int64"), inp([3, 3, 0, 2], "int64")],
    [op("pow", 0, 1)])
add("int64 overflow wraps: 3 ** 41", [inp([3, -3], "int64")], [op("pow_int", 0, exponent=41)])

# ----------------------------------------------------------------------------------
# Gradients at ties and NaN

# Each case has the same ties for the largest and the smallest value.
tie_cases = [
    ("a tie of two", [1.0, 3.0, 3.0, 1.0, 2.0]),
    ("a tie of three", [3.0, 1.0, 3.0, 3.0, 1.0, 2.0, 1.0]),
    ("all equal", [2.0, 2.0, 2.0]),
    ("one nan", [1.0, NAN, 3.0]),
    ("two nans", [NAN, 1.0, NAN]),
    ("nan and inf", [INF, NAN, -INF]),
    ("inf ties", [INF, 1.0, INF, -INF, -INF]),
    ("0.0 and -0.0", [0.0, -0.0]),
    ("-0.0 and 0.0", [-0.0, 0.0]),
    ("one element", [5.0]),
]
for name in ["max", "min"]:
    for dtype in FLOATS:
        for what, values in tie_cases:
            add("%s() with %s (%s)" % (name, what, dtype), [inp(values, dtype)], [op(name, 0)],
                grad_output=[0.5])
        add("%s() of a 2-d tensor with ties (%s)" % (name, dtype),
            [inp([1.0, 4.0, 4.0, -4.0, 4.0, -4.0], dtype, [2, 3])], [op(name, 0)], grad_output=None)
    add("%s() of an empty tensor: error" % name, [inp([], "float32")], [op(name, 0)])
    add("%s() of an int64 tensor with ties" % name, [inp([3, 1, 3, 1], "int64")], [op(name, 0)])

dim_input = [1.0, 3.0, 3.0,
             NAN, 2.0, NAN,
             2.0, 2.0, 2.0,
             -0.0, 0.0, -1.0,
             -INF, -INF, INF]
for name in ["max_dim", "min_dim"]:
    for dtype in FLOATS:
        for d in [0, 1, -1]:
            for keepdim in [False, True]:
                add("%s(dim=%d, keepdim=%s) with ties, nan, -0.0, inf (%s)" % (name, d, keepdim, dtype),
                    [inp(dim_input, dtype, [5, 3])], [op(name, 0, dim=d, keepdim=keepdim)],
                    grad_output=[0.25, 0.5, 1.0, 2.0, 4.0][:3 if d == 0 else 5])
    add("%s on a dim of size 0: error" % name, [inp([], "float32", [2, 0])],
        [op(name, 0, dim=1, keepdim=False)])
    add("%s on a 0-d tensor" % name, [inp([7.0], "float64", [])], [op(name, 0, dim=0, keepdim=False)])

pair_a = [1.0, 2.0, NAN, 1.0, NAN, 0.0, -0.0, INF, -INF, 3.0]
pair_b = [1.0, 3.0, 1.0, NAN, NAN, -0.0, 0.0, INF, -INF, -3.0]
for name in ["maximum", "minimum"]:
    for dtype in FLOATS:
        add("%s: ties, nan on either side, both nan, -0.0/0.0, inf ties (%s)" % (name, dtype),
            [inp(pair_a, dtype), inp(pair_b, dtype)], [op(name, 0, 1)],
            grad_output=[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0])
        add("%s(x, x): both gradients land on x (%s)" % (name, dtype),
            [inp([1.0, NAN, -0.0], dtype)], [op(name, 0, 0)])
        add("%s with broadcasting: [3,1] vs [2] with ties (%s)" % (name, dtype),
            [inp([1.0, 2.0, NAN], dtype, [3, 1]), inp([2.0, 1.0], dtype)], [op(name, 0, 1)])
    add("%s of int64 with ties" % name, [inp([1, 5, 3], "int64"), inp([1, 2, 7], "int64")],
        [op(name, 0, 1)])
    add("%s of float32 and float64 -> float64" % name,
        [inp([1.0, 2.0], "float32"), inp([1.5, 1.5], "float64")], [op(name, 0, 1)])

special = [-2.0, -1.0, -0.0, 0.0, 1.0, 2.0, NAN, INF, -INF, 1e-45]
for name in ["relu", "abs", "sign", "sqrt", "log", "reciprocal", "exp", "tanh", "sigmoid", "neg",
             "square"]:
    for dtype in FLOATS:
        add("%s at 0, -0.0, nan, inf and around (%s)" % (name, dtype),
            [inp(special, dtype)], [op(name, 0)],
            grad_output=[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0])
for name in ["relu", "abs", "sign", "neg"]:
    add("%s of int64" % name, [inp([-2, 0, 3], "int64")], [op(name, 0)])
add("sign of bool", [inp([True, False], "bool")], [op("sign", 0)])
add("abs of bool: error", [inp([True, False], "bool")], [op("abs", 0)])
add("neg of bool: error", [inp([True, False], "bool")], [op("neg", 0)])
add("relu of bool: error", [inp([True, False], "bool")], [op("relu", 0)])
add("sqrt of int64 -> float32", [inp([4, -1, 0, 2], "int64")], [op("sqrt", 0)])

clamp_x = [-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, NAN, INF, -INF, -0.0]
clamp_bounds = [
    ("x at min and max", -1.0, 1.0),
    ("min only", -0.5, None),
    ("max only", None, 0.5),
    ("min > max", 1.0, -1.0),
    ("min == max", 0.5, 0.5),
    ("min = 0.0 and -0.0 inputs", 0.0, None),
    ("nan min", NAN, None),
    ("nan max", None, NAN),
    ("inf bounds", -INF, INF),
    ("neither: error", None, None),
]
for dtype in FLOATS:
    for what, lo, hi in clamp_bounds:
        add("clamp %s (%s)" % (what, dtype), [inp(clamp_x, dtype)],
            [op("clamp", 0, min=None if lo is None else it.encode_number(lo),
                max=None if hi is None else it.encode_number(hi))],
            grad_output=[float(k + 1) for k in range(len(clamp_x))])
add("clamp of int64 with int bounds", [inp([-3, 0, 3], "int64")], [op("clamp", 0, min=-1, max=1)])
add("clamp of int64 with float bounds", [inp([-3, 0, 3], "int64")],
    [op("clamp", 0, min=-1.5, max=1.5)])

# norm at zero and softmax with inf/nan, where gradients at the masked side
add("norm of a zero vector: gradient", [inp([0.0, 0.0, -0.0], "float64")],
    [op("norm", 0, p=2.0, dims=None)], grad_output=None)
add("norm with an inf", [inp([INF, 1.0], "float64")], [op("norm", 0, p=2.0, dims=None)], grad_output=None)
add("softmax with -inf and inf", [inp([-INF, 0.0, INF, 1.0], "float64")], [op("softmax", 0, dim=0)],
    grad_output=[1.0, 2.0, 3.0, 4.0])
add("softmax of all -inf", [inp([-INF, -INF], "float32")], [op("softmax", 0, dim=0)])
add("log_softmax with -inf", [inp([-INF, 0.0, 1.0], "float64")], [op("log_softmax", 0, dim=0)])
add("softmax over an empty dim", [inp([], "float32", [2, 0])], [op("softmax", 0, dim=1)])
add("where routes gradients; nan in the unselected branch",
    [inp([1.0, -1.0, 2.0], "float64", requires_grad=False), inp([0.0, 0.0, 0.0], "float64", requires_grad=False),
     inp([NAN, 2.0, 3.0], "float64"), inp([4.0, NAN, 6.0], "float64")],
    [op("gt", 0, 1), op("where", 4, 2, 3)])
add("where(x > 0, sqrt(x), 0): the nan gradient of the masked sqrt",
    [inp([-1.0, 0.0, 4.0], "float64"), inp([0.0], "float64", requires_grad=False)],
    [op("gt", 0, 1), op("sqrt", 0), op("where", 2, 3, 1)])
add("var of one element (unbiased): nan", [inp([3.0], "float64")],
    [op("var", 0, dim=None, unbiased=True, keepdim=False)], grad_output=None)
add("std of a constant: gradient at 0", [inp([2.0, 2.0, 2.0], "float64")],
    [op("std", 0, dim=None, unbiased=True, keepdim=False)], grad_output=None)
add("mean of an empty tensor: nan", [inp([], "float32")], [op("mean", 0)], grad_output=None)
add("sum of an empty tensor: 0", [inp([], "float32")], [op("sum", 0)], grad_output=None)

# ----------------------------------------------------------------------------------
# Type promotion


def i64(values, **kw):
    return inp(values, "int64", **kw)


def f32(values, **kw):
    return inp(values, "float32", **kw)


def f64(values, **kw):
    return inp(values, "float64", **kw)


def b(values, **kw):
    return inp(values, "bool", **kw)


add("int64 + float scalar 2.5 -> float32", [i64([1, 2, 3])], [op("add_scalar", 0, scalar=2.5, integral=False)])
add("int64 + int scalar -> int64", [i64([1, 2, 3])], [op("add_scalar", 0, scalar=2, integral=True)])
add("float32 + int scalar stays float32", [f32([1.5])], [op("add_scalar", 0, scalar=2, integral=True)])
add("int64 + 0-d float32 tensor -> float32", [i64([1, 2, 3]), f32([0.5], shape=[])], [op("add", 0, 1)])
add("float32 + 0-d float64 tensor stays float32", [f32([1.0, 2.0]), f64([0.1], shape=[])],
    [op("add", 0, 1)])
add("0-d float32 + 0-d float64 -> float64", [f32([1.0], shape=[]), f64([0.1], shape=[])], [op("add", 0, 1)])
add("float32 [2] + float64 [1] -> float64", [f32([1.0, 2.0]), f64([0.1])], [op("add", 0, 1)])
add("int64 + float64 -> float64", [i64([1, 2]), f64([0.5, 0.25])], [op("add", 0, 1)])
add("int64 + int64 -> int64", [i64([1, 2]), i64([3, -4])], [op("add", 0, 1)])
add("int64 overflow wraps on add", [i64([2 ** 63 - 1]), i64([1])], [op("add", 0, 1)])
add("int64 overflow wraps on mul", [i64([2 ** 62, -2 ** 62])], [op("mul_scalar", 0, scalar=4, integral=True)])
add("bool + bool -> bool", [b([True, True, False]), b([True, False, False])], [op("add", 0, 1)])
add("bool * bool -> bool", [b([True, True, False]), b([True, False, False])], [op("mul", 0, 1)])
add("bool * int64 -> int64", [b([True, False]), i64([3, 4])], [op("mul", 0, 1)])
add("bool + int scalar -> int64", [b([True, False])], [op("add_scalar", 0, scalar=1, integral=True)])
add("bool + float scalar -> float32", [b([True, False])], [op("add_scalar", 0, scalar=0.5, integral=False)])
add("bool - bool: error", [b([True]), b([False])], [op("sub", 0, 1)])
add("int64 / int64 -> float32 (true division)", [i64([1, 7, -7, 0, 0]), i64([2, 2, 2, 0, 5])],
    [op("div", 0, 1)])
add("int64 / 0 -> inf, nan", [i64([1, -1, 0])], [op("div_scalar", 0, scalar=0, integral=True)])
add("int64 / int scalar -> float32", [i64([1, 7])], [op("div_scalar", 0, scalar=2, integral=True)])
add("rsub: 1 - bool: error", [b([True])], [op("rsub_scalar", 0, scalar=1, integral=True)])
add("comparison of int64 and float32", [i64([1, 2, 3]), f32([1.5, 2.0, 2.5])], [op("le", 0, 1)])
add("comparison with nan is false, ne is true", [f64([NAN, 1.0]), f64([NAN, 1.0])],
    [op("eq", 0, 1), op("ne", 0, 1), op("cat", 2, 3, dim=0)])
add("sum of bool -> int64", [b([True, True, False])], [op("sum", 0)])
add("sum of int64 -> int64", [i64([1, 2, 3])], [op("sum", 0)])
add("mean of int64: error", [i64([1, 2, 3])], [op("mean", 0)])
add("to(int64) of fractions, nan, inf and out of range",
    [f64([1.7, -1.7, 2.5, -2.5, NAN, INF, -INF, 1e30], requires_grad=False)], [op("to", 0, dtype="int64")])
add("to(bool) of nan, -0.0, 0.0, tiny", [f64([NAN, -0.0, 0.0, 1e-300, -1.0], requires_grad=False)],
    [op("to", 0, dtype="bool")])
add("to(float32) of float64: rounding and overflow",
    [f64([0.1, 1e300, -1e300, 1e-300, 3.4028235677973366e+38], requires_grad=False)],
    [op("to", 0, dtype="float32")])
add("to(float64) keeps the graph", [f32([0.1, 2.0])], [op("to", 0, dtype="float64"), op("mul", 1, 1)])
add("to(int64) of a tensor requiring grad cuts the graph", [f32([1.5, 2.5])], [op("to", 0, dtype="int64")])
add("where with int64 and float32 branches -> float32",
    [b([True, False]), i64([1, 2]), f32([0.5, 0.25])], [op("where", 0, 1, 2)])
add("where with a float condition: error", [f32([1.0, 0.0], requires_grad=False), f32([1.0, 2.0]), f32([3.0, 4.0])],
    [op("where", 0, 1, 2)])
add("where with an int64 condition: error", [i64([1, 0]), f32([1.0, 2.0]), f32([3.0, 4.0])],
    [op("where", 0, 1, 2)])
add("cat of float32 and float64 -> float64", [f32([1.0]), f64([2.0])], [op("cat", 0, 1, dim=0)])
add("cat of int64 and float32 -> float32", [i64([1]), f32([2.0])], [op("cat", 0, 1, dim=0)])
add("stack of bool and int64 -> int64", [b([True]), i64([2])], [op("stack", 0, 1, dim=0)])
add("int64 tensor requires grad: error", [i64([1, 2], requires_grad=True)], [op("sum", 0)])
add("bool tensor requires grad: error", [b([True], requires_grad=True)], [op("sum", 0)])

# in-place
add("add_ of float into int64: error", [i64([1, 2]), f32([0.5, 0.5])], [op("add_", 0, 1)])
add("add_scalar_ of 0.5 into int64: error", [i64([1, 2])], [op("add_scalar_", 0, scalar=0.5, integral=False)])
add("add_scalar_ of 1 into int64", [i64([1, 2])], [op("add_scalar_", 0, scalar=1, integral=True)])
add("add_ of int64 into float32", [f32([1.0, 2.0], requires_grad=False), i64([1, 2])], [op("add_", 0, 1)])
add("add_ of float64 into float32 (stays float32)", [f32([1.0, 2.0], requires_grad=False), f64([0.1, 0.2])],
    [op("add_", 0, 1)])
add("add_ of bool into bool (stays bool)", [b([True, False]), b([True, True])], [op("add_", 0, 1)])
add("mul_ of int64 into bool: error", [b([True, False]), i64([2, 2])], [op("mul_", 0, 1)])
add("add_ on a leaf that requires grad: error", [f32([1.0])], [op("add_scalar_", 0, scalar=1, integral=True)])
add("add_ whose broadcast is bigger than the target: error", [f32([1.0], requires_grad=False), f32([1.0, 2.0])],
    [op("add_", 0, 1)])
add("add_ into an expanded input: error",
    [f32([1.0, 1.0, 1.0], requires_grad=False, layout="expanded", expand_dim=0)],
    [op("add_scalar_", 0, scalar=1, integral=True)])
add("mul_ on an intermediate: gradient through the in-place op", [f64([1.0, 2.0]), f64([3.0, 4.0])],
    [op("mul_scalar", 0, scalar=2.0, integral=False), op("mul_", 2, 1)])
add("exp then mul_: the saved result was modified (backward error)", [f64([1.0, 2.0])],
    [op("exp", 0), op("mul_scalar_", 1, scalar=2.0, integral=False)])
add("add_ into a transposed view of an intermediate", [f64([1.0, 2.0, 3.0, 4.0], shape=[2, 2]),
                                                       f64([10.0, 20.0])],
    [op("clone", 0), op("t", 2), op("add_", 3, 1), op("mul", 2, 2)])
add("add_ into a view of a leaf that requires grad: error", [f64([1.0, 2.0, 3.0, 4.0], shape=[2, 2])],
    [op("select", 0, dim=0, index=0), op("add_scalar_", 1, scalar=1.0, integral=False)])

# matrix products
add("mm of float32 with float64: error", [f32([1.0] * 4, shape=[2, 2]), f64([1.0] * 4, shape=[2, 2])],
    [op("mm", 0, 1)])
add("mm of int64", [i64([1, 2, 3, 4], shape=[2, 2]), i64([5, 6, 7, 8], shape=[2, 2])], [op("mm", 0, 1)])
add("mm shape mismatch: error", [f32([1.0] * 6, shape=[2, 3]), f32([1.0] * 6, shape=[2, 3])], [op("mm", 0, 1)])
add("mm of a 1-d tensor: error", [f32([1.0] * 2), f32([1.0] * 4, shape=[2, 2])], [op("mm", 0, 1)])
add("dot of float32 with float64: error", [f32([1.0, 2.0]), f64([1.0, 2.0])], [op("dot", 0, 1)])
add("dot size mismatch: error", [f32([1.0, 2.0]), f32([1.0, 2.0, 3.0])], [op("dot", 0, 1)])
add("dot of 2-d tensors: error", [f32([1.0] * 4, shape=[2, 2]), f32([1.0] * 4, shape=[2, 2])], [op("dot", 0, 1)])
add("mv of float32 with float64: error", [f32([1.0] * 4, shape=[2, 2]), f64([1.0, 2.0])], [op("mv", 0, 1)])
add("mv of float64 with float32: error", [f64([1.0] * 4, shape=[2, 2]), f32([1.0, 2.0])], [op("mv", 0, 1)])
add("mv size mismatch: error", [f32([1.0] * 6, shape=[2, 3]), f32([1.0, 2.0])], [op("mv", 0, 1)])
add("matmul of float32 with float64: error", [f32([1.0] * 4, shape=[2, 2]), f64([1.0] * 4, shape=[2, 2])],
    [op("matmul", 0, 1)])
add("matmul of 0-d tensors: error", [f32([1.0], shape=[]), f32([2.0], shape=[])], [op("matmul", 0, 1)])
add("matmul 1-d @ 1-d = dot", [f64([1.0, 2.0]), f64([3.0, 4.0])], [op("matmul", 0, 1)])
add("matmul batched [2,2,3] @ [3,2] with gradients",
    [f64([float(k) for k in range(12)], shape=[2, 2, 3]), f64([1.0, -1.0, 0.5, 2.0, 0.0, 1.0], shape=[3, 2])],
    [op("matmul", 0, 1)])
add("matmul [3] @ [2,3,2] (vector broadcast over the batch)",
    [f64([1.0, 2.0, 3.0]), f64([float(k) for k in range(12)], shape=[2, 3, 2])], [op("matmul", 0, 1)])
add("mm with an empty inner dim", [f32([], shape=[2, 0]), f32([], shape=[0, 3])], [op("mm", 0, 1)])

# shapes and views
add("broadcast mismatch [2,3] vs [3,2]: error", [f32([1.0] * 6, shape=[2, 3]), f32([1.0] * 6, shape=[3, 2])],
    [op("add", 0, 1)])
add("broadcast [2,1] vs [0]: error-free empty result", [f32([1.0, 2.0], shape=[2, 1]), f32([])], [op("add", 0, 1)])
add("broadcast [2] vs [0]: error", [f32([1.0, 2.0]), f32([])], [op("mul", 0, 1)])
add("expand with -2: error", [f32([1.0, 2.0, 3.0])], [op("expand", 0, shape=[-2])])
add("expand [3] to [2, 4]: error", [f32([1.0, 2.0, 3.0])], [op("expand", 0, shape=[2, 4])])
add("expand [3] to [-1, 3] (-1 on a new dim): error", [f32([1.0, 2.0, 3.0])], [op("expand", 0, shape=[-1, 3])])
add("expand [3] to fewer dims: error", [f32([1.0] * 6, shape=[2, 3])], [op("expand", 0, shape=[3])])
add("expand [3,1] to [2,3,4] with gradient", [f64([1.0, 2.0, 3.0], shape=[3, 1])],
    [op("expand", 0, shape=[2, -1, 4])])
add("view of an impossible shape: error", [f32([1.0] * 6, shape=[2, 3])], [op("view", 0, shape=[4])])
add("view with two -1: error", [f32([1.0] * 6, shape=[2, 3])], [op("view", 0, shape=[-1, -1])])
add("view with -1 of an empty tensor: error", [f32([], shape=[0, 2])], [op("view", 0, shape=[-1, 0])])
add("view [0,2] as [-1]", [f32([], shape=[0, 2])], [op("view", 0, shape=[-1])])
add("view of a transposed tensor: error", [f32([1.0] * 6, shape=[2, 3])], [op("t", 0), op("view", 1, shape=[6])])
add("reshape of a transposed tensor copies", [f64([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], shape=[2, 3])],
    [op("t", 0), op("reshape", 1, shape=[6])], grad_output=[1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
add("view of a transposed-layout input: error", [f32([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], shape=[2, 3], layout="transposed")],
    [op("view", 0, shape=[6])])
add("view of a strided input along the last dims works",
    [f32([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], shape=[3, 2], layout="strided")], [op("view", 0, shape=[3, 1, 2])])
add("squeeze_dim of a non-1 dim is a no-op", [f32([1.0, 2.0])], [op("squeeze_dim", 0, dim=0)])
add("select out of range: error", [f32([1.0, 2.0])], [op("select", 0, dim=0, index=2)])
add("select on a 0-d tensor: error", [f32([1.0], shape=[])], [op("select", 0, dim=0, index=0)])
add("slice with step 0: error", [f32([1.0, 2.0])], [op("slice", 0, dim=0, start=None, end=None, step=0)])
add("slice with a negative step: error", [f32([1.0, 2.0])], [op("slice", 0, dim=0, start=None, end=None, step=-1)])
add("slice past the end is clamped", [f64([1.0, 2.0, 3.0])], [op("slice", 0, dim=0, start=1, end=100, step=2)])
add("slice start > end is empty", [f64([1.0, 2.0, 3.0])], [op("slice", 0, dim=0, start=2, end=1, step=1)])
add("transpose dim out of range: error", [f32([1.0] * 6, shape=[2, 3])], [op("transpose", 0, dim0=0, dim1=2)])
add("permute repeated dim: error", [f32([1.0] * 6, shape=[2, 3])], [op("permute", 0, dims=[0, 0])])
add("permute wrong length: error", [f32([1.0] * 6, shape=[2, 3])], [op("permute", 0, dims=[0])])
add("t of a 3-d tensor: error", [f32([1.0] * 8, shape=[2, 2, 2])], [op("t", 0)])
add("sum_dim repeated dim: error", [f32([1.0] * 6, shape=[2, 3])], [op("sum_dim", 0, dims=[0, 0], keepdim=False)])
add("sum_dim with an empty dims list reduces all", [f64([1.0] * 6, shape=[2, 3])],
    [op("sum_dim", 0, dims=[], keepdim=False)], grad_output=None)
add("mean_dim out of range: error", [f32([1.0] * 6, shape=[2, 3])], [op("mean_dim", 0, dims=[2], keepdim=False)])
add("cat of 0-d tensors: error", [f32([1.0], shape=[]), f32([2.0], shape=[])], [op("cat", 0, 1, dim=0)])
add("cat with mismatched sizes: error", [f32([1.0] * 6, shape=[2, 3]), f32([1.0] * 4, shape=[2, 2])],
    [op("cat", 0, 1, dim=0)])
add("cat skips legacy empty [0] tensors", [f64([1.0, 2.0], shape=[1, 2]), f64([])], [op("cat", 0, 1, dim=0)])
add("stack with mismatched shapes: error", [f32([1.0, 2.0]), f32([1.0, 2.0, 3.0])], [op("stack", 0, 1, dim=0)])
add("stack dim out of range: error", [f32([1.0, 2.0]), f32([1.0, 2.0])], [op("stack", 0, 1, dim=3)])

print(json.dumps({"torch": torch.__version__, "programs": programs}, allow_nan=False))
print("%d edge programs" % len(programs), file=sys.stderr)
