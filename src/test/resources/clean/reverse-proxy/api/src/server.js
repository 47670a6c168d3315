const express = require('express');

const app = express();
const port = process.env.PORT || 3000;

app.get('/health', (req, res) => res.json({ status: 'ok' }));
app.get('/items', (req, res) => res.json([]));

app.listen(port, () => console.log(`api listening on ${port}`));
