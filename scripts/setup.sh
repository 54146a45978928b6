#!/usr/bin/env bash
# One-time setup, safe to re-run: a virtual environment (.venv) with the pinned stack, and the GGUF
# toolchain (llama.cpp's converter in .toolchain/llama.cpp, llama-cpp-python as runtime and quantizer).
# Everything comes from the package registry; nothing is fetched at training time.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
# shellcheck disable=SC1091
. .venv/bin/activate

# Portable llama.cpp build: the native one (-march=native) crashes with SIGILL in ggml's AMX path as soon
# as it evaluates a quantized model on Sapphire Rapids CPUs. pip caches the built wheel, so only the
# first setup on a machine pays the ~4-5 minute build.
export CMAKE_ARGS="-DLLAVA_BUILD=OFF -DGGML_NATIVE=OFF"
# pip byte-compiles the stack's ~20,000 files on one core (2 min 11 s here); compileall on every core does the same
# in 59 s on two. The .pyc files must exist: where PYTHONDONTWRITEBYTECODE is set (as on this machine) Python never
# writes them, and every trainer launch recompiles what it imports (a fresh-clone .ci/run's tests: 35 min, not 25).
pip_install() { python -m pip install --disable-pip-version-check -q --no-compile "$@"; }
pip_install -r requirements.txt
pip_install --no-deps -r requirements-unsloth.txt
if command -v nvidia-smi >/dev/null && nvidia-smi >/dev/null 2>&1; then
    pip_install --no-deps -r requirements-gpu.txt
fi
# quiet; a file that does not compile (torch ships Python 3.12-only test code) is one pip would skip as well
python -m compileall -q -j 0 "$(python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')" >/dev/null || true

# llama.cpp's converter (convert_hf_to_gguf.py + conversion/ + gguf-py/) from the same source package as
# the runtime, so converter and runtime are one llama.cpp commit.
version=$(sed -n 's/^llama-cpp-python==//p' requirements.txt)
target=.toolchain/llama.cpp
if [ "$(cat "$target/VERSION" 2>/dev/null)" != "$version" ]; then
    mkdir -p .toolchain/sdist
    sdist=.toolchain/sdist/llama_cpp_python-$version.tar.gz
    [ -f "$sdist" ] || python -m pip download --disable-pip-version-check -q --no-deps \
        "llama-cpp-python==$version" -d .toolchain/sdist
    rm -rf "$target" .toolchain/extract && mkdir -p .toolchain/extract
    tar -xzf "$sdist" -C .toolchain/extract "llama_cpp_python-$version/vendor/llama.cpp/convert_hf_to_gguf.py" \
        "llama_cpp_python-$version/vendor/llama.cpp/conversion" "llama_cpp_python-$version/vendor/llama.cpp/gguf-py"
    mv ".toolchain/extract/llama_cpp_python-$version/vendor/llama.cpp" "$target"
    rm -rf .toolchain/extract
    echo "$version" > "$target/VERSION"
fi
python -c "import llama_cpp, sys; sys.path.insert(0, '$target/gguf-py'); import gguf; print('GGUF toolchain ready: llama-cpp-python', llama_cpp.__version__)"
