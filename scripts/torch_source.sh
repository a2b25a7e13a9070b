# Sourced by scripts/setup.sh and scripts/lock.sh: where uv finds torch's CPU build (2.13.0+cpu).
# PyPI's torch for Linux would bring several GB of CUDA libraries. This machine kind keeps the CPU
# wheel on disk (TORCH_WHEELS); elsewhere it comes from PyTorch's CPU index.
TORCH_WHEELS=${TORCH_WHEELS:-/opt/wheels}
if compgen -G "$TORCH_WHEELS/torch-*+cpu-*.whl" >/dev/null; then
  torch_source=(--find-links "$TORCH_WHEELS")
else
  torch_source=(--extra-index-url https://download.pytorch.org/whl/cpu --index-strategy unsafe-best-match)
fi
