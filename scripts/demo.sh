#!/usr/bin/env bash
# npm run demo: listgate end to end on the samples, in a fresh embedded database (.listgate-demo).
# Needs only `npm ci`. Set LISTGATE_DEMO_DB to use another directory.
set -euo pipefail
cd "$(dirname "$0")/.."

export LISTGATE_DB="${LISTGATE_DEMO_DB:-.listgate-demo}"
unset DATABASE_URL # the demo always runs on its own embedded database
listgate() { node bin/listgate.js "$@"; }
step() { printf '\n== %s\n' "$*"; }

rm -rf "$LISTGATE_DB"

step "1. Load the CRM snapshot (accounts, contacts, leads, opportunities)"
listgate crm load \
  --accounts samples/crm/accounts.csv \
  --contacts samples/crm/contacts.csv \
  --leads samples/crm/leads.csv \
  --opportunities samples/crm/opportunities.csv

step "2. Load it again: records are updated by CRM id, nothing is added"
listgate crm load \
  --accounts samples/crm/accounts.csv \
  --contacts samples/crm/contacts.csv \
  --leads samples/crm/leads.csv \
  --opportunities samples/crm/opportunities.csv --quiet

step "3. Where the database is and what it holds"
listgate db status

# ---------------------------------------------------------------------------------------------
# LATER STAGES GO HERE (lead engineer): suppressions, stage the tradeshow scans (CSV and XLSX),
# review the report, commit, undo; vendor lists (ZoomInfo v1 then v2, responses, purge).
# ---------------------------------------------------------------------------------------------

step "Done. The demo database is in $LISTGATE_DB; remove it with: rm -rf $LISTGATE_DB"
