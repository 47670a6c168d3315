'use strict';
const { Router } = require('express');

const router = Router();

router.get('/', async (req, res, next) => {
  try {
    res.json(await req.app.locals.db.collection('products').find().toArray());
  } catch (err) {
    next(err);
  }
});

router.get('/:id', async (req, res) => {
  res.json(await req.app.locals.db.collection('products').findOne({ _id: req.params.id }));
});

module.exports = router;
