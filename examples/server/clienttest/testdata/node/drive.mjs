// drive.mjs runs one official MCP TypeScript client against the example
// server and prints what it saw as JSON, for clienttest's Go tests.
//
//   node drive.mjs PLAN.json
//
// The plan says which SDK ("v1": @modelcontextprotocol/sdk, protocol
// 2025-11-25; "v2": @modelcontextprotocol/client, pinned to 2026-07-28),
// which transport (stdio: spawn command/args/env; http: url + bearer key),
// and which calls to make, in order. Before each call the script POSTs the
// call's id to plan.arm (if set) so the Go test can script the fake Dub API
// for that case; consecutive calls with the same "batch" are armed once,
// with the batch's id, and run concurrently (at most plan.parallel). One process handles every
// call: starting node and the SDK once is what keeps the matrix cheap.
//
// plan.elicit ("accept", "decline" or "cancel") makes the client declare
// form elicitation and answer every request with that action (accept with
// {confirm: true}), standing in for the user; a call made alone (not in a
// batch) may override it with its own "elicit", and its result entry
// counts its own "elicitations"; without it the client
// declares no elicitation. v1 answers server-initiated elicitation/create
// (2025-11-25); v2 answers the same handler when a 2026-07-28 tool result
// is input_required: the SDK fulfils the embedded request and calls again.
import { readFileSync } from "node:fs";

const plan = JSON.parse(readFileSync(process.argv[2], "utf8"));
// Text kept per result: enough to judge readability, bounded so the JSON
// the Go test reads stays small even when a result is huge.
const keepText = plan.keepText ?? 8192;

async function load(sdk) {
  if (sdk === "v1") {
    const { Client } = await import("@modelcontextprotocol/sdk/client/index.js");
    const { StdioClientTransport } = await import("@modelcontextprotocol/sdk/client/stdio.js");
    const { StreamableHTTPClientTransport } = await import("@modelcontextprotocol/sdk/client/streamableHttp.js");
    const { ElicitRequestSchema } = await import("@modelcontextprotocol/sdk/types.js");
    return { Client, StdioClientTransport, StreamableHTTPClientTransport, options: {}, elicitMethod: ElicitRequestSchema };
  }
  if (sdk === "v2") {
    const { Client, StreamableHTTPClientTransport } = await import("@modelcontextprotocol/client");
    const { StdioClientTransport } = await import("@modelcontextprotocol/client/stdio");
    const options = plan.protocol ? { versionNegotiation: { mode: { pin: plan.protocol } } } : {};
    return { Client, StdioClientTransport, StreamableHTTPClientTransport, options, elicitMethod: "elicitation/create" };
  }
  throw new Error(`unknown sdk ${sdk}`);
}

function describeError(err) {
  return { code: err?.code ?? null, message: String(err?.message ?? err).slice(0, 2000), name: err?.name ?? null };
}

function summarize(result) {
  const texts = (result.content ?? []).filter((c) => c.type === "text").map((c) => c.text);
  const text = texts.join("\n");
  const structured = result.structuredContent === undefined ? null : JSON.stringify(result.structuredContent);
  return {
    isError: result.isError === true,
    // Bytes as the agent receives them: the whole result as JSON.
    bytes: Buffer.byteLength(JSON.stringify(result)),
    textBytes: Buffer.byteLength(text),
    text: text.slice(0, keepText),
    structured: structured === null ? null : structured.slice(0, keepText),
    structuredBytes: structured === null ? 0 : Buffer.byteLength(structured),
  };
}

async function arm(id) {
  if (!plan.arm) return;
  const res = await fetch(plan.arm, { method: "POST", body: id });
  if (!res.ok) throw new Error(`arm ${id}: ${res.status} ${await res.text()}`);
}

async function main() {
  const sdk = await load(plan.sdk);
  const options = plan.elicit ? { ...sdk.options, capabilities: { elicitation: { form: {} } } } : sdk.options;
  const client = new sdk.Client({ name: `clienttest-${plan.sdk}`, version: "1.0.0" }, options);
  const out = { sdk: plan.sdk, transport: plan.transport, results: [], elicitations: 0 };
  // The call being made, when calls run one at a time: its own "elicit"
  // answer overrides the plan's, and it counts the times it asked.
  let current = null;
  if (plan.elicit) {
    client.setRequestHandler(sdk.elicitMethod, async () => {
      out.elicitations++;
      if (current) current.entry.elicitations = (current.entry.elicitations ?? 0) + 1;
      const action = current?.call.elicit ?? plan.elicit;
      return action === "accept" ? { action: "accept", content: { confirm: true } } : { action };
    });
  }
  let transport;
  if (plan.transport === "stdio") {
    transport = new sdk.StdioClientTransport({ command: plan.command, args: plan.args ?? [], env: plan.env ?? {}, stderr: "ignore" });
  } else {
    transport = new sdk.StreamableHTTPClientTransport(new URL(plan.url), {
      requestInit: { headers: { Authorization: `Bearer ${plan.key}` } },
    });
  }
  await client.connect(transport);
  out.protocolVersion = client.getNegotiatedProtocolVersion?.() ?? transport.protocolVersion ?? null;
  try {
    const listed = await client.listTools();
    out.tools = listed.tools.map((t) => t.name);
    out.toolsBytes = Buffer.byteLength(JSON.stringify(listed));
  } catch (err) {
    out.listError = describeError(err);
  }
  // Consecutive calls sharing a batch are armed once and run together,
  // at most plan.parallel at a time; results keep the plan's order.
  const groups = [];
  for (const call of plan.calls ?? []) {
    const last = groups[groups.length - 1];
    if (call.batch && last?.id === call.batch) last.calls.push(call);
    else groups.push({ id: call.batch || call.id, calls: [call] });
  }
  const callOne = async (call, alone) => {
    const entry = { id: call.id };
    if (alone) current = { call, entry };
    try {
      entry.result = summarize(await client.callTool({ name: call.tool, arguments: call.arguments ?? {} }));
    } catch (err) {
      entry.error = describeError(err);
    }
    current = null;
    return entry;
  };
  for (const group of groups) {
    await arm(group.id);
    const entries = new Array(group.calls.length);
    let next = 0;
    const worker = async () => {
      while (next < group.calls.length) {
        const i = next++;
        entries[i] = await callOne(group.calls[i], group.calls.length === 1);
      }
    };
    const n = Math.min(Math.max(plan.parallel ?? 1, 1), group.calls.length);
    await Promise.all(Array.from({ length: n }, worker));
    out.results.push(...entries);
  }
  await client.close();
  process.stdout.write(JSON.stringify(out));
}

main().catch((err) => {
  process.stdout.write(JSON.stringify({ fatal: describeError(err) }));
  process.exit(1);
});
