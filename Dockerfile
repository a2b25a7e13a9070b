# One image for the action servers (actions/ + knowledge/), the gateway (bot/) and the one-shot
# knowledge index build. Rasa itself runs from the official rasa/rasa image (docker-compose.yml).
FROM python:3.11-slim

# The embedding model and the index live in a volume that the knowledge-index job writes once
# and every action server mounts read-only (docker-compose.yml, docs/deploy.md).
ENV PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
    SAMSKAPING_CACHE_DIR=/var/lib/samskaping/knowledge
WORKDIR /app

# No Apertium: the nynorsk → bokmål word table it made is part of knowledge/ (knowledge/nynorsk.py).

# Exactly the versions of requirements/main.lock (scripts/lock.sh), installed with uv. torch is the
# CPU build from PyTorch's CPU index; PyPI's would add gigabytes of CUDA libraries. With their
# bytecode: the services run as a user who cannot write it, and would compile at every start.
COPY requirements/uv.txt requirements/main.lock requirements/
RUN pip install --no-cache-dir -r requirements/uv.txt \
    && uv pip install --system --no-cache --no-deps --compile-bytecode \
       --extra-index-url https://download.pytorch.org/whl/cpu --index-strategy unsafe-best-match \
       -r requirements/main.lock

COPY knowledge knowledge
COPY citations citations
COPY network_access network_access
COPY checklists checklists
COPY actions actions
COPY rasa_sdk_plugins rasa_sdk_plugins
COPY bot bot
COPY userdata userdata
RUN python -m compileall -q knowledge citations checklists actions rasa_sdk_plugins bot userdata

# A new named volume takes the owner of the directory it is mounted on, so the index job (this
# user) can write the knowledge volume.
RUN useradd --uid 1001 --no-create-home advisor \
    && mkdir -p /var/lib/samskaping/knowledge && chown advisor /var/lib/samskaping/knowledge
USER advisor
