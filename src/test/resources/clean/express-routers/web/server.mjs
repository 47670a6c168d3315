import Fastify from 'fastify';
import { setTimeout as delay } from 'node:timers/promises';

const API_URL = process.env.API_URL ?? 'http://api:3000';
const fastify = Fastify({ logger: true });

fastify.get('/', async () => {
  const res = await fetch(`${API_URL}/api/v1/products`);
  return { products: await res.json() };
});

fastify.post('/checkout', async (request, reply) => {
  const res = await fetch(`${API_URL}/api/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request.body),
  });
  reply.code(res.status);
  return res.json();
});

const template = `import something from 'nowhere'`; // a string, not an import
fastify.log.debug(template);

await delay(10);
try {
  await fastify.listen({ port: Number(process.env.PORT ?? 8080), host: '0.0.0.0' });
} catch (err) {
  fastify.log.error(err);
  process.exit(1);
}
