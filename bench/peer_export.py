"""The peer: Keras 3's own ONNX export, `model.export(path, format="onnx")`, on the torch backend.

    .venv/bin/python bench/peer_export.py .cache/zoo/ResNet50/model.keras OUT.onnx

The TF backend would need tf2onnx, which the wheel mirror lacks; the torch backend exports through
torch.onnx (torch 2.13 CPU and onnxscript). bench/run.mjs times this whole process, Python and torch
start-up included, since that is what a user waits for; the in-process seconds it prints are for the notes.
"""

import json
import os
import sys
import time

os.environ["KERAS_BACKEND"] = "torch"

started = time.perf_counter()
import keras  # noqa: E402
import torch  # noqa: E402

imported = time.perf_counter()
model = keras.saving.load_model(sys.argv[1], compile=False)
loaded = time.perf_counter()
# A loaded model has never been called, so Keras cannot infer the signature itself; its symbolic inputs
# (batch None) are the signature, which keeps the batch dimension dynamic, as in kerasbridge's export.
model.export(sys.argv[2], format="onnx", verbose=False, input_signature=model.inputs)
exported = time.perf_counter()
seconds = {"import": imported - started, "load": loaded - imported, "export": exported - loaded}
print(json.dumps({"keras": keras.__version__, "torch": torch.__version__, "seconds": seconds}))
