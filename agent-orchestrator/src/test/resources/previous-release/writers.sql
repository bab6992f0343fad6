-- What agent-orchestrator's previous release (0.2.0: chart 0.2.0, commit 3d8fcb5) writes to schema "agents",
-- statement for statement as its code issues them, parameters filled in with sample values. RollingUpgradeTest
-- runs them against the current schema and lets this release's code carry on from them. Refresh at each release
-- from the code of that release (docs/database.md, "Rolling upgrades").

-- RunRecorder.started, then RunRecorder.finished with a two-step transcript: a run that answered.
INSERT INTO agents.agent_run (id, store_id, conversation_id, status) VALUES ('e0f4a5b6-3c4d-4e5f-8a6b-7c8d9e0f1a01', 'e0f4a5b6-3c4d-4e5f-8a6b-7c8d9e0f1a02', 'e0f4a5b6-3c4d-4e5f-8a6b-7c8d9e0f1a03', 'RUNNING')
ON CONFLICT (id) DO UPDATE SET status = 'RUNNING', finished_at = NULL;
UPDATE agents.agent_run SET status = 'ANSWERED', finished_at = now() WHERE id = 'e0f4a5b6-3c4d-4e5f-8a6b-7c8d9e0f1a01';
INSERT INTO agents.transcript_entry (run_id, role, content) VALUES ('e0f4a5b6-3c4d-4e5f-8a6b-7c8d9e0f1a01', 'user', CAST('{"content":"¿Dónde está mi pedido?","role":"user"}' AS jsonb));
INSERT INTO agents.transcript_entry (run_id, role, content) VALUES ('e0f4a5b6-3c4d-4e5f-8a6b-7c8d9e0f1a01', 'assistant', CAST('{"content":"Tu pedido va en camino con Coordinadora.","role":"assistant"}' AS jsonb));

-- RunRecorder.started of a run whose pod stopped before it finished: its task runs again on the next release.
INSERT INTO agents.agent_run (id, store_id, conversation_id, status) VALUES ('e0f4a5b6-3c4d-4e5f-8a6b-7c8d9e0f1a11', 'e0f4a5b6-3c4d-4e5f-8a6b-7c8d9e0f1a02', 'e0f4a5b6-3c4d-4e5f-8a6b-7c8d9e0f1a03', 'RUNNING')
ON CONFLICT (id) DO UPDATE SET status = 'RUNNING', finished_at = NULL;
