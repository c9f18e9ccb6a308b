# Smallbatch: slim image, non-root, long polling by default (`smallbatch run`).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATABASE_URL=sqlite:////data/smallbatch.db \
    KNOWLEDGE_DIR=/app/knowledge

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
RUN pip install ".[postgres]" \
    && useradd --create-home --uid 10001 smallbatch \
    && mkdir -p /data && chown smallbatch:smallbatch /data

USER smallbatch
VOLUME ["/data"]
# Webhook mode (listen on all interfaces inside the container):
#   docker run -p 8443:8443 ... smallbatch run --webhook-url https://example.org/tg --port 8443 --listen 0.0.0.0
EXPOSE 8443
CMD ["smallbatch", "run"]
