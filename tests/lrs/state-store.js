// A small in-memory document store for the xAPI State resource (xAPI 1.0.3, Communication
// 2.3.1: `activities/state`), because Learning Locker's statements service has none. It sits
// beside the real statement store in lrs.js so that a package can resume through the State API.
//
// In: PUT/POST/GET/DELETE on /xAPI/activities/state with activityId, agent (JSON), optional
// registration and stateId. Out: the stored document (GET with stateId), the list of stateIds
// (GET without), 204 for writes and deletes. POST merges JSON objects, as the spec asks.
"use strict";

const express = require("express");

/** A stable key for one agent: its inverse functional identifier, whatever else it carries. */
function agentKey(agent) {
  if (agent.mbox) return `mbox:${agent.mbox}`;
  if (agent.mbox_sha1sum) return `sha1:${agent.mbox_sha1sum}`;
  if (agent.openid) return `openid:${agent.openid}`;
  if (agent.account) return `account:${agent.account.homePage}|${agent.account.name}`;
  return null;
}

function stateRouter({ checkAuth }) {
  const docs = new Map(); // "activity|agent|registration" → Map(stateId → { type, body, updated })
  const router = express.Router();
  router.use(express.raw({ type: () => true, limit: "1mb" }));

  router.all("", (req, res) => {
    if (!checkAuth(req.header("Authorization") || "")) {
      return res.status(401).json({ message: "Unauthorised" });
    }
    if (!req.header("X-Experience-API-Version")) {
      return res.status(400).json({ message: "X-Experience-API-Version header missing" });
    }
    const { activityId, agent: agentText, registration = "", stateId } = req.query;
    let agent;
    try {
      agent = JSON.parse(agentText || "");
    } catch {
      return res.status(400).json({ message: "agent must be JSON" });
    }
    const who = agent && agentKey(agent);
    if (!activityId || !who) {
      return res.status(400).json({ message: "activityId and an agent with one identifier are required" });
    }
    const key = `${activityId}|${who}|${registration}`;
    const scope = docs.get(key) ?? new Map();
    docs.set(key, scope);
    const body = req.body instanceof Buffer ? req.body : Buffer.alloc(0);
    const type = req.header("Content-Type") || "application/octet-stream";

    switch (req.method) {
      case "PUT":
      case "POST": {
        if (!stateId) return res.status(400).json({ message: "stateId is required" });
        const old = scope.get(stateId);
        if (req.method === "POST" && old && /json/.test(old.type) && /json/.test(type)) {
          // POST merges the top-level properties of two JSON objects (Communication 2.2.7.3).
          let merged;
          try {
            merged = { ...JSON.parse(old.body.toString("utf8")), ...JSON.parse(body.toString("utf8")) };
          } catch {
            return res.status(400).json({ message: "cannot merge: not JSON objects" });
          }
          scope.set(stateId, { type, body: Buffer.from(JSON.stringify(merged)), updated: new Date() });
        } else {
          scope.set(stateId, { type, body, updated: new Date() });
        }
        return res.status(204).end();
      }
      case "GET": {
        if (stateId) {
          const doc = scope.get(stateId);
          if (!doc) return res.status(404).json({ message: "no such state" });
          res.set("Content-Type", doc.type);
          res.set("Last-Modified", doc.updated.toUTCString());
          return res.status(200).send(doc.body);
        }
        return res.status(200).json([...scope.keys()]);
      }
      case "DELETE":
        if (stateId) scope.delete(stateId);
        else scope.clear();
        return res.status(204).end();
      default:
        return res.status(405).json({ message: `${req.method} is not allowed here` });
    }
  });
  return router;
}

module.exports = { stateRouter };
