# One image for the action server (actions/ + knowledge/) and the gateway (bot/).
# Rasa itself runs from the official rasa/rasa image (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
    SAMSKAPING_CACHE_DIR=/opt/samskaping-cache
WORKDIR /app

# torch first and pinned. Set PIP_EXTRA_INDEX_URL to a CPU-only torch index at build time to
# avoid the CUDA build's extra gigabytes.
ARG PIP_EXTRA_INDEX_URL=
COPY requirements/main.txt requirements/main.txt
RUN pip install --no-cache-dir torch==2.13.0 && pip install --no-cache-dir -r requirements/main.txt

COPY knowledge knowledge
COPY actions actions
COPY bot bot
COPY userdata userdata
# The embedding model is converted and the index built once, into the image.
RUN python -m knowledge build

# var/ becomes the shared volume; a new named volume takes this directory's owner.
RUN useradd --uid 1001 --no-create-home advisor && mkdir -p /app/var && chown advisor /app/var
USER advisor
