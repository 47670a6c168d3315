'use strict';
const express = require('express');

const router = express.Router();

router
  .route('/')
  .get(async (req, res) => res.json(await req.app.locals.db.collection('orders').find().toArray()))
  .post(async (req, res) => {
    const { insertedId } = await req.app.locals.db.collection('orders').insertOne(req.body);
    res.status(201).json({ id: insertedId });
  });

module.exports = router;
