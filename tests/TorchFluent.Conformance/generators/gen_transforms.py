"""Goldens for the reference text's Torchvision heading (SEED_ERRATA.md section C) and the transforms TorchFluent
offers: outputs of torchvision 0.14's transforms on tensors, and, for random transforms, the outputs of several calls
after torch.manual_seed (TorchFluent draws from libtorch's generator in torchvision's order)."""
import warnings

import torch
import torchvision
from torchvision import transforms as T
from torchvision.transforms import InterpolationMode as IM

from golden_io import write

warnings.filterwarnings("ignore")
torch.manual_seed(0)
cases = {"versions": {"torchvision": torchvision.__version__}}

u8 = torch.randint(0, 256, (3, 6, 7), dtype=torch.uint8)
f32 = torch.rand(3, 6, 7)
cases["inputs"] = {"u8": u8, "f32": f32}

# Normalize: (x - mean[c]) / std[c] per channel, on one CHW image and on a batch.
mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
batch = torch.rand(2, 3, 4, 5)
cases["normalize"] = {"mean": mean, "std": std, "output": T.Normalize(mean, std)(f32),
                      "batch": batch, "batch_output": T.Normalize(mean, std)(batch),
                      "single_value_output": T.Normalize([0.5], [0.25])(f32)}

# ToTensor: uint8 HWC -> float32 CHW / 255; float64 stays float64 and unscaled; HW -> 1HW.
hwc = torch.randint(0, 256, (4, 5, 3), dtype=torch.uint8)
hwc64 = torch.rand(4, 5, 3, dtype=torch.float64) * 10
hw = torch.randint(0, 256, (4, 5), dtype=torch.uint8)
cases["to_tensor"] = {"hwc": hwc, "output": T.ToTensor()(hwc.numpy()),
                      "hwc_float64": hwc64, "output_float64": T.ToTensor()(hwc64.numpy()),
                      "hw": hw, "output_hw": T.ToTensor()(hw.numpy())}

# Compose(ToTensor, Normalize(.5, .5)) maps [0, 255] into [-1, 1].
pixels = torch.tensor([[[0, 128, 255], [64, 191, 255]]], dtype=torch.uint8).permute(1, 2, 0).contiguous()  # 2x3x1 HWC
composed = T.Compose([T.ToTensor(), T.Normalize((0.5,), (0.5,))])(pixels.numpy())
cases["compose_to_tensor_normalize"] = {"hwc": pixels, "output": composed, "min": float(composed.min()), "max": float(composed.max())}

# CenterCrop: offset round((size - crop) / 2), half to even; 2 on 5x5 starts at 2.
grid = torch.arange(25, dtype=torch.float32).reshape(1, 5, 5)
cases["center_crop"] = {
    "grid5": grid,
    "crop2_of_5": T.CenterCrop(2)(grid),
    "crop3_of_6": T.CenterCrop(3)(torch.arange(36.).reshape(1, 6, 6)),
    "crop2_of_7": T.CenterCrop(2)(torch.arange(49.).reshape(1, 7, 7)),
    "crop_2x4_of_u8": T.CenterCrop((2, 4))(u8),
    "crop7_of_5_pads": T.CenterCrop(7)(grid),
    "crop_6x8_of_u8_pads": T.CenterCrop((8, 9))(u8),
}

# Flips with p = 1.
cases["flips"] = {"hflip": T.RandomHorizontalFlip(p=1.0)(u8), "vflip": T.RandomVerticalFlip(p=1.0)(u8)}

# Resize (explicit antialias: torchvision 0.14 defaults to False for tensors, TorchFluent to True).
big = torch.rand(3, 20, 30)
bigu8 = torch.randint(0, 256, (3, 20, 30), dtype=torch.uint8)
cases["resize"] = {
    "big": big, "bigu8": bigu8,
    "bilinear_aa_10x12": T.Resize((10, 12), antialias=True)(big),
    "bilinear_noaa_10x12": T.Resize((10, 12), antialias=False)(big),
    "bilinear_aa_up_25x41": T.Resize((25, 41), antialias=True)(big),
    "nearest_7": T.Resize(7, interpolation=IM.NEAREST)(big),
    "bicubic_aa_u8_9x13": T.Resize((9, 13), interpolation=IM.BICUBIC, antialias=True)(bigu8),
    "bilinear_aa_u8_smaller_edge_8": T.Resize(8, antialias=True)(bigu8),
    "smaller_edge_16_max_20": T.Resize(16, max_size=20, antialias=True)(big),
}

# Pad modes.
small = torch.arange(12, dtype=torch.float32).reshape(1, 3, 4)
cases["pad"] = {
    "small": small,
    "constant": T.Pad(2, fill=7)(small),
    "edge": T.Pad(2, padding_mode="edge")(small),
    "reflect": T.Pad(2, padding_mode="reflect")(small),
    "symmetric": T.Pad([1, 2, 3, 0], padding_mode="symmetric")(small),
    "u8_reflect": T.Pad(1, padding_mode="reflect")(u8),
}

# Color (deterministic factors through ColorJitter ranges of width 0 still draw; functional calls do not).
from torchvision.transforms import functional as F
cases["color"] = {
    "gray_f32": T.Grayscale()(f32), "gray_u8": T.Grayscale()(u8), "gray3_u8": T.Grayscale(3)(u8),
    "brightness_u8": F.adjust_brightness(u8, 1.3), "contrast_u8": F.adjust_contrast(u8, 0.6),
    "saturation_f32": F.adjust_saturation(f32, 1.7), "hue_f32": F.adjust_hue(f32, 0.2), "hue_u8": F.adjust_hue(u8, -0.3),
    "contrast_f32": F.adjust_contrast(f32, 1.4),
}

cases["convert_image_dtype"] = {"to_float": T.ConvertImageDtype(torch.float32)(u8),
                                "to_u8": T.ConvertImageDtype(torch.uint8)(f32)}


def seeded(transform, image, seed, calls=4):
    torch.manual_seed(seed)
    return [transform(image) for _ in range(calls)]


# Random transforms: the same seed must give the same outputs, call after call.
cases["random_hflip"] = {"outputs": seeded(T.RandomHorizontalFlip(), u8, 3, calls=8)}
cases["random_vflip"] = {"outputs": seeded(T.RandomVerticalFlip(0.3), u8, 4, calls=8)}
cases["random_rotation"] = {"outputs": seeded(T.RandomRotation(45), f32, 5)}
cases["random_rotation_bilinear_expand_fill"] = {"outputs": seeded(T.RandomRotation((10, 80), interpolation=IM.BILINEAR, expand=True, fill=0.5), f32, 6)}
cases["random_rotation_u8_center"] = {"outputs": seeded(T.RandomRotation(30, center=(1, 2)), u8, 7)}
cases["color_jitter_f32"] = {"outputs": seeded(T.ColorJitter(0.4, 0.4, 0.4, 0.1), f32, 8)}
cases["color_jitter_u8"] = {"outputs": seeded(T.ColorJitter(brightness=0.5, hue=0.2), u8, 9)}
cases["color_jitter_ranges"] = {"outputs": seeded(T.ColorJitter((0.5, 0.9), (1.0, 1.0), (0.0, 2.0), (-0.1, 0.3)), f32, 10)}
cases["random_grayscale"] = {"outputs": seeded(T.RandomGrayscale(0.5), u8, 11, calls=6)}
cases["gaussian_blur"] = {"outputs": seeded(T.GaussianBlur(5, sigma=(0.1, 2.0)), f32, 12, calls=3)}
cases["gaussian_blur_u8"] = {"outputs": seeded(T.GaussianBlur(3, sigma=1.5), u8, 13, calls=2)}
cases["random_crop"] = {"outputs": seeded(T.RandomCrop(4), u8, 14)}
cases["random_crop_padding"] = {"outputs": seeded(T.RandomCrop(6, padding=2, fill=9), u8, 15)}
cases["random_crop_pad_if_needed"] = {"outputs": seeded(T.RandomCrop((8, 10), pad_if_needed=True, padding_mode="edge"), u8, 16)}
cases["random_resized_crop"] = {"outputs": seeded(T.RandomResizedCrop(5, antialias=True), big, 17)}
cases["random_resized_crop_narrow"] = {"outputs": seeded(T.RandomResizedCrop(4, scale=(0.9, 1.0), ratio=(3.0, 4.0), antialias=True), big, 18)}
cases["compose_random"] = {"outputs": seeded(T.Compose([T.RandomCrop(5, padding=1), T.RandomHorizontalFlip(), T.ConvertImageDtype(torch.float32), T.Normalize([0.5], [0.5])]), u8, 19)}

write("transforms", cases)
