#!/usr/bin/python3
"""facesr vs the official PyTorch code: same architectures, same machine, same run.

For every model it times, in turn and for --rounds rounds, `facesr bench --json`
(C++) and the authors' own network class under Debian's python3-torch, both with
fill-v1 weights (../shared/fixtures/README.md §1) and the same fill-v1 input, and
prints images/s and the ratio facesr/official for inference and for one training
step (forward, L1 loss against zeros on the final SR image, backward, Adam).

  /usr/bin/python3 bench/compare_official.py --official-root /tmp/official
  /usr/bin/python3 bench/compare_official.py --official-root /tmp/official --isa native,avx2

--isa runs the whole comparison once per instruction set, each in a fresh
process whose oneDNN (ONEDNN_MAX_CPU_ISA) and ATen kernels (ATEN_CPU_CAPABILITY)
are capped to it, on both sides: an AVX-512 machine then measures AVX2 too.

--official-root holds one checkout per repository, named owner+repo
(bench/README.md says how to make them). Imports the official networks do not
use at inference or training time are replaced as bench/official_shims.py says;
nothing else of the official code changes.
"""
import argparse
import importlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, "tests", "tools"))
from make_fill_checkpoint import fill, fnv1a64, uniforms  # noqa: E402  (fill-v1, shared with the tests)
import official_shims  # noqa: E402  (bench/official_shims.py)

SEED = 20261122  # the fixtures' G, as `facesr bench` uses

DIC_OPT = {"which_model": "DIC", "num_features": 48, "in_channels": 3, "out_channels": 3, "num_steps": 4,
           "num_groups": 6, "detach_attention": False, "hg_num_feature": 256, "hg_num_keypoints": 68,
           "num_fusion_block": 7, "scale": 8}


def import_from(root, repo, subdir, module):
    """Imports `module` from one checkout, forgetting same-named packages of another."""
    path = os.path.join(root, repo, subdir)
    if not os.path.isdir(path):
        sys.exit(f"compare_official: {path} is missing; make the checkouts as bench/README.md says")
    for name in [n for n in sys.modules if n.split(".")[0] in ("models", "networks", "model", "snlayer")]:
        del sys.modules[name]
    sys.path.insert(0, path)
    try:
        return importlib.import_module(module)
    finally:
        sys.path.remove(path)


def official_network(name, root):
    """(network, input side, output adapter) of the official class for a facesr zoo name."""
    if name in ("sparnet", "sparnet-light"):
        m = import_from(root, "chaofengc+Face-SPARNet", "", "models.sparnet")
        light = name == "sparnet-light"
        net = m.SPARNet(res_depth=1 if light else 10, norm_type="bn", att_name="spar3d" if light else "spar",
                        bottleneck_size=4)
        return net, 128, lambda out, x: out
    if name == "ctcnet":
        m = import_from(root, "IVIPLab+CTCNet", "", "models.ctcnet")
        return m.CTCNet(), 128, lambda out, x: out + x  # ctcnet_model.py adds the input back
    if name == "dic":
        m = import_from(root, "Maclory+Deep-Iterative-Collaboration", "code", "networks.dic_arch")
        return m.DIC(dict(DIC_OPT), torch.device("cpu")), 16, lambda out, x: out[0][-1]  # last step's SR
    if name == "scgan":
        m = import_from(root, "HaoHou-98+SCGAN", "", "model")
        return m.G_RLS(), 16, lambda out, x: out
    raise SystemExit(f"compare_official: no official network for {name}")


def fill_input(batch, side):
    n = batch * 3 * side * side
    r = 2.0 * uniforms(fnv1a64("input") ^ SEED, n) - 1.0
    return torch.from_numpy(r.astype("float32").reshape(batch, 3, side, side))


def timed(work, warmup, repeats):
    """(wall seconds, process CPU seconds) of each timed repeat."""
    for _ in range(warmup):
        work()
    wall, cpu = [], []
    for _ in range(repeats):
        cpu_start, start = time.process_time(), time.perf_counter()
        work()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    return wall, cpu


def official_run(name, root, batch, train, warmup, repeats):
    """Per-repeat (wall, CPU) seconds of one official forward (or training step) at `batch`."""
    net, side, output = official_network(name, root)
    net.load_state_dict({k: fill(k, tuple(v.shape), SEED) for k, v in net.state_dict().items()})
    x = fill_input(batch, side)
    if not train:
        net.eval()
        with torch.inference_mode():
            return timed(lambda: output(net(x), x), warmup, repeats)
    net.train()
    adam = torch.optim.Adam(net.parameters(), lr=1e-4)
    with torch.no_grad():
        target = torch.zeros_like(output(net(x), x))

    def step():
        adam.zero_grad()
        F.l1_loss(output(net(x), x), target).backward()
        adam.step()
    return timed(step, warmup, repeats)


def facesr_run(facesr, name, batch, train, threads, warmup, repeats):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "bench.json")
        cmd = [facesr, "bench", "-m", name, "--batch", str(batch), "--dtype", "fp32", "--threads", str(threads),
               "--warmup", str(warmup), "--repeats", str(repeats), "--json", out] + (["--train"] if train else [])
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        with open(out) as f:
            report = json.load(f)
    result = report["results"][0]
    return report, ([ms / 1e3 for ms in result["latency_ms_all"]], [ms / 1e3 for ms in result["cpu_ms_all"]])


# What --isa caps, for facesr's oneDNN and LibTorch and for python3-torch alike: (oneDNN, ATen) names.
ISA_CAPS = {"avx2": ("AVX2", "avx2"), "avx512": ("AVX512_CORE", "avx512")}


def run_per_isa(isas, json_path):
    """Runs this script once per ISA with the caps in its environment (they are read when torch loads)."""
    args, skip = [], False
    for a in sys.argv[1:]:  # the same arguments but --isa and --json, which each run gets its own of
        if skip:
            skip = False
        elif a in ("--isa", "--json"):
            skip = True
        elif not a.startswith(("--isa=", "--json=")):
            args.append(a)
    for isa in isas:
        env = {k: v for k, v in os.environ.items() if k not in ("ONEDNN_MAX_CPU_ISA", "ATEN_CPU_CAPABILITY")}
        if isa != "native":
            env["ONEDNN_MAX_CPU_ISA"], env["ATEN_CPU_CAPABILITY"] = ISA_CAPS[isa]
        own_json = ["--json", f"{os.path.splitext(json_path)[0]}.{isa}.json"] if json_path else []
        print(f"\n== ISA: {isa}" + ("" if isa == "native" else f" (ONEDNN_MAX_CPU_ISA={env['ONEDNN_MAX_CPU_ISA']}, "
                                     f"ATEN_CPU_CAPABILITY={env['ATEN_CPU_CAPABILITY']})"), flush=True)
        subprocess.run([sys.executable, os.path.abspath(__file__), "--isa", "current"] + args + own_json, env=env,
                       check=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--official-root", required=True, help="folder with owner+repo checkouts")
    ap.add_argument("--facesr", default=os.path.join(REPO, "build", "facesr"))
    ap.add_argument("--models", default="sparnet-light,sparnet,scgan,dic,ctcnet")
    ap.add_argument("--batch", default="1,16", help="inference batch sizes (\"\": none)")
    ap.add_argument("--train-batch", type=int, default=4, help="training-step batch size (0: skip)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=2, help="alternations of facesr and official per setting")
    ap.add_argument("--json", help="write every timing here (with --isa, one file per ISA: NAME.ISA.json)")
    ap.add_argument("--isa", default="current",
                    help="comma list of native, avx2, avx512: one table each, both sides capped to it "
                         "(current: as this process was started)")
    args = ap.parse_args()
    if args.isa != "current":
        isas = args.isa.split(",")
        unknown = [i for i in isas if i != "native" and i not in ISA_CAPS]
        if unknown:
            sys.exit(f"compare_official: --isa {','.join(unknown)}: expected native, {', '.join(ISA_CAPS)}")
        return run_per_isa(isas, args.json)

    torch.set_num_threads(args.threads)
    official_shims.install(network_only=True)

    settings = [(int(b), False) for b in args.batch.split(",") if b]  # --batch "": training only
    if args.train_batch > 0:
        settings.append((args.train_batch, True))
    rows = []
    print(f"torch {torch.__version__}, {args.threads} threads; images/s = batch / median seconds over "
          f"{args.rounds} rounds x {args.repeats} repeats", flush=True)
    print("ratio = facesr/official images per wall second; CPU ratio = the same per CPU second (both processes "
          "share a loaded machine, CPU time is steadier)", flush=True)
    print(f"{'model':<14} {'mode':<9} {'batch':>5} {'facesr img/s':>13} {'official img/s':>15} {'ratio':>6} "
          f"{'CPU ratio':>9} {'GFLOPs/img':>10}", flush=True)
    for name in args.models.split(","):
        for batch, train in settings:
            ours, theirs, report = ([], []), ([], []), None
            for _ in range(args.rounds):
                report, (wall, cpu) = facesr_run(args.facesr, name, batch, train, args.threads, args.warmup,
                                                 args.repeats)
                ours[0].extend(wall)
                ours[1].extend(cpu)
                wall, cpu = official_run(name, args.official_root, batch, train, args.warmup, args.repeats)
                theirs[0].extend(wall)
                theirs[1].extend(cpu)
            row = {"model": name, "mode": "train" if train else "inference", "batch": batch,
                   "facesr_images_per_s": batch / statistics.median(ours[0]),
                   "official_images_per_s": batch / statistics.median(theirs[0]),
                   "ratio": statistics.median(theirs[0]) / statistics.median(ours[0]),
                   "cpu_ratio": statistics.median(theirs[1]) / statistics.median(ours[1]),
                   "facesr_seconds": ours[0], "official_seconds": theirs[0],
                   "facesr_cpu_seconds": ours[1], "official_cpu_seconds": theirs[1],
                   "gflops_per_image": report["gflops_per_image"],
                   "facesr_tuning": report.get("tuning", "none"), "load_average": os.getloadavg()[0]}
            rows.append(row)
            print(f"{name:<14} {row['mode']:<9} {batch:>5} {row['facesr_images_per_s']:>13.3f} "
                  f"{row['official_images_per_s']:>15.3f} {row['ratio']:>6.2f} {row['cpu_ratio']:>9.2f} "
                  f"{row['gflops_per_image']:>10.2f}", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"torch": torch.__version__, "threads": args.threads, "rows": rows,
                       "onednn_max_cpu_isa": os.environ.get("ONEDNN_MAX_CPU_ISA", ""),
                       "aten_cpu_capability": os.environ.get("ATEN_CPU_CAPABILITY", "")}, f, indent=1)


if __name__ == "__main__":
    main()
