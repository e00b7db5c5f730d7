/**
 * The policy.yaml Tower writes on first start: shadow mode on, a few read-only commands and
 * in-project reads allowed, everything else to the owner.
 */

/** The commented default policy. */
export const DEFAULT_POLICY_YAML = `# Tower policy: what Tower may answer on its own when a coding agent asks for permission.
#
# How a prompt is decided:
#   1. Trust, plan, question and update dialogs always go to you (the owner).
#   2. Tower's hard blocklist denies, and nothing here can override it: rm -rf outside the project,
#      git push --force, curl ... | sh, credential files (~/.ssh, ~/.aws, .env ...), Tower's own
#      files, tmux send-keys / osascript (an agent approving its own prompts).
#   3. Rules with decision "deny", then "ask", then "allow" (like Claude Code: deny beats ask beats
#      allow, whatever the order below). Deny and ask rules also match any part of a compound command.
#   4. An allow rule only ever matches ONE simple command that Tower parsed exactly: "ls -la src" yes;
#      "ls && curl x | sh", "ls $(id)", "FOO=1 ls", "ls *" never (they go to you). File paths must
#      stay inside the project (the agent's working directory): ".." and .git/.claude go to you.
#   5. Nothing matched: "default" (ask or deny; never allow).
#
# Tower only answers prompts the agent itself shows, so it is never more permissive than the agent's
# own permission settings, and it never picks "Yes, and don't ask again".
#
# Rule fields (all optional except id and decision; every field given must match):
#   agents:   [claude, codex, ...]            tools: [bash, edit, write, read, fetch, mcp, WebFetch, mcp__x__*]
#   commands: ["git status", "npm run test*"] (whole words; a last word ending in * is a word prefix)
#   within_project: true                      (every path argument must be inside the project)
#   pattern:  "^make (lint|test)$"            (regular expression on the command or subject)
#   paths:    ["src/**", "docs/*.md"]         (file prompts; relative to the project, or absolute)
#   domains:  ["docs.python.org", "*.mozilla.org"]   (fetch prompts)
#   projects: ["~/code/my-app"]               (the session's working directory)
#   reason:   "shown to you when this rule decides"
#
# Check a rule without running Tower:  tower policy check "git status"   (or a saved screen file)
# See what your audit log would have done under this policy:  tower policy replay

version: 1

# Shadow mode: Tower decides and writes each decision to the audit log, but types nothing.
# Set to false once the audit log (tower policy replay) shows the decisions you want.
shadow: true

# What happens when no rule matches: ask (leave it to you) or deny.
default: ask

# At most this many automatic approvals per session per minute; beyond that, prompts go to you.
max_auto_per_minute: 20

# How a prompt waiting for you escalates: tray badge and notification at once, then these steps
# (seconds; null leaves a step out). Uncomment to change the defaults shown.
# escalation:
#   dialog_after: 30              # a dialog on the Mac
#   telegram_after: 120           # a Telegram message (when the bridge is set up)
#   phone_after: 600              # a phone call, counted from the Telegram step
#   quiet_hours: "22:00-07:00"    # local time; the quiet channels wait until it ends
#   quiet_channels: [phone]
#   expire_after: 3600            # then the approval ends (the prompt stays at the terminal)

rules:
  - id: read-only-commands
    decision: allow
    tools: [bash]
    commands: ["ls", "pwd", "git status", "git diff", "git log"]
    within_project: true
    reason: read-only commands inside the project

  - id: read-project-files
    decision: allow
    tools: [read]
    paths: ["**"]
    reason: reading files inside the project

  - id: pushes-need-owner
    decision: ask
    commands: ["git push"]
    reason: a push leaves this machine
`;
