"""A real MCP client (the official Python SDK) against "btexplain mcp": lists the tools and resources, explains
captures and checks the answers against their truth files, then sends what a careless or hostile client would
and checks that each is an error and the server keeps serving. Run by McpClientIT; prints "ok: ..." per check and
exits non-zero at the first failure.

usage: mcp_client_check.py JAR [--capture TEXT TRUTH]... [--core CORE EXE] [--attach PID]
"""
import argparse
import asyncio
import json
import os
import sys

from mcp import ClientSession, MCPError, StdioServerParameters
from mcp.client.stdio import stdio_client

TOOLS = {"explain_backtrace", "explain_core", "attach_process", "list_formats"}
NEVER = ["Real-Time Clock", "RTC "]  # what the chatbot answer called QEMU's RCU thread


def check(condition, what):
    if not condition:
        raise AssertionError(what)
    print("ok: " + what.split("\n")[0][:160])


def report_of(result, what):
    """The JSON report and the Markdown of a tool result that must have succeeded."""
    check(not result.is_error, "%s succeeds: %s" % (what, result.content[0].text[:300] if result.content else ""))
    check(len(result.content) == 2, "%s gives the JSON report and its Markdown" % what)
    report = json.loads(result.content[0].text)
    check(result.structured_content == report, "%s: the structured content is the JSON report" % what)
    markdown = result.content[1].text
    check(markdown.startswith("# btexplain report"), "%s: the second part is the Markdown report" % what)
    for text in (result.content[0].text, markdown):
        for phrase in NEVER:
            check(phrase not in text, "%s never says %r" % (what, phrase))
    return report, markdown


def summary_of(result, report, what):
    """The default answer: a summary of a few kilobytes that says what the full report says."""
    check(not result.is_error and len(result.content) == 2, "%s: the summary, as Markdown and JSON" % what)
    markdown, summary = result.content[0].text, json.loads(result.content[1].text)
    check(result.structured_content == summary, "%s: the structured content is the summary" % what)
    size = len(json.dumps(result.model_dump(by_alias=True, exclude_none=True)))
    check(size < 16_000, "%s: the whole answer is %d bytes, under 16 KB" % (what, size))
    check(summary["verdict"] == report["verdict"] and summary["confidence"] == report["confidence"],
          "%s: the summary's verdict is the report's" % what)
    check(summary["thread_count"] == len(report["threads"]), "%s: it counts every thread" % what)
    check(sum(g["count"] for g in summary["groups"]) <= len(report["threads"]), "%s: its groups hold the threads" % what)
    check(markdown.startswith("**Verdict: %s (%s)**" % (report["verdict"], report["confidence"])), "%s: it opens with the verdict" % what)
    check("&lt;" not in markdown and "\\_" not in markdown, "%s: nothing escaped for an HTML page" % what)


def error_of(result, starts, what):
    check(result.is_error, "%s is an error result" % what)
    text = result.content[0].text
    check(text.startswith("btexplain: ") and "\n" not in text.strip(), "%s: one line: %s" % (what, text))
    check(starts in text, "%s says %r: %s" % (what, starts, text))


def thread(report, number):
    for t in report["threads"]:
        if t["number"] == int(number):
            return t
    raise AssertionError("no thread %s in the report" % number)


def check_truth(report, markdown, truth, what):
    """What the truth file of a capture says is true, as the JSON report says it."""
    if "verdict" in truth:
        verdicts = truth["verdict"] if isinstance(truth["verdict"], list) else [truth["verdict"]]
        check(report["verdict"] in verdicts, "%s: verdict %s (truth %s)" % (what, report["verdict"], verdicts))
    for number, role in truth.get("roles", {}).items():
        check(thread(report, number)["role"] == role, "%s: thread %s is %s" % (what, number, role))
    for detail in truth.get("threads_detail", []):
        t = thread(report, detail["num"])
        if "role" in detail:  # free text in the founding example ("qemu main loop", "rcu")
            want = detail["role"].lower()
            check(want in t["role_label"].lower() or want.replace(" ", "-") in t["role"],
                  "%s: thread %s is %s (%s)" % (what, detail["num"], want, t["role"]))
        if "state" in detail:
            check(t["state"] == detail["state"], "%s: thread %s is %s" % (what, detail["num"], detail["state"]))
    for number, state in truth.get("states", {}).items():
        check(thread(report, number)["state"] == state, "%s: thread %s state %s" % (what, number, state))
    if "deadlock_cycle" in truth:
        cycle = sorted(step["thread"] for step in report["deadlock_cycle"])
        check(cycle == sorted(truth["deadlock_cycle"]), "%s: the deadlock cycle is threads %s" % (what, cycle))
    for symbol, owner in truth.get("lock_owners", {}).items():
        lock = next(l for l in report["locks"] if l["symbol"] == symbol)
        check(lock["owner"] == owner, "%s: %s is held by thread %s" % (what, symbol, owner))
    for phrase in truth.get("must_not_say", []):
        check(phrase not in markdown and phrase not in json.dumps(report), "%s never says %r" % (what, phrase))


async def serve(args, extra, body):
    params = StdioServerParameters(command="java", args=["-jar", args.jar, "mcp"] + extra)
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            await body(session)


async def main(args):
    async def plain(session):
        tools = {t.name: t for t in (await session.list_tools()).tools}
        check(set(tools) == TOOLS, "the tools are %s" % sorted(tools))
        for tool in tools.values():
            check(len(tool.description) > 80 and tool.input_schema.get("type") == "object",
                  "%s has a description and an input schema" % tool.name)
        check(tools["explain_backtrace"].input_schema["required"] == ["text"], "explain_backtrace requires text")
        check("gdb" in tools["explain_backtrace"].input_schema["properties"]["format"]["enum"], "its format hint lists gdb")
        check(tools["explain_core"].input_schema["required"] == ["path"], "explain_core requires path")
        check(tools["attach_process"].input_schema["required"] == ["pid"], "attach_process requires pid")

        formats = (await session.call_tool("list_formats", {})).structured_content
        ids = [f["id"] for f in formats["input_formats"]]
        check({"gdb", "lldb", "eu-stack", "asan", "kernel"} <= set(ids), "list_formats names the input formats: %s" % ids)
        check("json" in formats["report_formats"], "list_formats names the report formats")

        for text, truth in args.capture:
            with open(text, encoding="utf-8") as f:
                listing = f.read()
            report, markdown = report_of(await session.call_tool("explain_backtrace", {"text": listing, "detail": "full"}), text)
            summary_of(await session.call_tool("explain_backtrace", {"text": listing}), report, text)
            with open(truth, encoding="utf-8") as f:
                check_truth(report, markdown, json.load(f), text)

        # what a careless or hostile client sends: each an error, and the server goes on
        error_of(await session.call_tool("explain_backtrace", {"text": ""}), "empty input", "an empty text")
        error_of(await session.call_tool("explain_backtrace", {"text": "\x00\x01ELF" * 100}), "binary data", "binary data")
        error_of(await session.call_tool("explain_backtrace", {"text": "hello\nworld\n"}), "no backtrace found", "prose")
        error_of(await session.call_tool("explain_backtrace", {"text": "#0 x ()\n" * 200_000}), "more than", "text over --max-input")
        error_of(await session.call_tool("explain_backtrace", {"text": "#0  f () at a.c:1\n", "format": "pdf"}),
                 "pdf", "an unknown format")
        error_of(await session.call_tool("explain_backtrace", {}), "text must be a string and is required", "no text")
        error_of(await session.call_tool("explain_backtrace", {"text": 42}), "text must be a string", "a number as text")
        error_of(await session.call_tool("explain_backtrace", {"txt": "#0 f ()"}), "no argument 'txt'", "a misspelt argument")
        error_of(await session.call_tool("attach_process", {"pid": 1}), "--allow-attach", "attach_process without --allow-attach")
        error_of(await session.call_tool("explain_core", {"path": "/nonexistent/core.1"}), "--allow-core",
                 "explain_core without --allow-core")
        try:
            await session.call_tool("explain_everything", {})
            check(False, "an unknown tool is an error")
        except MCPError as e:
            check("explain_everything" in str(e) or "Unknown tool" in str(e), "an unknown tool is an MCP error: %s" % e)
        text, truth = args.capture[-1]
        with open(text, encoding="utf-8") as f:
            report_of(await session.call_tool("explain_backtrace", {"text": f.read(), "format": "gdb", "detail": "full"}),
                      "after the errors, " + text)

        templates = [t.uri_template for t in (await session.list_resource_templates()).resource_templates]
        check("btexplain://knowledge/{function}" in templates, "the knowledge resource template: %s" % templates)
        index = json.loads((await session.read_resource("btexplain://knowledge")).contents[0].text)
        check("call_rcu_thread" in index["packs"]["qemu"], "the knowledge index lists QEMU's call_rcu_thread")
        rcu = json.loads((await session.read_resource("btexplain://knowledge/call_rcu_thread")).contents[0].text)
        entry = rcu["entries"][0]
        check(entry["pack"] == "qemu" and "RCU" in entry["meaning"] and entry["source"].startswith("qemu"),
              "call_rcu_thread: %s (source %s)" % (entry["meaning"][:100], entry["source"]))
        check(all(p not in json.dumps(rcu) for p in NEVER), "call_rcu_thread's meaning never says RTC")
        try:
            await session.read_resource("btexplain://knowledge/no_such_function_anywhere")
            check(False, "an unknown function is not found")
        except MCPError as e:
            check("no entry" in str(e) or "not found" in str(e).lower(), "an unknown function is an MCP error: %s" % e)

    await serve(args, ["--max-input", "1m", "--time-limit", "30s"], plain)

    if args.core or args.attach:
        async def capturing(session):
            if args.core:
                core, exe = args.core
                # outside the folder it may read, a file that exists and one that does not get the same one line
                for path in ("/etc/passwd", "/nonexistent/core.1", "\0", os.path.dirname(core) + "/../../etc/passwd"):
                    error_of(await session.call_tool("explain_core", {"path": path}), "reads cores only under",
                             "explain_core of %r" % path)
                report, _ = report_of(await session.call_tool("explain_core", {"path": core, "executable": exe, "detail": "full"}),
                                      "the core")
                check(report["verdict"] == "crash" and report["crash"]["signal"] == "SIGSEGV", "the core: a SIGSEGV crash")
                summary = await session.call_tool("explain_core", {"path": core, "executable": exe})
                summary_of(summary, report, "the core's summary")
                check(summary.structured_content["crash"] == report["crash"], "the core's summary: the crash as the report has it")
            if args.attach:
                report, _ = report_of(await session.call_tool("attach_process", {"pid": args.attach, "samples": 2,
                                                                                 "interval": 0.2, "detail": "full"}), "attach_process")
                check(report["verdict"] == "deadlock" and report["confidence"] == "certain",
                      "attach_process: a certain deadlock (%s, %s)" % (report["verdict"], report["confidence"]))
                check(all(l["owner_source"] == "gdb" for l in report["locks"]), "attach_process: owners read by gdb")
        await serve(args, ["--allow-attach"] + (["--allow-core", os.path.dirname(args.core[0])] if args.core else []),
                    capturing)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("jar")
    parser.add_argument("--capture", nargs=2, action="append", default=[], metavar=("TEXT", "TRUTH"))
    parser.add_argument("--core", nargs=2, metavar=("CORE", "EXE"))
    parser.add_argument("--attach", type=int)
    try:
        asyncio.run(main(parser.parse_args()))
    except* AssertionError as group:  # raised inside the SDK's task groups
        print("FAILED: %s" % "; ".join(str(e) for e in group.exceptions))
        sys.exit(1)
    print("all checks passed")
