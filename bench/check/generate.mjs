// Generates a compose platform of N services for the check benchmark: infrastructure (postgres,
// redis, rabbitmq) plus N-3 application services, each with a Dockerfile, a .dockerignore, a
// requirements/package manifest and a small source tree; env URLs between neighbours, depends_on,
// healthchecks and published ports from a range. Deterministic: the same N gives the same files.
// Usage: node generate.mjs N OUT_DIR
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const n = Number(process.argv[2]);
const out = process.argv[3];
if (!n || n < 4 || !out) {
  console.error('usage: node generate.mjs N OUT_DIR   (N >= 4)');
  process.exit(2);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const apps = n - 3;
const lines = [];
lines.push(`name: bench-${n}`);
lines.push('x-flotilla:');
lines.push(`  ports: { range: 20000-${20000 + n + 100} }`);
lines.push('services:');
lines.push(`  postgres:
    image: postgres:16-alpine
    environment:
      POSTGRES_USER: bench
      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD:-bench-dev-Xq81}
      POSTGRES_DB: bench
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U bench"]
      interval: 5s
      timeout: 3s
      retries: 10
    deploy: { resources: { limits: { memory: 1G } } }
  redis:
    image: redis:7-alpine
    healthcheck:
      test: ["CMD", "redis-cli", "ping"]
      interval: 5s
      timeout: 3s
      retries: 10
    deploy: { resources: { limits: { memory: 256M } } }
  rabbitmq:
    image: rabbitmq:3.13-alpine
    healthcheck:
      test: ["CMD", "rabbitmq-diagnostics", "-q", "ping"]
      interval: 10s
      timeout: 5s
      retries: 10
    deploy: { resources: { limits: { memory: 512M } } }`);

for (let i = 0; i < apps; i++) {
  const name = `svc-${String(i).padStart(3, '0')}`;
  const node = i % 3 === 2;
  const port = node ? 3000 : 8000;
  const dir = join(out, 'services', name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  const deps = ['postgres', 'redis'];
  const env = [
    `      DATABASE_URL: postgresql://bench:\${POSTGRES_PASSWORD:-bench-dev-Xq81}@postgres:5432/bench`,
    `      REDIS_URL: redis://redis:6379/${i % 16}`,
    `      BROKER_URL: amqp://guest:guest@rabbitmq:5672/`,
  ];
  deps.push('rabbitmq');
  if (i > 0) {
    const prev = `svc-${String(i - 1).padStart(3, '0')}`;
    const prevPort = (i - 1) % 3 === 2 ? 3000 : 8000;
    env.push(`      UPSTREAM_URL: http://${prev}:${prevPort}/api`);
    deps.push(prev);
  }
  if (node) env.push(`      PORT: "${port}"`);
  const probe = node
    ? `["CMD", "node", "-e", "require('http').get('http://localhost:${port}/health', r => process.exit(r.statusCode === 200 ? 0 : 1))"]`
    : `["CMD", "python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:${port}/health')"]`;
  lines.push(`  ${name}:
    build:
      context: ./services/${name}
    ports:
      - "${20000 + i}:${port}"
    environment:
${env.join('\n')}
    depends_on:
${deps.map((d) => `      ${d}:\n        condition: service_healthy`).join('\n')}
    healthcheck:
      test: ${probe}
      interval: 10s
      timeout: 3s
      retries: 5
      start_period: 10s
    deploy: { resources: { limits: { memory: 256M } } }`);

  writeFileSync(join(dir, '.dockerignore'), 'node_modules\n__pycache__/\n.env\n.git\n');
  if (node) {
    writeFileSync(join(dir, 'Dockerfile'), `FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY src ./src
USER node
EXPOSE ${port}
CMD ["node", "src/server.js"]
`);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', main: 'src/server.js', scripts: { start: 'node src/server.js' }, dependencies: { express: '^4.19.2', redis: '^4.6.14' } }, null, 2) + '\n');
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name, lockfileVersion: 3, requires: true, packages: {} }) + '\n');
    writeFileSync(join(dir, 'src', 'server.js'), `const express = require('express');
const { createClient } = require('redis');

const app = express();
const cache = createClient({ url: process.env.REDIS_URL });
const port = process.env.PORT || ${port};

app.get('/health', (req, res) => res.json({ status: 'ok' }));
app.get('/api', async (req, res) => {
  const hits = await cache.incr('hits:${name}');
  res.json({ service: '${name}', hits });
});

cache.connect().then(() => app.listen(port, () => console.log('${name} on', port)));
`);
  } else {
    writeFileSync(join(dir, 'Dockerfile'), `FROM python:3.12-slim
ENV PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY src ./src
RUN useradd --create-home app
USER app
EXPOSE ${port}
CMD ["uvicorn", "src.main:app", "--host", "0.0.0.0", "--port", "${port}"]
`);
    writeFileSync(join(dir, 'requirements.txt'), 'fastapi==0.111.0\nuvicorn==0.30.1\nhttpx==0.27.0\nredis==5.0.7\npsycopg[binary]==3.2.1\n');
    writeFileSync(join(dir, 'src', '__init__.py'), '');
    writeFileSync(join(dir, 'src', 'main.py'), `import os
from http import HTTPStatus

import httpx
import redis
from fastapi import FastAPI, HTTPException

app = FastAPI()
cache = redis.Redis.from_url(os.environ["REDIS_URL"])
UPSTREAM = os.environ.get("UPSTREAM_URL")


@app.get("/health")
def health():
    return {"status": "ok"}


@app.get("/api")
def api():
    hits = cache.incr("hits:${name}")
    if UPSTREAM:
        r = httpx.get(UPSTREAM, timeout=2)
        if r.status_code != HTTPStatus.OK:
            raise HTTPException(status_code=502, detail="upstream failed")
    return {"service": "${name}", "hits": hits}
`);
  }
}
writeFileSync(join(out, 'compose.yaml'), lines.join('\n') + '\n');
console.log(`generated ${n} services in ${out}`);
