const fs = require("node:fs");
const path = require("path");
const express = require("express");
const pino = require("pino");
const { debounce } = require("lodash/fp");
const routes = require("./routes");
// const dayjs = require("dayjs");  a comment, not an import
const text = "require('moment')";  // a string, not an import

let fast = null;
try {
  fast = require("bufferutil");
} catch (e) {
  fast = null;
}

const app = express();
app.use(routes);
app.listen(3000, "0.0.0.0", () => pino().info({ path: path.sep, fs: !!fs, text, debounce, fast }));
