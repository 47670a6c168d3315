const express = require("express");
const { createProxyMiddleware } = require("http-proxy-middleware");

const app = express();
const port = process.env.PORT || 8000;

app.get("/healthz", (req, res) => res.json({ status: "ok" }));
app.get("/session", async (req, res, next) => {
  try {
    const r = await fetch(`${process.env.AUTH_URL}/verify`, { headers: { authorization: req.get("authorization") || "" } });  // expect: COD005 — seed 001 §2 in Node: auth defines /health and /me, no /verify
    res.status(r.status).json(await r.json());
  } catch (err) {
    next(err);
  }
});
app.use("/auth", createProxyMiddleware({ target: process.env.AUTH_URL, changeOrigin: true }));
app.use("/api", createProxyMiddleware({ target: process.env.DATA_API_URL, changeOrigin: true }));

app.listen(port, "0.0.0.0", () => console.log(JSON.stringify({ msg: "gateway listening", port })));
