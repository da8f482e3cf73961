"""Records what PyTorch says when it is given bad input: the error type and exact text.

Needs PyTorch (and numpy for the numpy case). Run:

    python3 Fixtures/differential/errors.py > Fixtures/differential/errors.json

Prints {"torch": version, "prelude": PRELUDE, "cases": [...]}. Each case is
    {"case": id, "code": the Python snippet, "error_type": "RuntimeError", "error": str(e),
     "error_line": the line of the snippet's top-level statement that raised (1-based)}
or, when the snippet does not raise,
    {"case": id, "code": ..., "result": repr of the value (a str value is kept as is)}
plus "warnings": [the text of each warning raised] when there were any, and "partial":
the repr of the snippet's variable `partial` when it set one (what a loop had produced
before it raised).

A snippet is either one expression (its value is the result) or statements that set
`result`. Each runs after PRELUDE, in a fresh namespace, with torch.manual_seed(0).
Cases that could try to allocate a huge amount of memory run in a child process whose
address space is capped at 8 GiB (so the allocation fails instead of exhausting the
machine; PyTorch's message is the same as without the cap, since a too-large malloc
fails with ENOMEM either way), with a timeout.
"""
import json
import os
import resource
import subprocess
import sys
import traceback
import warnings

PRELUDE = """\
import math, os, tempfile
import torch
from torch.utils.data import DataLoader, Dataset, TensorDataset, random_split
"""

# (case id, snippet, isolate in a child process)
CASES = [
    # Sizes and allocation
    ("zeros_huge", "torch.zeros([2**63-1, 2])", True),
    ("zeros_overflow", "torch.zeros([2**40, 2**40])", True),
    ("zeros_negative", "torch.zeros([-1, 2])", False),
    ("randn_negative", "torch.randn(-1)", False),
    ("alloc_too_big", "torch.empty(2**45, dtype=torch.float32)", True),
    ("tensor_int_overflow", "torch.tensor([2**63])", False),
    ("tensor_ragged", "torch.tensor([[1, 2], [3]])", False),
    # expand / view / reshape
    ("expand_neg2", "torch.ones(3).expand(-2)", False),
    ("expand_neg1_new_dim", "torch.ones(3).expand(-1, 3)", False),
    ("expand_wrong_size", "torch.ones(3).expand(2, 4)", False),
    ("view_bad", "torch.ones(2,3).view(4)", False),
    ("view_after_transpose", "torch.ones(2,3).t().view(6)", False),
    ("reshape_bad_minus1", "torch.ones(2,3).reshape(-1, 4)", False),
    ("unsqueeze_out_of_range", "torch.ones(2).unsqueeze(2)", False),
    ("sum_dim_out_of_range", "torch.ones(2,3).sum(2)", False),
    # arange / linspace
    ("arange_huge", "torch.arange(0, 1e19)", True),
    ("arange_zero_step", "torch.arange(0, 1, 0)", False),
    ("arange_wrong_sign", "torch.arange(0, 1, -1)", False),
    ("arange_nan", "torch.arange(0, float('nan'))", False),
    ("linspace_negative_steps", "torch.linspace(0, 1, -1)", False),
    # random_split on a 10-element dataset
    ("random_split_nan",
     "ds = TensorDataset(torch.arange(10))\n"
     "result = [list(s.indices) for s in random_split(ds, [0.5, float('nan')])]", False),
    ("random_split_all_nan",
     "ds = TensorDataset(torch.arange(10))\n"
     "result = [list(s.indices) for s in random_split(ds, [float('nan'), float('nan')])]", False),
    ("random_split_negative",
     "ds = TensorDataset(torch.arange(10))\n"
     "result = [list(s.indices) for s in random_split(ds, [-1, 11])]", False),
    ("random_split_huge",
     "ds = TensorDataset(torch.arange(10))\n"
     "result = [list(s.indices) for s in random_split(ds, [2**62, 5])]", False),
    ("random_split_bad_sum",
     "ds = TensorDataset(torch.arange(10))\n"
     "result = [list(s.indices) for s in random_split(ds, [3, 3])]", False),
    ("random_split_fractions",
     "ds = TensorDataset(torch.arange(10))\n"
     "result = [list(s.indices) for s in random_split(ds, [0.25, 0.25, 0.5])]", False),
    # indexing
    ("slice_step_huge", "torch.ones(5)[::2**63-1]", False),
    ("slice_step_zero", "torch.ones(5)[::0]", False),
    ("slice_step_negative", "torch.ones(5)[::-1]", False),
    ("slice_end_huge", "torch.ones(5)[0:2**63-1]", False),
    ("index_huge", "torch.ones(5)[2**63-1]", False),
    ("index_out_of_range", "torch.ones(5)[5]", False),
    ("item_multi", "torch.ones(2).item()", False),
    # random numbers and seeds
    ("randint_full", "torch.randint(-2**63, 2**63-1, (3,))", False),
    ("randint_empty_range", "torch.randint(5, 5, (3,))", False),
    ("manual_seed_negative", "torch.manual_seed(-1).initial_seed()", False),
    ("manual_seed_too_big", "torch.manual_seed(2**64)", False),
    # printing
    ("print_int64_max", "repr(torch.tensor([2**63-1]))", False),
    ("print_int64_min", "repr(torch.tensor([-2**63]))", False),
    # numpy
    ("numpy_index", "torch.ones(3).numpy()[5]", False),
    ("numpy_requires_grad", "torch.ones(2, requires_grad=True).numpy()", False),
    # mixed dtypes and shapes
    ("mm_mixed", "torch.ones(2,2).mm(torch.ones(2,2,dtype=torch.float64))", False),
    ("dot_mixed", "torch.ones(2).dot(torch.ones(2,dtype=torch.float64))", False),
    ("mv_mixed", "torch.ones(2,2).mv(torch.ones(2,dtype=torch.float64))", False),
    ("matmul_shapes", "torch.ones(2,3) @ torch.ones(2,3)", False),
    ("broadcast_23_32", "torch.ones(2,3)+torch.ones(3,2)", False),
    ("where_float_cond", "torch.where(torch.tensor([1.0, 0.0]), torch.ones(2), torch.zeros(2))", False),
    ("mean_int", "torch.tensor([1, 2]).mean()", False),
    ("cat_empty_list", "torch.cat([])", False),
    ("stack_mismatched", "torch.stack([torch.ones(2), torch.ones(3)])", False),
    # in-place and autograd
    ("expand_add_", "torch.ones(1).expand(3).add_(1)", False),
    ("int_requires_grad", "torch.tensor([1,2]).requires_grad_()", False),
    ("inplace_float_into_int", "torch.tensor([1,2]).add_(0.5)", False),
    ("leaf_inplace", "torch.ones(2, requires_grad=True).add_(1)", False),
    ("nonleaf_requires_grad_false",
     "x = torch.ones(2, requires_grad=True)\n"
     "result = (x * 2).requires_grad_(False)", False),
    ("backward_nonscalar",
     "x = torch.ones(2, requires_grad=True)\n"
     "(x * 2).backward()", False),
    ("backward_twice",
     "x = torch.ones(2, requires_grad=True)\n"
     "y = (x * x).sum()\n"
     "y.backward()\n"
     "y.backward()", False),
    ("backward_no_grad_fn", "torch.ones(2).sum().backward()", False),
    ("nonleaf_grad_access",
     "x = torch.ones(2, requires_grad=True)\n"
     "y = x * 2\n"
     "y.sum().backward()\n"
     "result = y.grad", False),
    ("grad_zero_when_none",
     "x = torch.ones(2, requires_grad=True)\n"
     "x.grad.zero_()", False),
    ("var_single_element", "torch.ones(1).var()", False),
    # optimizers and schedulers
    ("steplr_zero",
     "p = torch.nn.Parameter(torch.ones(1))\n"
     "opt = torch.optim.SGD([p], lr=0.1)\n"
     "sched = torch.optim.lr_scheduler.StepLR(opt, step_size=0)\n"
     "opt.step()\n"
     "sched.step()\n"
     "result = opt.param_groups[0]['lr']", False),
    ("adam_resized_param",
     "p = torch.nn.Parameter(torch.ones(3))\n"
     "opt = torch.optim.Adam([p], lr=0.1)\n"
     "p.grad = torch.ones(3)\n"
     "opt.step()\n"
     "p.data = torch.ones(5)\n"
     "p.grad = torch.ones(5)\n"
     "opt.step()\n"
     "result = p.data", False),
    ("sgd_noncontiguous",
     "p = torch.nn.Parameter(torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))\n"
     "p.data = p.data.t()\n"
     "opt = torch.optim.SGD([p], lr=0.1)\n"
     "p.grad = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])\n"
     "opt.step()\n"
     "result = (p.data.tolist(), p.data.stride(), p.data.is_contiguous())", False),
    ("sgd_noncontiguous_momentum",
     "p = torch.nn.Parameter(torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))\n"
     "p.data = p.data.t()\n"
     "opt = torch.optim.SGD([p], lr=0.1, momentum=0.9)\n"
     "for _ in range(2):\n"
     "    p.grad = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])\n"
     "    opt.step()\n"
     "buf = opt.state[p]['momentum_buffer']\n"
     "result = (p.data.tolist(), p.data.stride(), buf.tolist(), buf.stride())", False),
    ("sgd_zero_grad_sets_none",
     "p = torch.nn.Parameter(torch.ones(2))\n"
     "opt = torch.optim.SGD([p], lr=0.1)\n"
     "p.grad = torch.ones(2)\n"
     "opt.zero_grad()\n"
     "result = p.grad", False),
    ("sgd_negative_lr", "torch.optim.SGD([torch.nn.Parameter(torch.ones(1))], lr=-1)", False),
    ("sgd_empty_params", "torch.optim.SGD([], lr=0.1)", False),
    ("adam_bad_beta", "torch.optim.Adam([torch.nn.Parameter(torch.ones(1))], betas=(1.0, 0.999))", False),
    # data loading
    ("dataloader_dataset_error",
     "class Bad(Dataset):\n"
     "    def __len__(self):\n"
     "        return 6\n"
     "    def __getitem__(self, i):\n"
     "        if i == 3:\n"
     "            raise ValueError('bad sample 3')\n"
     "        return torch.tensor([float(i)])\n"
     "partial = []\n"
     "for batch in DataLoader(Bad(), batch_size=2):\n"
     "    partial.append(batch.tolist())", False),
    ("dataloader_mismatched_shapes",
     "class Ragged(Dataset):\n"
     "    def __len__(self):\n"
     "        return 2\n"
     "    def __getitem__(self, i):\n"
     "        return torch.ones(2) if i == 0 else torch.ones(3)\n"
     "result = list(DataLoader(Ragged(), batch_size=2))", False),
    ("dataloader_shuffle_empty",
     "result = list(DataLoader(TensorDataset(torch.empty(0)), shuffle=True))", False),
    ("dataloader_empty",
     "result = list(DataLoader(TensorDataset(torch.empty(0)), batch_size=2))", False),
    ("dataloader_batch_size_zero",
     "DataLoader(TensorDataset(torch.arange(4)), batch_size=0)", False),
    # serialisation
    ("state_dict_nan",
     "sd = {'w': torch.tensor([float('nan'), float('inf'), -float('inf'), -0.0, 1.5])}\n"
     "with tempfile.TemporaryDirectory() as d:\n"
     "    path = os.path.join(d, 'sd.pt')\n"
     "    torch.save(sd, path)\n"
     "    loaded = torch.load(path)\n"
     "result = [repr(v) for v in loaded['w'].tolist()]", False),
]


def run_case(case_id, code):
    """Runs one snippet in this process and returns its record."""
    import torch

    record = {"case": case_id, "code": code}
    namespace = {}
    exec(PRELUDE, namespace)
    torch.manual_seed(0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            try:
                compiled, is_expr = compile(code, "<case>", "eval"), True
            except SyntaxError:
                compiled, is_expr = compile(code, "<case>", "exec"), False
            if is_expr:
                value = eval(compiled, namespace)
            else:
                exec(compiled, namespace)
                value = namespace.get("result")
        except Exception as e:  # noqa: BLE001 - recording the error is the point
            record["error_type"] = type(e).__name__
            record["error"] = str(e)
            lines = [f.lineno for f in traceback.extract_tb(e.__traceback__) if f.filename == "<case>"]
            if lines:
                record["error_line"] = lines[0]  # the snippet's own statement, not a def inside it
        else:
            record["result"] = value if isinstance(value, str) else repr(value)
    if "partial" in namespace:
        record["partial"] = repr(namespace["partial"])
    texts = [str(w.message) for w in caught]
    if texts:
        record["warnings"] = texts
    return record


def run_isolated(case_id, code):
    """Runs one snippet in a child process with an 8 GiB address-space cap."""
    def cap():
        limit = 8 << 30
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    try:
        out = subprocess.run([sys.executable, os.path.abspath(__file__), "--one", case_id],
                             capture_output=True, text=True, timeout=300, preexec_fn=cap)
    except subprocess.TimeoutExpired:
        return {"case": case_id, "code": code, "skipped": "did not finish within 300 s"}
    if out.returncode != 0:
        return {"case": case_id, "code": code,
                "skipped": "the child process died (exit %d): %s" % (out.returncode, out.stderr[-500:])}
    record = json.loads(out.stdout)
    record["isolated"] = True
    return record


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        code = dict((c, s) for c, s, _ in CASES)[sys.argv[2]]
        print(json.dumps(run_case(sys.argv[2], code)))
        return
    import torch

    torch.set_num_threads(1)
    records = [run_isolated(c, s) if iso else run_case(c, s) for c, s, iso in CASES]
    print(json.dumps({"torch": torch.__version__, "prelude": PRELUDE, "cases": records}, indent=1))
    print("%d cases" % len(records), file=sys.stderr)


if __name__ == "__main__":
    main()
