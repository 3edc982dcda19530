"""What the official code needs to import and run under Debian's python3-torch.

Imports it never calls at inference (IPython's embed, imgaug's training
augmentation, pandas for DIC's training logs, and for the network-only timing
cv2 and torchvision) become empty modules when missing; einops (not packaged by
Debian) becomes the `rearrange` of einops_shim.py; and the names newer NumPy and
scikit-image removed (np.float, skimage.measure.compare_ssim) point to their
replacements.
Nothing of the official code itself changes.
"""
import importlib
import os
import sys
import types

HERE = os.path.dirname(os.path.abspath(__file__))


def stub_missing(name, **attrs):
    """An empty stand-in for an import the timed code never calls."""
    try:
        importlib.import_module(name)
    except ImportError:
        module = types.ModuleType(name)
        module.__dict__.update(attrs)
        sys.modules[name] = module


def install(network_only=False):
    """The stand-ins; `network_only`: also cv2 and torchvision (the networks alone need neither)."""
    stub_missing("IPython", embed=lambda *a, **k: None)
    stub_missing("imgaug")
    stub_missing("imgaug.augmenters")
    stub_missing("pandas")  # DIC's solvers import it at the top, only to write training logs
    if network_only:
        stub_missing("cv2")
        stub_missing("torchvision")
    try:
        importlib.import_module("einops")
    except ImportError:
        sys.path.insert(0, HERE)
        sys.modules["einops"] = importlib.import_module("einops_shim")
    try:
        import numpy as np
        if not hasattr(np, "float"):
            np.float = float  # removed in NumPy 1.24; psnr_ssim.py uses it
    except ImportError:
        pass
    try:
        import skimage.measure
        import skimage.metrics
        if not hasattr(skimage.measure, "compare_ssim"):
            skimage.measure.compare_ssim = skimage.metrics.structural_similarity  # renamed in 0.16
    except ImportError:
        pass
