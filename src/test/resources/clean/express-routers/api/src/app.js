'use strict';
const express = require('express');
const pinoHttp = require('pino-http');
const client = require('prom-client');

const products = require('./routes/products');
const orders = require('./routes/orders');
const { errorHandler } = require('./middleware/errors');

client.collectDefaultMetrics();

const app = express();
app.use(express.json());
app.use(pinoHttp());

app.get('/healthz', (req, res) => res.json({ status: 'ok' }));
app.get('/metrics', async (req, res) => {
  res.set('Content-Type', client.register.contentType);
  res.end(await client.register.metrics());
});

const v1 = express.Router();
v1.use('/products', products);
v1.use('/orders', orders);
app.use('/api/v1', v1);

app.use(errorHandler);

module.exports = app;
