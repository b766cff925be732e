"""Fixtures and goldens for image files: small PNGs of every PNG color type and JPEGs written by PIL, with what
torchvision.io.read_image (0.14) and np.asarray(PIL.Image.open(...).convert(mode)) give for them, plus truncated and
foreign files for the error messages."""
import io
import os

import numpy as np
import torch
from PIL import Image
from torchvision.io import ImageReadMode, read_image

from golden_io import write

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "images")
os.makedirs(FIXTURES, exist_ok=True)
rng = np.random.default_rng(0)
cases = {}


def save(name, image, **kwargs):
    path = os.path.join(FIXTURES, name)
    image.save(path, **kwargs)
    return path


def pil(path, mode=None):
    image = Image.open(path)
    if mode:
        image = image.convert(mode)
    return torch.from_numpy(np.array(image))


rgb = rng.integers(0, 256, (6, 7, 3), dtype=np.uint8)
rgba = rng.integers(0, 256, (6, 7, 4), dtype=np.uint8)
gray = rng.integers(0, 256, (6, 7), dtype=np.uint8)
la = rng.integers(0, 256, (6, 7, 2), dtype=np.uint8)

files = {
    "rgb.png": save("rgb.png", Image.fromarray(rgb, "RGB")),
    "rgba.png": save("rgba.png", Image.fromarray(rgba, "RGBA")),
    "gray.png": save("gray.png", Image.fromarray(gray, "L")),
    "gray_alpha.png": save("gray_alpha.png", Image.fromarray(la, "LA")),
    "palette.png": save("palette.png", Image.fromarray(rgb, "RGB").quantize(colors=5)),
}
# A smooth image compresses like a photo; the random ones above would make JPEG comparisons meaningless.
y, x = np.mgrid[0:16, 0:24]
smooth = np.stack([x * 10, y * 15, (x + y) * 6], axis=-1).clip(0, 255).astype(np.uint8)
files["rgb.jpg"] = save("rgb.jpg", Image.fromarray(smooth, "RGB"), quality=90)
files["gray.jpg"] = save("gray.jpg", Image.fromarray(smooth[..., 0], "L"), quality=90)
files["rgb.bmp"] = save("rgb.bmp", Image.fromarray(rgb, "RGB"))

modes = {"UNCHANGED": ImageReadMode.UNCHANGED, "GRAY": ImageReadMode.GRAY, "GRAY_ALPHA": ImageReadMode.GRAY_ALPHA,
         "RGB": ImageReadMode.RGB, "RGB_ALPHA": ImageReadMode.RGB_ALPHA}
pil_modes = {"GRAY": "L", "GRAY_ALPHA": "LA", "RGB": "RGB", "RGB_ALPHA": "RGBA"}
for name, path in files.items():
    case = {"torchvision": {}, "pil": {}}
    for mode_name, mode in modes.items():
        if name.endswith(".bmp"):
            continue  # torchvision 0.14's read_image decodes PNG and JPEG only
        try:
            case["torchvision"][mode_name] = read_image(path, mode)
        except RuntimeError as e:
            case["torchvision"][mode_name] = str(e).split("\n")[0]
    case["pil"]["UNCHANGED"] = pil(path, "RGBA" if name == "palette.png" and "transparency" in Image.open(path).info else ("RGB" if name == "palette.png" else None))
    for mode_name, mode in pil_modes.items():
        case["pil"][mode_name] = pil(path, mode)
    cases[name] = case

# Damaged files.
with open(files["rgb.png"], "rb") as f:
    png = f.read()
with open(os.path.join(FIXTURES, "truncated.png"), "wb") as f:
    f.write(png[: len(png) // 2])
with open(files["rgb.jpg"], "rb") as f:
    jpg = f.read()
with open(os.path.join(FIXTURES, "truncated.jpg"), "wb") as f:
    f.write(jpg[: len(jpg) // 2])
with open(os.path.join(FIXTURES, "not_an_image.png"), "wb") as f:
    f.write(b"name,value\n1,2\n")
save("image.tif", Image.fromarray(rgb, "RGB"))
cases["damaged"] = {"truncated.png": len(png) // 2, "truncated.jpg": len(jpg) // 2}

write("images", cases)
