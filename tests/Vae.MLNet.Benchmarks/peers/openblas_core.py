"""Which OpenBLAS kernels this process's torch multiplies with.

OpenBLAS picks its kernels for the CPU when it loads, unless OPENBLAS_CORETYPE
names others: a machine that sets it to an older core (Haswell, AVX2) halves a
peer's products on an AVX-512 CPU, so the peers report the name they ran with.
"""
import ctypes


def openblas_core():
    """openblas_get_corename() of the OpenBLAS loaded in this process, or None when torch multiplies without it."""
    with open("/proc/self/maps") as maps:
        paths = sorted({line.split()[-1] for line in maps if "openblas" in line.rsplit("/", 1)[-1]})
    for path in paths:
        library = ctypes.CDLL(path)  # already loaded by torch: dlopen returns that copy
        if hasattr(library, "openblas_get_corename"):
            library.openblas_get_corename.restype = ctypes.c_char_p
            return library.openblas_get_corename().decode()
    return None
