"""Programs about what accumulates into .grad, and int64 values across the whole range,
with what PyTorch does with them.

Needs PyTorch. Run:

    python3 Fixtures/differential/accumulation.py > Fixtures/differential/accumulation.json

Prints one JSON object {"torch": version, "programs": [...]} in the format interpreter.py
documents (ids "a0001", ...), each with a "note". The cases:
  - backward in the middle of a program, with and without create_graph, once and
    twice, with a gradient that itself requires grad, and double backward through the
    gradient it leaves (accumulation under create_graph, where GradLab deadlocked);
  - gradients set by hand (set_grad), then accumulated into, and set_grad's errors;
  - a leaf's first gradient is never the caller's tensor (zeroing it in place leaves
    the caller's tensor alone, where GradLab aliased it);
  - retained gradients of non-leaves, accumulated over two backwards, and .grad of a
    value that does not retain it;
  - int64 values across the whole range: sums, products and powers that wrap,
    comparisons and maxima at 2^53 + 1, matrix products, clamp with integer bounds,
    where, cat and conversions.
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import interpreter as it  # noqa: E402

INT_MAX, INT_MIN = 2**63 - 1, -(2**63)
BIG = 2**53 + 1  # the first integer a double cannot hold

programs = []


def inp(values, dtype="float64", shape=None, requires_grad=None):
    """A contiguous input; shape defaults to [len(values)]; floats require grad by default."""
    if requires_grad is None:
        requires_grad = dtype in ("float32", "float64")
    return {"shape": [len(values)] if shape is None else shape, "dtype": dtype,
            "values": it.encode_values(it.round_to_dtype(values, dtype)),
            "layout": "contiguous", "requires_grad": requires_grad}


def ints(values, shape=None):
    """An int64 input (exact: Python ints)."""
    return {"shape": [len(values)] if shape is None else shape, "dtype": "int64",
            "values": list(values), "layout": "contiguous", "requires_grad": False}


def op(name, *args, **fields):
    d = {"op": name, "args": list(args)}
    d.update(fields)
    return d


def add(note, inputs, ops):
    """Adds a program whose final backward (when the result requires grad) gets ones."""
    program = {"id": "a%04d" % (len(programs) + 1), "note": note, "inputs": inputs,
               "ops": ops, "grad_output": None}
    built, error = it.build_inputs(program)
    if error is None:
        vals, error = it.run_ops(program, built)
        if error is None and vals[-1].requires_grad:
            program["grad_output"] = [1.0] * vals[-1].numel()
    program["expect"] = it.run_program(program)
    programs.append(program)


# ----------------------------------------------------------------------------------
# backward in the middle of a program, create_graph

x2 = inp([1.5, -2.0])
add("create_graph, then backward through the gradient: x.grad accumulates 2x, then 2",
    [x2], [op("mul", 0, 0), op("backward", 1, create_graph=True, grad_output=[1.0, 1.0]), op("grad", 0)])
add("create_graph twice: the second gradient is added with grad mode on",
    [x2], [op("mul", 0, 0), op("backward", 1, create_graph=True, grad_output=[1.0, 1.0]),
           op("mul", 0, 0), op("backward", 3, create_graph=True, grad_output=[1.0, 1.0]), op("grad", 0)])
add("without create_graph twice: gradients add, the result does not require grad",
    [x2], [op("mul_scalar", 0, scalar=3.0), op("backward", 1, create_graph=False, grad_output=[1.0, 2.0]),
           op("mul_scalar", 0, scalar=5.0), op("backward", 3, create_graph=False, grad_output=[1.0, 1.0]),
           op("grad", 0)])
add("a gradient that requires grad, create_graph, twice (the issue's [2, 2])",
    [inp([1.0, 2.0]), inp([1.0, 1.0])],
    [op("mul_scalar", 0, scalar=1.0), op("backward", 2, 1, create_graph=True),
     op("mul_scalar", 0, scalar=1.0), op("backward", 4, 1, create_graph=True), op("grad", 0)])
add("create_graph through x + 1: x.grad is not the caller's gradient, zeroing it leaves v alone",
    [inp([1.0, 2.0]), inp([1.0, 1.0], requires_grad=False)],
    [op("add_scalar", 0, scalar=1.0), op("backward", 2, 1, create_graph=True), op("grad", 0),
     op("mul_scalar_", 4, scalar=0.0), op("clone", 1)])
add("create_graph: the retained gradient of a non-leaf is not the caller's gradient either",
    [inp([1.0, 2.0]), inp([3.0, 4.0], requires_grad=False)],
    [op("mul_scalar", 0, scalar=2.0), op("retain_grad", 2), op("backward", 3, 1, create_graph=True),
     op("grad", 3), op("mul_scalar_", 5, scalar=0.0), op("clone", 1)])
add("backward twice through a freed graph: error",
    [x2], [op("exp", 0), op("sum", 1), op("backward", 2, create_graph=False), op("backward", 2, create_graph=False)])

# ----------------------------------------------------------------------------------
# gradients set by hand

add("set_grad with a leaf that requires grad, then backward with create_graph (the issue's [13, 23])",
    [inp([2.0, 3.0]), inp([1.0, 2.0])],
    [op("set_grad", 0, 1), op("mul", 0, 0), op("mul", 3, 0), op("sum", 4),
     op("backward", 5, create_graph=True), op("grad", 0)])
add("set_grad, then an ordinary backward adds to it",
    [inp([2.0, 3.0]), inp([10.0, 20.0], requires_grad=False)],
    [op("set_grad", 0, 1), op("mul_scalar", 0, scalar=4.0), op("backward", 3, create_graph=False,
                                                                  grad_output=[1.0, 1.0]), op("grad", 0)])
add("set_grad with a different size: error",
    [inp([2.0, 3.0]), inp([1.0, 2.0, 3.0], requires_grad=False)], [op("set_grad", 0, 1)])
add("set_grad with a different dtype: error",
    [inp([2.0, 3.0]), inp([1.0, 2.0], "float32", requires_grad=False)], [op("set_grad", 0, 1)])
add("grad of a leaf that never had one: the interpreter's error",
    [x2], [op("grad", 0)])

# ----------------------------------------------------------------------------------
# retained gradients

add("a retained gradient of a non-leaf: 2 * (2x)",
    [x2], [op("mul_scalar", 0, scalar=2.0), op("retain_grad", 1), op("mul", 2, 2), op("sum", 3),
           op("backward", 4, create_graph=False), op("grad", 2)])
add("a retained gradient accumulates over two backwards",
    [x2], [op("mul_scalar", 0, scalar=2.0), op("retain_grad", 1), op("sum", 2),
           op("backward", 3, create_graph=False, retain_graph=True), op("mul", 2, 2), op("sum", 5),
           op("backward", 6, create_graph=False), op("grad", 2)])
add("retain_grad on a leaf changes nothing",
    [x2], [op("retain_grad", 0), op("sum", 1), op("backward", 2, create_graph=False), op("grad", 0)])
add("grad of a non-leaf that does not retain it: the interpreter's error",
    [x2], [op("mul_scalar", 0, scalar=2.0), op("sum", 1), op("backward", 2, create_graph=False), op("grad", 1)])
add("a retained gradient under create_graph, differentiated again",
    [x2], [op("mul", 0, 0), op("retain_grad", 1), op("mul", 2, 2), op("sum", 3),
           op("backward", 4, create_graph=True), op("grad", 2)])

# ----------------------------------------------------------------------------------
# int64 across the whole range

add("int64 prints and keeps every value", [ints([BIG, INT_MAX, INT_MIN])], [op("clone", 0)])
add("int64 sum above 2^53 is exact", [ints([2**53, 1, 2])], [op("sum", 0)])
add("int64 sum wraps", [ints([INT_MAX, 1])], [op("sum", 0)])
add("int64 sum_dim above 2^53", [ints([2**53, 1, 2**53, 3], shape=[2, 2])], [op("sum_dim", 0, dims=[1], keepdim=False)])
add("int64 add wraps", [ints([INT_MAX, INT_MIN]), ints([1, -1])], [op("add", 0, 1)])
add("int64 sub wraps", [ints([INT_MIN]), ints([1])], [op("sub", 0, 1)])
add("int64 mul wraps", [ints([INT_MAX, 2**62]), ints([2, 4])], [op("mul", 0, 1)])
add("int64 mul by an int scalar above 2^53", [ints([BIG])], [op("mul_scalar", 0, scalar=3, integral=True)])
add("int64 neg and abs of the minimum", [ints([INT_MIN, -5])], [op("neg", 0), op("abs", 0), op("add", 1, 2)])
add("int64 pow_int wraps", [ints([3, -3, 2**32])], [op("pow_int", 0, exponent=41)])
add("int64 gt at 2^53 + 1", [ints([BIG, 2**53]), ints([2**53, BIG])], [op("gt", 0, 1)])
add("int64 eq at 2^53 + 1", [ints([BIG, BIG]), ints([2**53, BIG])], [op("eq", 0, 1)])
add("int64 max above 2^53", [ints([2**53, BIG, 2**53])], [op("max", 0)])
add("int64 min_dim above 2^53", [ints([BIG, 2**53, INT_MIN, INT_MAX], shape=[2, 2])], [op("min_dim", 0, dim=1, keepdim=True)])
add("int64 maximum at the extremes", [ints([INT_MIN, BIG]), ints([INT_MAX, 2**53])], [op("maximum", 0, 1)])
add("int64 dot above 2^53", [ints([BIG, 2]), ints([1, 1])], [op("dot", 0, 1)])
add("int64 mm wraps", [ints([INT_MAX, 1], shape=[1, 2]), ints([2, 1], shape=[2, 1])], [op("mm", 0, 1)])
add("int64 matmul above 2^53", [ints([BIG, 1, 2, 3], shape=[2, 2]), ints([1, 1], shape=[2])], [op("matmul", 0, 1)])
add("int64 clamp with integer bounds stays int64", [ints([INT_MIN, BIG, 7])], [op("clamp", 0, min=0, max=2**53)])
add("int64 where keeps every bit", [inp([True, False], "bool"), ints([BIG, 0]), ints([0, INT_MAX])], [op("where", 0, 1, 2)])
add("int64 cat keeps every bit", [ints([BIG]), ints([INT_MIN])], [op("cat", 0, 1, dim=0)])
add("int64 to float64 rounds 2^53 + 1", [ints([BIG, INT_MAX])], [op("to", 0, dtype="float64")])
add("float64 to int64 of what does not fit", [inp([1e300, -2.7, 3e18], requires_grad=False)], [op("to", 0, dtype="int64")])
add("int64 sign at the extremes", [ints([INT_MIN, 0, INT_MAX])], [op("sign", 0)])

print(json.dumps({"torch": torch.__version__, "programs": programs}, allow_nan=False))
print("%d accumulation and int64 programs" % len(programs), file=sys.stderr)
