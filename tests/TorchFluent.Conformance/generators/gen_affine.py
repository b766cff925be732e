"""Goldens for RandomAffine (torchvision 0.14, tensor path): after torch.manual_seed, several calls on fixed images
give these outputs (TorchFluent draws angle, shift, scale and shear from libtorch's generator in torchvision's
order), plus the refusals torchvision makes for out-of-range arguments."""
import warnings

import torch
import torchvision
from torchvision import transforms as T
from torchvision.transforms import InterpolationMode as IM

from golden_io import write

warnings.filterwarnings("ignore")
torch.manual_seed(0)
cases = {"versions": {"torchvision": torchvision.__version__}}

u8 = torch.randint(0, 256, (3, 9, 11), dtype=torch.uint8)
f32 = torch.rand(1, 12, 10)
cases["inputs"] = {"u8": u8, "f32": f32}


def seeded(transform, image, seed, calls=4):
    torch.manual_seed(seed)
    return [transform(image) for _ in range(calls)]


cases["degrees_only"] = {"outputs": seeded(T.RandomAffine(30), u8, 21)}
cases["translate"] = {"outputs": seeded(T.RandomAffine(0, translate=(0.2, 0.3)), u8, 22, calls=6)}
cases["scale"] = {"outputs": seeded(T.RandomAffine(0, scale=(0.7, 1.3)), f32, 23)}
cases["shear_x"] = {"outputs": seeded(T.RandomAffine(0, shear=(-20, 20)), f32, 24)}
cases["all_bilinear_fill"] = {"outputs": seeded(T.RandomAffine((-15, 40), translate=(0.1, 0.1), scale=(0.8, 1.2), shear=(-10, 10, -5, 5),
                                                               interpolation=IM.BILINEAR, fill=0.25), f32, 25)}
cases["center_u8"] = {"outputs": seeded(T.RandomAffine(25, translate=(0.1, 0.2), center=(2, 3)), u8, 26)}

refusals = {}
for name, make in {"negative_degrees": lambda: T.RandomAffine(-1),
                   "translate_above_one": lambda: T.RandomAffine(0, translate=(1.5, 0.1)),
                   "non_positive_scale": lambda: T.RandomAffine(0, scale=(0, 1))}.items():
    try:
        make()
        refusals[name] = {"raises": None}
    except Exception as e:  # noqa: BLE001 - recording what torchvision refuses
        refusals[name] = {"raises": type(e).__name__, "message": str(e)}
cases["refusals"] = refusals

write("affine", cases)
