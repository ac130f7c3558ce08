# syntax=docker/dockerfile:1
# Build stage: install the project and its vocabularies into a virtual environment, and build
# the offline engine's compiled lexicon once so containers start in well under two seconds.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot bot
COPY handlers handlers
COPY storage storage
COPY ner ner
RUN python -m venv /opt/medner \
    && /opt/medner/bin/pip install . \
    && MEDNER_CACHE_DIR=/opt/medner/cache MEDNER_DB_PATH=/tmp/warm.sqlite3 \
       /opt/medner/bin/medner extract "warm up the lexicon cache" > /dev/null

# Final stage: no compilers, no sources, an unprivileged user, SQLite on a volume.
FROM python:3.11-slim
RUN useradd --create-home --uid 10001 medner && mkdir /data && chown medner:medner /data
COPY --from=build /opt/medner /opt/medner
ENV PATH=/opt/medner/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    MEDNER_DB_PATH=/data/medner.sqlite3 \
    MEDNER_CACHE_DIR=/opt/medner/cache \
    MEDNER_WEBHOOK_PORT=8443 \
    MEDNER_HEALTH_PORT=8080
USER medner
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8443 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('MEDNER_HEALTH_PORT', '8080'), timeout=4)"]
ENTRYPOINT ["medner"]
CMD ["run"]
