import { Router } from "express";
import cors from "@fastify/cors";
import { readFile } from "fs/promises";

const router = Router();
router.get("/", async (req, res) => res.send(await readFile("/etc/hostname", "utf8") + cors));
export default router;
