"""Evaluates Vae.MLNet's exported ONNX graphs with numpy, independently of the C# code that wrote them.

For every X.onnx in the directory given, feeds X.input.csv to the graph's single input and writes each output O
to X.O.csv. Only the operators and attributes our exporter emits are implemented; anything else is an error, so a
graph that starts using another operator fails here instead of being evaluated wrongly.
"""
import pathlib
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper


def attributes(node, allowed):
    values = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    unexpected = set(values) - set(allowed)
    if unexpected:
        raise ValueError(f"{node.op_type} '{node.name}' has attributes {unexpected} this evaluator does not implement")
    return values


def evaluate(node, inputs):
    op = node.op_type
    if op == "Gemm":
        attributes(node, [])
        a, b, c = inputs
        return [a @ b + c]
    if op == "Split":
        x, sizes = inputs
        axis = attributes(node, ["axis"]).get("axis", 0)
        return np.split(x, np.cumsum(sizes)[:-1], axis=axis)
    if op == "ReduceSum":
        x, axes = inputs
        keepdims = attributes(node, ["keepdims"]).get("keepdims", 1)
        return [np.sum(x, axis=tuple(int(a) for a in axes), keepdims=bool(keepdims))]
    if op in ("Softmax", "LogSoftmax"):
        x = inputs[0]
        axis = attributes(node, ["axis"]).get("axis", -1)
        shifted = x - np.max(x, axis=axis, keepdims=True)
        log_probabilities = shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
        return [log_probabilities if op == "LogSoftmax" else np.exp(log_probabilities)]
    if op == "Gather":
        x, indices = inputs
        return [np.take(x, indices, axis=attributes(node, ["axis"]).get("axis", 0))]
    if op == "Concat":
        return [np.concatenate(inputs, axis=attributes(node, ["axis"])["axis"])]
    if op == "Where":
        attributes(node, [])
        return [np.where(inputs[0], inputs[1], inputs[2])]
    if op == "LeakyRelu":
        alpha = np.float32(attributes(node, ["alpha"]).get("alpha", 0.01))
        return [np.where(inputs[0] > 0, inputs[0], alpha * inputs[0])]
    attributes(node, [])
    unary = {
        "Relu": lambda x: np.maximum(x, np.float32(0)),
        "Tanh": np.tanh,
        "Softplus": lambda x: np.logaddexp(np.float32(0), x),
        "Sigmoid": lambda x: np.float32(1) / (np.float32(1) + np.exp(-x)),
        "Exp": np.exp,
        "Log": np.log,
        "Abs": np.abs,
        "Neg": np.negative,
    }
    binary = {"Sub": np.subtract, "Mul": np.multiply, "Div": np.divide, "Add": np.add}
    if op in unary:
        return [unary[op](inputs[0])]
    if op in binary:
        return [binary[op](inputs[0], inputs[1])]
    if op == "Clip":
        return [np.clip(inputs[0], inputs[1], inputs[2])]
    raise ValueError(f"operator {op} is not implemented by this evaluator")


def run(model, feed):
    values = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    values[model.graph.input[0].name] = feed
    for node in model.graph.node:
        results = evaluate(node, [values[name] for name in node.input])
        for name, value in zip(node.output, results, strict=True):
            values[name] = np.asarray(value, dtype=np.float32)
    return {output.name: values[output.name] for output in model.graph.output}


def main(directory):
    with np.errstate(over="ignore"):
        for path in sorted(pathlib.Path(directory).glob("*.onnx")):
            stem = path.with_suffix("")
            feed = np.loadtxt(f"{stem}.input.csv", delimiter=",", dtype=np.float32, ndmin=2)
            for name, value in run(onnx.load(str(path)), feed).items():
                np.savetxt(f"{stem}.{name}.csv", value, fmt="%.9g", delimiter=",")


main(sys.argv[1])
