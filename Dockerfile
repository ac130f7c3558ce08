# syntax=docker/dockerfile:1
#
# medner-bot: `docker build -t medner-bot .` then
#   docker run -d --env-file .env -v medner-data:/data medner-bot
# Secrets (TELEGRAM_BOT_TOKEN, MEDNER_WEBHOOK_SECRET, GEMINI_API_KEY) come from the environment
# at run time; none is ever baked into the image.

# Both stages must use the same interpreter: the virtual environment built in the first one
# points at /usr/local/bin/python3.11 of the image it was created in.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- build: install the project into a virtual environment -----------------------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore
WORKDIR /src
# Dependencies change less often than code: keep them in a layer of their own.
COPY pyproject.toml README.md ./
RUN python -m venv /opt/medner \
    && /opt/medner/bin/python -c "import subprocess, tomllib; deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; subprocess.run(['/opt/medner/bin/pip', 'install', *deps], check=True)"
COPY bot bot
COPY handlers handlers
COPY service service
COPY storage storage
COPY ner ner
# The offline engine ships a compiled lexicon keyed on the exact vocabulary versions; if the
# versions installed here differ, the warm-up builds it once into MEDNER_CACHE_DIR, so no
# container ever spends its start-up (and a writable cache) rebuilding it.
RUN /opt/medner/bin/pip install --no-deps . \
    && mkdir -p /opt/medner/cache \
    && MEDNER_CACHE_DIR=/opt/medner/cache MEDNER_DB_PATH=/tmp/warm.sqlite3 \
       /opt/medner/bin/medner extract "warm up: fever, amodiaquine 10 mg" > /dev/null \
    && /opt/medner/bin/python -m pip uninstall --yes pip setuptools \
    && rm -f /tmp/warm.sqlite3*

# --- runtime: the virtual environment only; no compilers, no pip, no sources ----------------
FROM ${PYTHON_IMAGE}
LABEL org.opencontainers.image.title="medner-bot" \
      org.opencontainers.image.description="Telegram bot that finds medical entities in text"
# Tesseract reads photos offline (English); the bot runs it as a subprocess, never over a network.
RUN apt-get update -qq \
    && apt-get install -y -qq --no-install-recommends tesseract-ocr \
    && rm -rf /var/lib/apt/lists/*
# The base image's own installers go too: its pip, setuptools and wheel, and ensurepip, which
# would bring pip back. The bot needs none of them (its environment is complete). pip removes
# what it installed; whatever is left (a base image whose Python came from its distribution) is
# deleted where Python finds it; and the build fails if any is still importable, or if Python no
# longer starts cleanly (a .pth file left pointing at a removed module).
RUN groupadd --gid 10001 medner \
    && useradd --uid 10001 --gid medner --create-home --shell /usr/sbin/nologin medner \
    && mkdir /data \
    && chown medner:medner /data \
    && (python3 -m pip uninstall --yes --no-cache-dir pip setuptools wheel || true) \
    && for module in pip setuptools wheel pkg_resources _distutils_hack ensurepip; do \
         if dir=$(python3 -c "import os, $module; print(os.path.dirname($module.__file__))" 2>/dev/null); \
         then rm -rf "$dir" "$dir"-*.dist-info "$dir"-*.egg-info; fi; \
       done \
    && rm -f /usr/local/bin/pip* /usr/local/bin/wheel /usr/bin/pip* /usr/bin/wheel \
       /usr/local/lib/python3*/*-packages/distutils-precedence.pth \
    && ! python3 -c "import pip" 2>/dev/null \
    && ! python3 -c "import setuptools" 2>/dev/null \
    && ! python3 -c "import wheel" 2>/dev/null \
    && ! python3 -c "import ensurepip" 2>/dev/null \
    && test -z "$(python3 -c pass 2>&1)" \
    && test -z "$(ls /usr/local/bin /usr/bin | grep -E '^(pip|wheel)')"
COPY --from=build /opt/medner /opt/medner
ENV PATH=/opt/medner/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    MEDNER_DB_PATH=/data/medner.sqlite3 \
    MEDNER_CACHE_DIR=/opt/medner/cache \
    MEDNER_WEBHOOK_PORT=8443 \
    MEDNER_HEALTH_PORT=8080
# Numeric, so orchestrators can verify "runAsNonRoot" without reading /etc/passwd.
USER 10001:10001
WORKDIR /data
# The SQLite file (and its -wal/-shm companions) must outlive the container.
VOLUME ["/data"]
# 8443: the webhook (+ /healthz, /metrics); 8080: /healthz and /metrics in either mode.
EXPOSE 8443 8080
# `medner run` serves /healthz on MEDNER_HEALTH_PORT in polling and webhook mode alike; without
# it the webhook port serves it. 503 (database unreachable) and no answer both fail the check.
# The proxy handler is emptied so an HTTP(S)_PROXY in the environment can't capture 127.0.0.1.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; port = os.environ.get('MEDNER_HEALTH_PORT') or os.environ.get('MEDNER_WEBHOOK_PORT') or '8443'; r.build_opener(r.ProxyHandler({})).open('http://127.0.0.1:%s/healthz' % port, timeout=4)"]
# SIGTERM (docker stop) makes `medner run` finish the updates in hand and close the database.
STOPSIGNAL SIGTERM
ENTRYPOINT ["medner"]
CMD ["run"]
