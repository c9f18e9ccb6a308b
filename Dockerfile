# Smallbatch: slim image, non-root, long polling by default (`smallbatch run`).
FROM python:3.11-slim

# HEALTH_PORT turns on /healthz and /ready (bot/telegram/health.py); the HEALTHCHECK asks it.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATABASE_URL=sqlite:////data/smallbatch.db \
    KNOWLEDGE_DIR=/app/knowledge \
    HEALTH_PORT=8080

WORKDIR /app
RUN groupadd --gid 10001 smallbatch \
    && useradd --create-home --uid 10001 --gid 10001 smallbatch \
    && mkdir -p /data && chown 10001:10001 /data

# Dependencies in their own layer, so a code change does not reinstall them. The lock pins every
# version with its hashes (scripts/lock.sh), so every build installs the same files.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
# --no-deps: the lock above already installed everything the package needs.
RUN pip install --no-cache-dir --no-deps .

# Numeric, so a runtime that requires a non-root user (runAsNonRoot) can check it.
USER 10001:10001
VOLUME ["/data"]
# Webhook mode (listen on all interfaces inside the container):
#   docker run -p 8443:8443 ... smallbatch run --webhook-url https://example.org/tg --port 8443 --listen 0.0.0.0
EXPOSE 8443 8080
# Alive while the event loop serves /healthz. The endpoint binds the --listen address (127.0.0.1
# unless given; 0.0.0.0 answers on loopback too), and python's urllib asks it: the slim image has
# no curl. urlopen raises, so the check fails, on a refused connection or a status other than 2xx.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ['HEALTH_PORT'] + '/healthz', timeout=4)"]
CMD ["smallbatch", "run"]
