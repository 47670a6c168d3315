const express = require('express');
const { MongoClient } = require('mongodb');

const app = express();
const client = new MongoClient(process.env.MONGO_URL);

app.get('/healthz', (req, res) => res.send('ok'));
app.get('/notes', async (req, res) => res.json(await client.db().collection('notes').find().toArray()));

const PORT = process.env.PORT || 3000;
client.connect().then(() => app.listen(PORT));
