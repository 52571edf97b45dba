"""Runs the ONNX checker with shape inference on every model path given; prints each failure, exits 1 if any."""
import sys

import onnx

failures = 0
for path in sys.argv[1:]:
    try:
        onnx.checker.check_model(onnx.load(path), full_check=True)
    except Exception as error:  # the checker raises several types; every one is a failed model
        failures += 1
        print(f"{path}: {type(error).__name__}: {error}")
sys.exit(1 if failures else 0)
