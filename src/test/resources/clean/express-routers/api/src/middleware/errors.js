'use strict';

function errorHandler(err, req, res, next) {
  req.log.error(err);
  if (res.headersSent) return next(err);
  res.status(err.status || 500).json({ error: err.expose ? err.message : 'internal error' });
}

module.exports = { errorHandler };
