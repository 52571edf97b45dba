#!/usr/bin/python3
"""Writes the tiny ONNX models used by tests/Vae.MLNet.Tests/Runtime.

Run once with Debian's python3-onnx (1.12): /usr/bin/python3 make_models.py
The weights are fixed so the C# tests can recompute every expected value independently.
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = [helper.make_opsetid("", 17)]

# Kept in sync with GemmReluModel in the tests.
W = np.array([[0.5, -1.0, 0.25],
              [1.0, 0.5, -0.5],
              [-0.25, 0.75, 1.0],
              [0.1, -0.2, 0.3]], dtype=np.float32)
B = np.array([0.1, -0.2, 0.05], dtype=np.float32)


def save(graph, name):
    model = helper.make_model(graph, opset_imports=OPSET, producer_name="Vae.MLNet tests")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(HERE, name))


def gemm_relu():
    """y[N,3] = Relu(x[N,4] @ W + B), with a symbolic batch dimension N."""
    graph = helper.make_graph(
        [helper.make_node("Gemm", ["x", "W", "B"], ["h"]),
         helper.make_node("Relu", ["h"], ["y"])],
        "gemm_relu",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 3])],
        [numpy_helper.from_array(W, "W"), numpy_helper.from_array(B, "B")])
    save(graph, "gemm_relu.onnx")


def two_in_two_out():
    """sum[N,3] = a + b and rowsum[N,1] = sum of a's row: two named inputs, two outputs of different widths."""
    axes = numpy_helper.from_array(np.array([1], dtype=np.int64), "axes")
    graph = helper.make_graph(
        [helper.make_node("Add", ["a", "b"], ["sum"]),
         helper.make_node("ReduceSum", ["a", "axes"], ["rowsum"], keepdims=1)],
        "two_in_two_out",
        [helper.make_tensor_value_info("a", TensorProto.FLOAT, ["N", 3]),
         helper.make_tensor_value_info("b", TensorProto.FLOAT, ["N", 3])],
        [helper.make_tensor_value_info("sum", TensorProto.FLOAT, ["N", 3]),
         helper.make_tensor_value_info("rowsum", TensorProto.FLOAT, ["N", 1])],
        [axes])
    save(graph, "two_in_two_out.onnx")


def fixed_batch():
    """y[2,3] = -x[2,3]: every dimension fixed, so the batch size is part of the model."""
    graph = helper.make_graph(
        [helper.make_node("Neg", ["x"], ["y"])],
        "fixed_batch",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])])
    save(graph, "fixed_batch.onnx")


def int64_input():
    """y[N,2] = Cast(x[N,2] int64 -> float): an input the float-only Run must refuse."""
    graph = helper.make_graph(
        [helper.make_node("Cast", ["x"], ["y"], to=TensorProto.FLOAT)],
        "int64_input",
        [helper.make_tensor_value_info("x", TensorProto.INT64, ["N", 2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 2])])
    save(graph, "int64_input.onnx")


def int64_output():
    """y[N,2] = x[N,2] and i[N,2] = Cast(x -> int64): an output the float-only Run refuses, beside one it computes."""
    graph = helper.make_graph(
        [helper.make_node("Identity", ["x"], ["y"]),
         helper.make_node("Cast", ["x"], ["i"], to=TensorProto.INT64)],
        "int64_output",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 2]),
         helper.make_tensor_value_info("i", TensorProto.INT64, ["N", 2])])
    save(graph, "int64_output.onnx")


if __name__ == "__main__":
    gemm_relu()
    two_in_two_out()
    fixed_batch()
    int64_input()
    int64_output()
