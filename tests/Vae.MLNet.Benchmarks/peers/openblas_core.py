"""Which OpenBLAS kernels this process's torch multiplies with, and making them the CPU's.

OpenBLAS picks its kernels for the CPU when it loads, unless OPENBLAS_CORETYPE
names others: a machine that sets it to an older core (Haswell, AVX2) halves a
peer's products on an AVX-512 CPU, so the peers report the name they ran with.

A release also falls back to old kernels on a CPU newer than itself: Debian's
0.3.21 runs Prescott's (SSE3) on Intel's Emerald Rapids (family 6, model 207),
where its SkylakeX kernels multiply about four times as fast. A peer on such
kernels would flatter our ratios just as much, so each peer calls
run_on_cpu_kernels() once torch is loaded.
"""
import ctypes
import os
import sys

# OpenBLAS's x86 kernel names by the widest vector instructions they use: 3 AVX-512, 2 AVX2 with FMA, 1 AVX,
# 0 SSE or older. A name missing here (a newer core) is taken as the CPU's own choice.
_LEVEL_OF_CORE = {
    **dict.fromkeys(("SkylakeX", "Cooperlake", "SapphireRapids"), 3),
    **dict.fromkeys(("Haswell", "Zen", "Excavator"), 2),
    **dict.fromkeys(("Sandybridge", "Bulldozer", "Piledriver", "Steamroller"), 1),
    **dict.fromkeys(("Katmai", "Coppermine", "Northwood", "Prescott", "Banias", "Atom", "Core2", "Penryn",
                     "Dunnington", "Nehalem", "Athlon", "Opteron", "Opteron_SSE3", "Barcelona", "Nano", "Bobcat"), 0),
}
_CORE_OF_LEVEL = {3: "SkylakeX", 2: "Haswell", 1: "Sandybridge"}
# Set in the environment of the re-executed script: the kernels OpenBLAS picked itself.
_PICKED = "VAE_PEER_OPENBLAS_PICKED"


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


def cpu_level():
    """The widest vector instructions /proc/cpuinfo lists, on _LEVEL_OF_CORE's scale (0 where it cannot be read)."""
    try:
        with open("/proc/cpuinfo") as info:
            flags = next((line.split(":", 1)[1].split() for line in info if line.startswith("flags")), [])
    except OSError:
        return 0
    if {"avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"} <= set(flags):
        return 3
    return 2 if {"avx2", "fma"} <= set(flags) else 1 if "avx" in flags else 0


def run_on_cpu_kernels():
    """
    Re-executes this script with OPENBLAS_CORETYPE naming the kernels of the CPU's widest instructions when OpenBLAS
    picked kernels for narrower ones by itself; a core the environment names is left as it is. Returns the kernels
    OpenBLAS picked when this process overrode them, else None.
    """
    if os.environ.get("OPENBLAS_CORETYPE"):
        # Named by the environment, or by this function before it re-executed the script, which it marked.
        return os.environ.get(_PICKED)
    core = openblas_core()
    level = cpu_level()
    if core in _LEVEL_OF_CORE and _LEVEL_OF_CORE[core] < level:
        sys.stdout.flush()
        # orig_argv keeps the interpreter's own options (-u, -X ...), which argv leaves out.
        os.execve(sys.executable, [sys.executable, *sys.orig_argv[1:]],
                  {**os.environ, "OPENBLAS_CORETYPE": _CORE_OF_LEVEL[level], _PICKED: core})
    return None
