#!/usr/bin/python3
"""facesr against the official scripts end to end: a folder of faces in, PNGs and scores out.

The job a user runs, on both sides, in the same run, alternating:
  1. super-resolve a folder of 16x16 faces to 128x128 PNGs:
     `facesr upscale -m MODEL -w W.safetensors -i LR -o OUT` against the official
     repository's own `test.py` (reading, PIL bicubic to 128, the network at batch 1,
     writing PNGs; CTCNet's reads the HR faces and makes the 16 px input itself; DIC's
     reads the 16 px faces as they are, through the options JSON `test.py -opt` takes,
     which this script writes into --work), both on the same fill-v1 weights (the
     official .pth, and facesr's copy made from it by tools/convert_checkpoint.py, the
     path a user takes);
  2. score those PNGs against the HR faces:
     `facesr eval --hr HR --sr OUT --protocol sparnet` against the repository's own
     `psnr_ssim.py` (its `psnr_ssim_dir`, the function its __main__ calls).
Each side's wall and CPU time (the process and its children) is the median over
--rounds; the two sides' PNGs are compared pixel by pixel and their scores side by
side, so a speed-up that changed the result would show.

  /usr/bin/python3 bench/compare_end_to_end.py --official-root /tmp/official --hr /tmp/val1000

Needs Debian's python3-torch, python3-torchvision, python3-tqdm, python3-skimage and
python3-opencv (scripts/setup.sh does not install them: only benchmarks use them), and
the checkouts of bench/README.md ("Getting the official code"). What the official scripts
import but never call is stubbed as bench/official_shims.py says, and SPARNet's
load_pretrain_model, which assumes the DataParallel wrapper only GPUs get, loads into the
bare network on the CPU; nothing else of their code changes. DIC's needs no such fix: with
no gpu_ids in its options its solver stays on the CPU and loads the bare network itself.
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, "tests", "tools"))

SEED = 20261122  # fill-v1's G, as compare_official.py and `facesr bench` use
SPARNET_REPO, CTCNET_REPO = "chaofengc+Face-SPARNet", "IVIPLab+CTCNet"
DIC_REPO = "Maclory+Deep-Iterative-Collaboration"


def sparnet_network(options):
    from models.sparnet import SPARNet
    return SPARNet(res_depth=int(options["--res_depth"]), norm_type="bn", att_name=options["--att_name"],
                   bottleneck_size=4)


def ctcnet_network(options):
    from models.ctcnet import CTCNet
    return CTCNet()


def dic_network(options):
    import contextlib
    import io

    import torch
    from compare_official import DIC_OPT
    from networks.dic_arch import DIC
    with contextlib.redirect_stdout(io.StringIO()):  # its "Not detach attention!" would split the table
        return DIC(dict(DIC_OPT), torch.device("cpu"))


def dic_test_options(in_dir, out_dir, weights):
    """DIC's test options (its options/test/test_DIC_CelebA.json with the LR-only dataset and no gpu_ids, so
    the CPU), written into a folder next to out_dir that also takes test.py's results/; returns the path."""
    from compare_official import DIC_OPT
    root = os.path.join(os.path.dirname(out_dir), "official-test")
    # test.py asks on stdin before it renames an existing results folder: start with none.
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    options = {"mode": "sr_align", "degradation": "BI", "scale": 8, "is_train": False, "rgb_range": 1,
               # test.py saves into os.path.join(results folder, dataset name): an absolute name is out_dir.
               "datasets": {"test": {"mode": "LR", "name": out_dir, "dataroot_LR": in_dir, "data_type": "img"}},
               "networks": DIC_OPT,
               "solver": {"pretrained_path": weights}, "path": {"root": root}}
    path = os.path.join(root, "test_dic.json")
    with open(path, "w") as f:
        json.dump(options, f, indent=1)
    return path


# facesr zoo name -> the official repository, its test.py --model and options, the model class whose
# load_pretrain_model needs the CPU fix, the network, and what test.py reads: SPARNet's SingleDataset
# takes the LR faces, CTCNet's copy takes the HR ones and makes the 16 px input itself. DIC's code sits
# in code/, its test.py takes an options JSON instead (options_json writes it), and its solver takes a plain dict
# only as a checkpoint holding 'state_dict', as its own save_checkpoint writes (the released best_ckp.pth).
MODELS = {
    "sparnet": dict(repo=SPARNET_REPO, model="sparnet", options=["--res_depth", "10", "--att_name", "spar"],
                    model_class=("models.sparnet_model", "SPARNetModel"), network=sparnet_network, reads="LR"),
    "sparnet-light": dict(repo=SPARNET_REPO, model="sparnet", options=["--res_depth", "1", "--att_name", "spar3d"],
                          model_class=("models.sparnet_model", "SPARNetModel"), network=sparnet_network, reads="LR"),
    "ctcnet": dict(repo=CTCNET_REPO, model="ctcnet", options=[], model_class=("models.ctcnet_model", "CTCNetModel"),
                   network=ctcnet_network, reads="HR"),
    "dic": dict(repo=DIC_REPO, subdir="code", options=[], network=dic_network, reads="LR",
                checkpoint_key="state_dict", options_json=dic_test_options),
}


def run_official_test(root, model, threads, in_dir, out_dir, weights):
    """This script's `official-test` mode: the repository's test.py as its README runs it, on the CPU."""
    import importlib
    import runpy

    import official_shims
    import torch
    official_shims.install()
    torch.set_num_threads(threads)
    m = MODELS[model]
    checkout = os.path.join(root, m["repo"], m.get("subdir", ""))
    os.chdir(checkout)
    sys.path.insert(0, checkout)
    if "options_json" in m:
        sys.argv = ["test.py", "-opt", m["options_json"](in_dir, out_dir, weights)]
        return runpy.run_path("test.py", run_name="__main__")
    # The CPU fix: load_pretrain_model loads into netG.module, the DataParallel wrapper that
    # define_network makes only when there are GPUs; on the CPU the weights go into netG itself.
    model_class = getattr(importlib.import_module(m["model_class"][0]), m["model_class"][1])
    model_class.load_pretrain_model = lambda self: getattr(self.netG, "module", self.netG) \
        .load_state_dict(torch.load(self.opt.pretrain_model_path))
    sys.argv = ["test.py", "--gpus", "0", "--model", m["model"], "--name", "e2e", "--load_size", "128",
                "--dataset_name", "single", "--dataroot", in_dir, "--pretrain_model_path", weights,
                "--save_as_dir", out_dir] + m["options"]
    # CTCNet's test.py adds to `elapsed_time` without setting it first (ctcnet.md §8): start it at 0.
    runpy.run_path("test.py", init_globals={"elapsed_time": 0.0}, run_name="__main__")


def run_official_metrics(root, hr_dir, sr_dir):
    """This script's `official-metrics` mode: SPARNet's psnr_ssim.py (CTCNet's is the same), printed as JSON."""
    import official_shims
    official_shims.install()
    sys.path.insert(0, os.path.join(root, SPARNET_REPO))
    import psnr_ssim
    psnr, ssim = psnr_ssim.psnr_ssim_dir(sr_dir, hr_dir)  # the argument order of its __main__
    print(json.dumps({"psnr": psnr, "ssim": ssim}))


def timed(cmd, env=None, capture=False):
    """(wall seconds, CPU seconds of the child and its children, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, check=True, text=True,
                          stdout=subprocess.PIPE if capture else subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def make_folders(hr_source, count, work):
    """HR/ (the first `count` faces as 128x128 PNGs) and LR/ (PIL bicubic to 16x16, as the papers make them)."""
    from PIL import Image
    names = sorted(f for f in os.listdir(hr_source) if f.lower().endswith((".png", ".jpg", ".jpeg")))[:count]
    if not names:
        sys.exit(f"compare_end_to_end: no images in {hr_source}")
    hr, lr = os.path.join(work, "HR"), os.path.join(work, "LR")
    for d in (hr, lr):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    for name in names:
        image = Image.open(os.path.join(hr_source, name)).convert("RGB")
        if image.size != (128, 128):  # UTKFace's 200x200 crops: PIL bicubic, as `facesr eval` reads them
            image = image.resize((128, 128), Image.BICUBIC)
        stem = os.path.splitext(name)[0] + ".png"
        image.save(os.path.join(hr, stem))
        image.resize((16, 16), Image.BICUBIC).save(os.path.join(lr, stem))
    return hr, lr, len(names)


def make_weights(root, model, work):
    """The official network's state_dict filled with fill-v1 (.pth), and facesr's conversion of it."""
    import torch

    import official_shims
    from make_fill_checkpoint import fill
    official_shims.install(network_only=True)
    m = MODELS[model]
    sys.path.insert(0, os.path.join(root, m["repo"], m.get("subdir", "")))
    net = m["network"](dict(zip(m["options"][::2], m["options"][1::2])))
    sys.path.pop(0)
    for name in [n for n in sys.modules if n.split(".")[0] in ("models", "networks")]:  # the next has its own
        del sys.modules[name]
    pth = os.path.join(work, f"{model}.pth")
    state = {k: fill(k, tuple(v.shape), SEED) for k, v in net.state_dict().items()}
    torch.save({m["checkpoint_key"]: state} if "checkpoint_key" in m else state, pth)
    safetensors = os.path.join(work, f"{model}.safetensors")
    subprocess.run([sys.executable, os.path.join(REPO, "tools", "convert_checkpoint.py"), "--arch", model, pth,
                    safetensors], check=True, stdout=subprocess.DEVNULL)
    return pth, safetensors


def largest_difference(dir_a, dir_b):
    """(largest per-pixel difference in levels over all files, files compared, files missing from b)."""
    import numpy as np
    from PIL import Image
    largest, compared, missing = 0, 0, 0
    for name in sorted(os.listdir(dir_a)):
        other = os.path.join(dir_b, name)
        if not os.path.exists(other):
            missing += 1
            continue
        a = np.asarray(Image.open(os.path.join(dir_a, name)).convert("RGB"), dtype=np.int16)
        b = np.asarray(Image.open(other).convert("RGB"), dtype=np.int16)
        largest = max(largest, int(np.abs(a - b).max()))
        compared += 1
    return largest, compared, missing


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "official-test":
        root, model, threads, lr_dir, out_dir, weights = sys.argv[2:8]
        return run_official_test(root, model, int(threads), lr_dir, out_dir, weights)
    if len(sys.argv) > 1 and sys.argv[1] == "official-metrics":
        return run_official_metrics(*sys.argv[2:5])

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--official-root", required=True, help="folder with owner+repo checkouts")
    ap.add_argument("--hr", required=True, help="folder of aligned faces, made 128x128 (e.g. the UTKFace validation split)")
    ap.add_argument("--count", type=int, default=1000, help="faces to take from --hr")
    ap.add_argument("--facesr", default=os.path.join(REPO, "build", "facesr"))
    ap.add_argument("--models", default="sparnet", help=f"comma list of {', '.join(MODELS)}")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=2, help="alternations of facesr and official per step")
    ap.add_argument("--work", default="/tmp/facesr-e2e", help="scratch folder (inputs, weights, outputs)")
    ap.add_argument("--json", help="write every timing here")
    args = ap.parse_args()
    for model in args.models.split(","):
        if model not in MODELS:
            sys.exit(f"compare_end_to_end: --models {model}: expected one of {', '.join(MODELS)}")
    os.makedirs(args.work, exist_ok=True)
    hr, lr, count = make_folders(args.hr, args.count, args.work)
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads))
    me = os.path.abspath(__file__)
    rows = []
    print(f"{count} faces, {args.threads} threads, median of {args.rounds} alternating rounds; "
          "wall seconds for the whole folder (CPU seconds)", flush=True)
    print(f"{'model':<14} {'step':<8} {'facesr s':>14} {'official s':>16} {'ratio':>6}  result", flush=True)
    for model in args.models.split(","):
        pth, weights = make_weights(args.official_root, model, args.work)
        ours_dir, theirs_dir = os.path.join(args.work, model, "facesr"), os.path.join(args.work, model, "official")
        steps = {
            "upscale": (
                [args.facesr, "--threads", str(args.threads), "upscale", "-m", model, "-w", weights, "-i", lr, "-o",
                 ours_dir],
                [sys.executable, me, "official-test", args.official_root, model, str(args.threads),
                 hr if MODELS[model]["reads"] == "HR" else lr, theirs_dir, pth]),
            "eval": (
                [args.facesr, "--threads", str(args.threads), "eval", "--hr", hr, "--sr", theirs_dir, "--protocol",
                 "sparnet", "--grid-rows", "0", "--report", os.path.join(args.work, model, "eval_report")],
                [sys.executable, me, "official-metrics", args.official_root, hr, theirs_dir]),
        }
        for step, (ours_cmd, theirs_cmd) in steps.items():
            ours, theirs, official_out = [], [], ""
            for _ in range(args.rounds):
                for d in ([ours_dir, theirs_dir] if step == "upscale" else []):
                    shutil.rmtree(d, ignore_errors=True)
                ours.append(timed(ours_cmd, env)[:2])
                wall, cpu, official_out = timed(theirs_cmd, env, capture=step == "eval")
                theirs.append((wall, cpu))
            if step == "upscale":
                largest, compared, missing = largest_difference(theirs_dir, ours_dir)
                result = f"{compared} PNGs compared, largest difference {largest} level(s), {missing} missing"
            else:
                with open(os.path.join(args.work, model, "eval_report", "summary.json")) as f:
                    summary = json.load(f)
                official = json.loads(official_out.strip().splitlines()[-1])
                ours_scores = next(m for m in summary["methods"] if m["method"].startswith("sr:"))["metrics"]
                result = (f"PSNR/SSIM official {official['psnr']:.4f}/{official['ssim']:.4f}, facesr "
                          f"{ours_scores['sparnet_y_psnr']:.4f}/{ours_scores['sparnet_y_ssim']:.4f}")
            med = lambda pairs, i: statistics.median(p[i] for p in pairs)  # noqa: E731
            row = {"model": model, "step": step, "faces": count, "facesr_wall_s": [p[0] for p in ours],
                   "facesr_cpu_s": [p[1] for p in ours], "official_wall_s": [p[0] for p in theirs],
                   "official_cpu_s": [p[1] for p in theirs], "ratio": med(theirs, 0) / med(ours, 0), "result": result}
            rows.append(row)
            print(f"{model:<14} {step:<8} {med(ours, 0):>7.1f} ({med(ours, 1):>5.1f}) {med(theirs, 0):>8.1f} "
                  f"({med(theirs, 1):>5.1f}) {row['ratio']:>6.2f}  {result}", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"threads": args.threads, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
