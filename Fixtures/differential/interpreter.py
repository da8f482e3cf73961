"""Runs a differential-test program in PyTorch and records what PyTorch does.

Shared by generate.py (random programs -> programs.jsonl) and edges.py (a hand-picked
table -> edges.json). Needs PyTorch. A program is a JSON object:

    {"id": "p00001",
     "inputs": [{"shape": [2, 3], "dtype": "float32", "values": [...],
                 "layout": "contiguous", "requires_grad": true}, ...],
     "ops": [{"op": "mul", "args": [0, 1]}, {"op": "sum", "args": [2]}],
     "grad_output": null,
     "expect": {...}}

Values 0..n-1 are the inputs; every op appends one value; the result is the last value.

Gradient ops may come between the others (accumulation.py uses them):
  {"op": "retain_grad", "args": [k]}         value k retains its gradient; appends value k
  {"op": "set_grad", "args": [j, k]}         value j's .grad = value k; appends value j
  {"op": "backward", "args": [k], "create_graph": bool, "grad_output": [...] | null,
   "retain_graph": bool (optional)}          value k's backward; appends value k (with
                                             args [k, m], value m is the gradient)
  {"op": "grad", "args": [j]}                appends value j's .grad (raises GRAD_IS_NONE
                                             when it is None)

Numbers are strict JSON: NaN and the infinities are the strings "nan", "inf" and
"-inf"; every other float is written with Python's repr, so a float32 element appears
as the exact double value of that float32. Bools are true/false, int64 values plain
integers. Every list of values is the row-major order of the LOGICAL tensor.

How an input is materialised ("layout"); its logical shape and values never change:
  contiguous  torch.tensor(values, dtype).reshape(shape)
  transposed  (rank >= 2) a contiguous tensor of the shape with the last two dims
              swapped, holding the transposed values, then .transpose(-1, -2)
  expanded    the input also has "expand_dim": d (a dim whose size is > 1, along which
              the values are constant); a contiguous tensor whose dim d has size 1,
              holding the values at index 0 along d, then .expand(shape) (stride 0)
  strided     (rank >= 1) a contiguous tensor twice as long along dim 0 whose even rows
              are the logical rows and odd rows are zeros, then [::2]
Every input is then x = view.detach(): a leaf that is not a view of anything (so an
in-place op on it is an op on a plain leaf) but keeps the layout's strides. If
"requires_grad", x.requires_grad_(True) follows; on an int64 or bool input that raises,
and the program's expect is that error with "error_input" set.

"expect" is one of
  {"error": str(e), "error_type": "RuntimeError", "error_op": i}
      op i raised (error_op is null and "error_input" is k when making input k raised);
  {"shape": [...], "dtype": "...", "values": [...], "grad_fn": "MulBackward0" | null,
   "requires_grad": bool, and when the result requires grad:
   "grads": [per input: null when it does not require grad or its .grad is None,
             else the gradient's row-major values],
   or "backward_error": str(e) when backward raised}.
When the result requires grad, backward runs with the program's "grad_output" (values
of the result's shape and dtype), or with no argument when grad_output is null (only
when the result has exactly one element).
"""
import math
import warnings

import torch

DTYPES = {
    "float32": torch.float32,
    "float64": torch.float64,
    "int64": torch.int64,
    "bool": torch.bool,
}
DTYPE_NAMES = {v: k for k, v in DTYPES.items()}

UNARY = ["neg", "exp", "log", "sqrt", "abs", "sin", "cos", "tanh", "sigmoid", "relu",
         "reciprocal", "sign", "square"]
BINARY = ["add", "sub", "mul", "div", "pow", "maximum", "minimum", "matmul", "mm", "mv",
          "dot", "eq", "ne", "lt", "le", "gt", "ge"]
COMPARISONS = ["eq", "ne", "lt", "le", "gt", "ge"]
SCALAR_BINARY = ["add_scalar", "sub_scalar", "rsub_scalar", "mul_scalar", "div_scalar"]
INPLACE = ["add_", "mul_", "add_scalar_", "mul_scalar_"]
GRADIENT_OPS = ["retain_grad", "set_grad", "backward", "grad"]
# The error the "grad" op raises for a value whose .grad is None (the interpreter's own text).
GRAD_IS_NONE = "the value has no gradient (.grad is None)"


# ----------------------------------------------------------------------------------
# JSON encoding of numbers


def encode_number(x):
    """A Python number as strict JSON: NaN/inf become strings, bools and ints stay."""
    if isinstance(x, float):
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
    return x


def decode_number(x):
    """The inverse of encode_number."""
    if isinstance(x, str):
        return float(x)
    return x


def encode_values(values):
    return [encode_number(v) for v in values]


def tensor_values(t):
    """The row-major values of a tensor's logical contents, JSON-encoded."""
    return encode_values(t.detach().reshape(-1).tolist())


def dtype_name(dtype):
    return DTYPE_NAMES.get(dtype, str(dtype).replace("torch.", ""))


def round_to_dtype(values, dtype_str):
    """Values as the given dtype stores them (float32 rounding, int/bool conversion)."""
    values = [decode_number(v) for v in values]
    if not values:
        return []
    return torch.tensor(values, dtype=DTYPES[dtype_str]).tolist()


# ----------------------------------------------------------------------------------
# Inputs


def make_input(spec):
    """Materialises one input spec as a tensor with the requested layout (no grad)."""
    dtype = DTYPES[spec["dtype"]]
    shape = list(spec["shape"])
    values = [decode_number(v) for v in spec["values"]]
    layout = spec.get("layout", "contiguous")
    logical = torch.tensor(values, dtype=dtype).reshape(shape)

    if layout == "contiguous":
        return logical
    if layout == "transposed":
        assert len(shape) >= 2, "transposed layout needs rank >= 2"
        storage = logical.transpose(-1, -2).contiguous()
        return storage.transpose(-1, -2)
    if layout == "expanded":
        d = spec["expand_dim"]
        assert shape[d] > 1, "expanded layout needs a dim of size > 1"
        base = logical.narrow(d, 0, 1).contiguous()
        view = base.expand(shape)
        same = [repr(v) for v in view.reshape(-1).tolist()] == \
            [repr(v) for v in logical.reshape(-1).tolist()]  # repr: nan and -0.0 compare too
        assert same, "expanded input's values vary along expand_dim"
        return view
    if layout == "strided":
        assert len(shape) >= 1, "strided layout needs rank >= 1"
        doubled = [2 * shape[0]] + shape[1:]
        storage = torch.zeros(doubled, dtype=dtype)
        storage[0::2] = logical
        return storage[::2]
    raise ValueError("unknown layout " + layout)


# ----------------------------------------------------------------------------------
# Ops


def scalar_of(op, field="scalar"):
    """An op's scalar field as the Python type the op asks for (int or float)."""
    s = decode_number(op[field])
    if op.get("integral"):
        return int(s)
    return float(s)


def optional_number(x):
    return None if x is None else decode_number(x)


def slice_along(t, dim, start, end, step):
    index = (slice(None),) * (dim if dim >= 0 else t.dim() + dim) + (slice(start, end, step),)
    return t[index]


def apply_op(op, vals):
    """Runs one op on the value list; returns the new value (may raise)."""
    name = op["op"]
    args = op["args"]
    a = vals[args[0]] if args and not isinstance(args[0], list) else None

    if name in UNARY:
        return getattr(torch, name)(a)
    if name == "clamp":
        return torch.clamp(a, optional_number(op["min"]), optional_number(op["max"]))
    if name == "pow_scalar":
        return a ** float(decode_number(op["exponent"]))
    if name == "pow_int":
        return a ** int(op["exponent"])
    if name == "rpow_scalar":
        return float(decode_number(op["base"])) ** a

    if name in BINARY:
        return getattr(torch, name)(a, vals[args[1]])

    if name in SCALAR_BINARY:
        s = scalar_of(op)
        if name == "add_scalar":
            return a + s
        if name == "sub_scalar":
            return a - s
        if name == "rsub_scalar":
            return s - a
        if name == "mul_scalar":
            return a * s
        return a / s

    if name == "where":
        return torch.where(a, vals[args[1]], vals[args[2]])

    # Reductions
    if name in ("sum", "mean", "max", "min"):
        return getattr(torch, name)(a)
    if name == "sum_dim":
        return torch.sum(a, dim=op["dims"], keepdim=op["keepdim"])
    if name == "mean_dim":
        return torch.mean(a, dim=op["dims"], keepdim=op["keepdim"])
    if name in ("var", "std"):
        return getattr(torch, name)(a, dim=op["dim"], unbiased=op["unbiased"],
                                    keepdim=op["keepdim"])
    if name == "max_dim":
        return torch.max(a, op["dim"], op["keepdim"]).values
    if name == "min_dim":
        return torch.min(a, op["dim"], op["keepdim"]).values
    if name == "norm":
        return torch.norm(a, p=float(op["p"]), dim=op["dims"])

    # Views and copies
    if name == "view":
        return a.view(op["shape"])
    if name == "reshape":
        return a.reshape(op["shape"])
    if name == "unsqueeze":
        return a.unsqueeze(op["dim"])
    if name == "squeeze_dim":
        return a.squeeze(op["dim"])
    if name == "squeeze":
        return a.squeeze()
    if name == "transpose":
        return a.transpose(op["dim0"], op["dim1"])
    if name == "t":
        return a.t()
    if name == "permute":
        return a.permute(op["dims"])
    if name == "expand":
        return a.expand(op["shape"])
    if name == "select":
        return a.select(op["dim"], op["index"])
    if name == "slice":
        return slice_along(a, op["dim"], op["start"], op["end"], op["step"])
    if name == "flatten":
        return a.flatten()
    if name == "contiguous":
        return a.contiguous()
    if name == "clone":
        return a.clone()
    if name == "to":
        return a.to(DTYPES[op["dtype"]])

    if name == "softmax":
        return torch.softmax(a, op["dim"])
    if name == "log_softmax":
        return torch.log_softmax(a, op["dim"])

    if name in ("cat", "stack"):
        tensors = [vals[i] for i in args]
        return getattr(torch, name)(tensors, op["dim"])

    # In-place ops: the new value is the written-to tensor itself.
    if name == "add_":
        return a.add_(vals[args[1]])
    if name == "mul_":
        return a.mul_(vals[args[1]])
    if name == "add_scalar_":
        return a.add_(scalar_of(op))
    if name == "mul_scalar_":
        return a.mul_(scalar_of(op))

    # Gradient ops, in the middle of a program: what accumulates into .grad, with and
    # without create_graph, gradients set by hand, and retained gradients of non-leaves.
    if name == "retain_grad":
        a.retain_grad()
        return a
    if name == "set_grad":
        a.grad = vals[args[1]]
        return a
    if name == "backward":
        g = None
        if len(args) > 1:
            g = vals[args[1]]
        elif op.get("grad_output") is not None:
            g = torch.tensor([decode_number(v) for v in op["grad_output"]], dtype=a.dtype).reshape(a.shape)
        a.backward(g, retain_graph=op.get("retain_graph"), create_graph=op["create_graph"])
        return a
    if name == "grad":
        if a.grad is None:
            raise RuntimeError(GRAD_IS_NONE)
        return a.grad

    raise ValueError("unknown op " + name)


# ----------------------------------------------------------------------------------
# Whole programs


def error_record(e):
    return {"error": str(e), "error_type": type(e).__name__}


def make_leaf(spec):
    """The input as the program sees it: a detached leaf, requiring grad if asked (may raise)."""
    x = make_input(spec).detach()
    if spec.get("requires_grad"):
        x.requires_grad_(True)
    return x


def build_inputs(program):
    """The input tensors, or (None, expect) when making one raised."""
    inputs = []
    for k, spec in enumerate(program["inputs"]):
        try:
            inputs.append(make_leaf(spec))
        except Exception as e:  # noqa: BLE001 - we record whatever PyTorch raises
            expect = error_record(e)
            expect["error_op"] = None
            expect["error_input"] = k
            return None, expect
    return inputs, None


def run_ops(program, inputs):
    """Runs the ops; returns (values, None) or (values so far, expect for an error)."""
    vals = list(inputs)
    for i, op in enumerate(program["ops"]):
        try:
            vals.append(apply_op(op, vals))
        except Exception as e:  # noqa: BLE001
            expect = error_record(e)
            expect["error_op"] = i
            return vals, expect
    return vals, None


def run_program(program, seed=0):
    """Runs a program from scratch in PyTorch and returns its "expect" record."""
    torch.manual_seed(seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        inputs, expect = build_inputs(program)
        if expect is not None:
            return expect
        vals, expect = run_ops(program, inputs)
        if expect is not None:
            return expect
        result = vals[-1]
        expect = {
            "shape": list(result.shape),
            "dtype": dtype_name(result.dtype),
            "values": tensor_values(result),
            "requires_grad": result.requires_grad,
            "grad_fn": type(result.grad_fn).__name__ if result.grad_fn is not None else None,
        }
        if result.requires_grad:
            try:
                if program.get("grad_output") is None:
                    result.backward()
                else:
                    g = torch.tensor([decode_number(v) for v in program["grad_output"]],
                                     dtype=result.dtype).reshape(result.shape)
                    result.backward(g)
            except Exception as e:  # noqa: BLE001
                expect["backward_error"] = str(e)
                expect["backward_error_type"] = type(e).__name__
            else:
                expect["grads"] = [
                    None if (not x.requires_grad or x.grad is None) else tensor_values(x.grad)
                    for x in inputs
                ]
        return expect
