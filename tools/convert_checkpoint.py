#!/usr/bin/python3
"""Convert an official PyTorch checkpoint (.pth) into a facesr .safetensors file.

Offline tool (Debian: /usr/bin/python3 with python3-torch); facesr itself never
runs Python. It unwraps the containers the official repositories use
(`params`, `params_ema`, `net_state_dict`, `state_dict`, SCGAN's `G_l2h`),
strips DataParallel's `module.` prefix, and records the facesr model name in
the file's metadata so `facesr upscale -m` can be checked against it.

  convert_checkpoint.py SPARNet-V16-S4-epoch20.pth sparnet.safetensors --arch sparnet
"""
import argparse
import json
import os
import struct
import sys
import tempfile

import torch

# Keys under which the official training scripts nest the generator's state.
WRAPPER_KEYS = ("params_ema", "params", "net_state_dict", "state_dict", "G_l2h", "G_RLS", "model")

DTYPES = {
    torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
    torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8",
    torch.uint8: "U8", torch.bool: "BOOL",
}


def fail(message):
    print(f"convert_checkpoint: error: {message}", file=sys.stderr)
    sys.exit(1)


def unwrap(obj, key, source):
    """Returns the flat name -> tensor dict inside a loaded checkpoint."""
    if key is not None:
        if not isinstance(obj, dict) or key not in obj:
            fail(f"{source}: has no entry '{key}' (top-level keys: {sorted(obj)[:10] if isinstance(obj, dict) else type(obj).__name__})")
        obj = obj[key]
    while isinstance(obj, dict) and not any(torch.is_tensor(v) for v in obj.values()):
        inner = next((k for k in WRAPPER_KEYS if k in obj), None)
        if inner is None:
            fail(f"{source}: found no tensors; pass --key with one of {sorted(obj)[:10]}")
        obj = obj[inner]
    if hasattr(obj, "state_dict") and not isinstance(obj, dict):
        obj = obj.state_dict()
    if not isinstance(obj, dict):
        fail(f"{source}: does not hold a state_dict (got {type(obj).__name__})")
    state = {}
    for name, value in obj.items():
        if not torch.is_tensor(value):
            continue
        if name.startswith("module."):
            name = name[len("module."):]
        state[name] = value
    if not state:
        fail(f"{source}: the state_dict is empty")
    return state


def write_safetensors(path, state, metadata):
    header = {"__metadata__": metadata}
    blobs, offset = [], 0
    for name, tensor in state.items():
        t = tensor.detach().cpu().contiguous()
        if t.dtype not in DTYPES:
            fail(f"tensor '{name}' has unsupported dtype {t.dtype}")
        data = t.numpy().tobytes() if t.dtype != torch.bfloat16 else t.view(torch.int16).numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".convert_", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(struct.pack("<Q", len(text)))
            out.write(text)
            for blob in blobs:
                out.write(blob)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)  # atomic: readers never see a half-written file
    except BaseException:
        os.unlink(tmp)
        raise


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkpoint", help="official .pth / .pt file")
    parser.add_argument("output", help="destination .safetensors file")
    parser.add_argument("--arch", required=True, help="facesr model name (see `facesr models`), stored in the metadata")
    parser.add_argument("--key", help="take the state_dict from this top-level entry instead of guessing")
    args = parser.parse_args()

    if not os.path.isfile(args.checkpoint):
        fail(f"{args.checkpoint}: no such file")
    try:
        loaded = torch.load(args.checkpoint, map_location="cpu")
    except Exception as exc:  # torch raises many types for corrupt files
        fail(f"{args.checkpoint}: cannot be read by torch.load ({exc.__class__.__name__}: {exc})")
    state = unwrap(loaded, args.key, args.checkpoint)
    metadata = {"format": "pt", "facesr_arch": args.arch, "source": os.path.basename(args.checkpoint)}
    write_safetensors(args.output, state, metadata)
    print(f"{args.output}: {len(state)} tensors for '{args.arch}'")


if __name__ == "__main__":
    main()
