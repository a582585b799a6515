// A small in-memory document store for the xAPI State and Agent Profile resources (xAPI 1.0.3,
// Communication 2.3.1 `activities/state` and 2.3.3 `agents/profile`), because Learning Locker's
// statements service has neither. It sits beside the real statement store in lrs.js so that a
// package can resume through the State API and a cmi5 AU can read its learner's preferences.
//
// In: PUT/POST/GET/DELETE on /xAPI/activities/state with activityId, agent (JSON), optional
// registration and stateId, or on /xAPI/agents/profile with agent and profileId. Out: the stored
// document (GET with its id), the list of ids (GET without), 204 for writes and deletes. POST
// merges JSON objects, as the spec asks.
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

/** The State resource: documents by activity, agent and registration, named by stateId. */
function stateRouter({ checkAuth }) {
  return documentRouter({
    checkAuth,
    idParam: "stateId",
    scopeOf(query, who) {
      if (!query.activityId) return null;
      return `${query.activityId}|${who}|${query.registration || ""}`;
    },
  });
}

/** The Agent Profile resource: documents by agent, named by profileId. */
function agentProfileRouter({ checkAuth }) {
  return documentRouter({ checkAuth, idParam: "profileId", scopeOf: (query, who) => who });
}

function documentRouter({ checkAuth, idParam, scopeOf }) {
  const docs = new Map(); // scope → Map(id → { type, body, updated })
  const router = express.Router();
  router.use(express.raw({ type: () => true, limit: "1mb" }));

  router.all("", (req, res) => {
    if (!checkAuth(req.header("Authorization") || "")) {
      return res.status(401).json({ message: "Unauthorised" });
    }
    if (!req.header("X-Experience-API-Version")) {
      return res.status(400).json({ message: "X-Experience-API-Version header missing" });
    }
    const { agent: agentText } = req.query;
    const stateId = req.query[idParam];
    let agent;
    try {
      agent = JSON.parse(agentText || "");
    } catch {
      return res.status(400).json({ message: "agent must be JSON" });
    }
    const who = agent && agentKey(agent);
    const key = who && scopeOf(req.query, who);
    if (!key) {
      return res.status(400).json({ message: "an agent with one identifier (and for a state, activityId) is required" });
    }
    const scope = docs.get(key) ?? new Map();
    docs.set(key, scope);
    const body = req.body instanceof Buffer ? req.body : Buffer.alloc(0);
    const type = req.header("Content-Type") || "application/octet-stream";

    switch (req.method) {
      case "PUT":
      case "POST": {
        if (!stateId) return res.status(400).json({ message: `${idParam} is required` });
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
          if (!doc) return res.status(404).json({ message: "no such document" });
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

module.exports = { stateRouter, agentProfileRouter };
