"""Flow starts and runs in bulk: paths through each flow's nodes, result values, run counts.

Runs are spread over the last 50 days; completed runs answer every question of their flow, the
others stop part way, and a run still in progress leaves its contact in the flow.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from explorer.sandbox.data import pools
from explorer.sandbox.data.flows import result_key
from explorer.sandbox.data.seeding import between, pick
from explorer.sandbox.store import models as m
from explorer.sandbox.store.shapes import PathStep, RunValue
from explorer.sandbox.store.workspace import Workspace, uuid4_from

RUN_EXITS = ("completed",) * 6 + ("interrupted", "expired", "failed") + (None,) * 3


class Runs:
    """Flow starts and runs (with paths and result values), and each flow's run counts."""

    def __init__(self, ws: Workspace, rng: random.Random, now: datetime) -> None:
        self.ws = ws
        self.rng = rng
        self.now = now
        self.flows = [f for f in ws.flows if f.results]

    def build(self, contacts: int) -> None:
        people = [c for c in self.ws.contacts.rows if c.is_active]
        if not people:
            return
        starts = self._starts(people)
        count = max(20, contacts // 3)
        rows = [self._run(people, starts) for _ in range(count)]
        rows.sort(key=lambda run: run.created_on)
        for run in rows:
            run.id = self.ws.next_id("runs")
            counts = run.flow.run_counts
            state = run.exit_type or (
                "waiting" if run.values or self.rng.random() < 0.7 else "active"
            )
            counts[state] = counts.get(state, 0) + 1
            if run.exit_type is None:
                run.contact.flow = run.flow
        self.ws.runs.load(rows)

    def _starts(self, people: list[m.Contact]) -> list[m.FlowStart]:
        groups = [g for g in self.ws.groups if not g.system and g.query is None]
        out = []
        for index, flow in enumerate(self.flows[:8]):
            created = self.now - timedelta(days=50 - index * 6, seconds=self.rng.randrange(86400))
            group = groups[index % len(groups)]
            contacts = self.rng.sample(people, min(index % 3, len(people)))
            status = (
                "completed",
                "completed",
                "started",
                "failed",
                "interrupted",
                "pending",
                "queued",
                "completed",
            )[index]
            start = m.FlowStart(
                self.ws.next_id("flow_starts"),
                uuid4_from(self.rng),
                flow,
                status,
                [group],
                contacts,
                {"source": "api", "campaign": "rainy-season"} if index % 2 else {},
                index % 3 != 0,
                None if index % 4 else False,
                created,
                created + timedelta(minutes=between(self.rng, 1, 90)),
                total=len(group.members) + len(contacts),
                started=len(group.members) if status == "completed" else len(group.members) // 2,
            )
            out.append(self.ws.flow_starts.add(start))
        return out

    def _run(self, people: list[m.Contact], starts: list[m.FlowStart]) -> m.Run:
        rng = self.rng
        flow = pick(rng, self.flows)
        created = self.now - timedelta(seconds=rng.random() * 50 * 86400 + 30)
        exit_type = pick(rng, RUN_EXITS)
        path: list[PathStep] = []
        values: dict[str, RunValue] = {}
        moment = created
        nodes = flow.definition["nodes"]
        answered = (
            len(flow.results) if exit_type == "completed" else rng.randrange(len(flow.results))
        )
        for index, node in enumerate(nodes[: 2 * answered + 1]):
            moment += timedelta(seconds=between(rng, 1, 600), microseconds=rng.randrange(10**6))
            path.append({"node": node["uuid"], "time": moment})
            if "router" in node:
                result = flow.results[index // 2]
                category = pick(rng, result["categories"])
                values[result_key(result["name"])] = {
                    "name": result["name"],
                    "value": pick(rng, pools.FLOW_REPLIES),
                    "category": category,
                    "node": node["uuid"],
                    "time": moment,
                }
        matching = [s for s in starts if s.flow is flow]
        start = pick(rng, matching) if matching and rng.random() < 0.5 else None
        exited = moment + timedelta(seconds=1) if exit_type else None
        return m.Run(
            0,
            uuid4_from(rng),
            flow,
            pick(rng, people),
            start,
            bool(values),
            path,
            values,
            created,
            exited or moment + timedelta(microseconds=17),
            exited,
            exit_type,
        )
