'use strict';
const pino = require('pino');
const { MongoClient } = require('mongodb');
const app = require('./app');

const log = pino();
const port = Number(process.env.PORT || 3000);
// app.listen(port, '127.0.0.1') was the old local-only setting; this comment is not code

async function main() {
  const mongo = new MongoClient(process.env.MONGO_URL);
  await mongo.connect();
  app.locals.db = mongo.db();
  app.listen(port, '0.0.0.0', () => log.info({ port }, 'api listening'));
}

main().catch((err) => {
  log.error(err, 'start failed');
  process.exit(1);
});
