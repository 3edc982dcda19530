#!/usr/bin/python3
"""Writes the committed seed corpora of the fuzz targets (fuzz/corpus/).

A one-off developer tool, standard library only: small valid inputs of every
kind each parser accepts, so that libFuzzer starts from the formats'
interesting corners (gray, alpha, 16-bit, palette, EXIF rotation; every
safetensors dtype; recipes with overrides; torchrun environments). The
state_dict seed comes from the fuzzer itself (scripts/fuzz.sh writes it), and
inputs that once failed stay beside these as regression-* files.
Run from the repository root after building: /usr/bin/python3 fuzz/make_seeds.py
"""
import json
import os
import struct
import subprocess
import tempfile
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def put(target, name, data):
    folder = os.path.join(ROOT, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def png(width, height, color_type, depth, pixel, palette=None):
    """A PNG of one repeated pixel (bytes per pixel as the type and depth need)."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    rows = b"".join(b"\0" + pixel * width for _ in range(height))
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, 0))
    if palette:
        out += chunk(b"PLTE", palette)
    return out + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def bmp(width, height):
    row = (b"\x10\x80\xf0" * width).ljust((3 * width + 3) // 4 * 4, b"\0")
    pixels = row * height
    header = b"BM" + struct.pack("<IHHI", 54 + len(pixels), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(pixels), 2835, 2835, 0, 0)
    return header + info + pixels


def with_exif_orientation(jpeg, orientation):
    """`jpeg` with an APP1 EXIF segment whose IFD0 holds one Orientation tag."""
    tiff = b"II*\0" + struct.pack("<I", 8) + struct.pack("<H", 1) + struct.pack("<HHII", 0x0112, 3, 1, orientation)
    tiff += struct.pack("<I", 0)
    payload = b"Exif\0\0" + tiff
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


def safetensors(tensors, metadata=None):
    header, data = {}, b""
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + data


def main():
    # Images: every layout read_rgb8 converts.
    put("image", "rgb8.png", png(6, 5, 2, 8, b"\x10\x80\xf0"))
    put("image", "gray8.png", png(5, 6, 0, 8, b"\x80"))
    put("image", "gray_alpha8.png", png(4, 4, 4, 8, b"\x80\x40"))
    put("image", "rgba8.png", png(4, 3, 6, 8, b"\x10\x80\xf0\x40"))
    put("image", "rgb16.png", png(3, 4, 2, 16, b"\x10\x00\x80\x00\xf0\x00"))
    put("image", "gray16.png", png(4, 4, 0, 16, b"\x80\x01"))
    put("image", "palette.png", png(4, 4, 3, 8, b"\x01", palette=b"\0\0\0\x10\x80\xf0"))
    put("image", "rgb24.bmp", bmp(5, 3))
    here = os.path.dirname(os.path.abspath(__file__))
    # A JPEG made by facesr itself (the standard library has no JPEG encoder): a flat colour, upscaled.
    put("image", "flat.png", png(16, 16, 2, 8, b"\x20\x90\xe0"))
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([os.path.join(here, "..", "build", "facesr"), "upscale", "-m", "bicubic", "-i",
                        os.path.join(ROOT, "image", "flat.png"), "-o", out, "--ext", "jpg"],
                       check=True, capture_output=True)
        with open(os.path.join(out, "flat.jpg"), "rb") as f:
            jpeg = f.read()
    put("image", "flat.jpg", jpeg)
    put("image", "flat_exif_rotate90.jpg", with_exif_orientation(jpeg, 6))
    # safetensors: every dtype, metadata, an empty table, a zero-size tensor.
    put("safetensors", "empty.safetensors", safetensors({}))
    put("safetensors", "f32.safetensors", safetensors({"w": ("F32", [2, 2], struct.pack("<4f", 1, -2, 0.5, 3))}))
    put("safetensors", "dtypes.safetensors", safetensors({
        "a": ("F16", [2], b"\x00\x3c\x00\xc0"), "b": ("BF16", [2], b"\x80\x3f\x00\xc0"),
        "c": ("F64", [1], struct.pack("<d", 1.5)), "d": ("I64", [1], struct.pack("<q", -7)),
        "e": ("U8", [3], b"\x01\x02\x03"), "f": ("I32", [0], b"")}, metadata={"format": "pt", "model": "sparnet"}))
    # Landmark files: 68 points, with blank and CRLF lines.
    points = "".join(f"{10 + i * 1.5:.3f} {20 + (i % 17) * 2.25:.3f}\n" for i in range(68))
    put("landmark_file", "68_points.txt", points)
    put("landmark_file", "68_points_crlf.txt", "\r\n".join(points.splitlines()) + "\r\n\r\n")
    # Recipes, alone and with `--set` overrides (recipe_fuzzer's layout).
    configs = os.path.join(here, "..", "configs")
    for name in ("sparnet-tiny", "sparnet-restore", "dic", "scgan"):
        with open(os.path.join(configs, name + ".json")) as f:
            text = f.read()
        put("recipe", name + ".json", text)
    with open(os.path.join(configs, "sparnet-tiny.json")) as f:
        put("recipe", "with_overrides.json", f.read() + "\n--set\nlr=1e-4\nlosses.l1=2\nmodel_options.res_depth=3\n"
            "milestones=[1,2]\npretrained_skip=[\"out_conv.\"]\nname=run")
    # torchrun environments: RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT.
    put("distributed_env", "two_ranks", "1\x002\x001\x00127.0.0.1\x0029500")
    put("distributed_env", "one_process", "0\x001")
    put("distributed_env", "no_local_rank", "3\x008\x00\x00node0\x001234")


if __name__ == "__main__":
    main()
