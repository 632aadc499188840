#!/usr/bin/env bash
# Vendor lists end to end on the samples: a purchased ZoomInfo list delivered twice (refresh by
# vendor record id, dropped ids listed), campaign responses, suppressions, an erasure on request,
# then a purge of the non-responders (dry run, execute, proof) and a scheduled run. Fresh embedded
# database (reports/demo-vendor-db, or LISTGATE_DEMO_DB); reports go to reports/demo-vendor/.
set -euo pipefail
cd "$(dirname "$0")/.."

export LISTGATE_DB="${LISTGATE_DEMO_DB:-reports/demo-vendor-db}"
unset DATABASE_URL # the demo always runs on its own embedded database
REPORTS=reports/demo-vendor
listgate() { bin/listgate.js "$@"; }
step() { printf '\n== %s\n' "$*"; }
batch_of() { sed -n 's/^batch \([^ ]*\) staged.*/\1/p' "$1"; }

rm -rf "$LISTGATE_DB" "$REPORTS"
mkdir -p "$REPORTS"

step "1. Load the CRM snapshot and the suppression list (unsubscribes, competitors, do-not-call)"
listgate crm load --accounts samples/crm/accounts.csv --contacts samples/crm/contacts.csv \
  --leads samples/crm/leads.csv --opportunities samples/crm/opportunities.csv --quiet
listgate suppress import samples/lists/suppressions.csv --quiet

step "2. ZoomInfo delivery v1: stage (report only), then commit. Every row keeps its ZoomInfo id"
listgate stage samples/lists/purchased-zoominfo-v1.csv --pipeline purchased-list --report-dir "$REPORTS/v1" --quiet | tee "$REPORTS/v1.txt"
V1=$(batch_of "$REPORTS/v1.txt")
listgate commit "$V1" --undecided skip --quiet

step "3. Campaign responses: linked by ZoomInfo id or email; unmatched lines listed by row"
listgate responses import samples/lists/responses.csv --pipeline purchased-list --report-dir "$REPORTS/responses" --quiet

step "4. ZoomInfo delivery v2: known ids refresh their records first; new ids are routed; missing ids are listed"
listgate stage samples/lists/purchased-zoominfo-v2.csv --pipeline purchased-list --report-dir "$REPORTS/v2" --quiet | tee "$REPORTS/v2.txt"
V2=$(batch_of "$REPORTS/v2.txt")
echo "dropped from the list (kept, never deleted by a refresh):"
head -4 "$REPORTS/v2/dropped_from_list.csv"
listgate commit "$V2" --undecided skip --quiet

step "5. Erasure on request: the records go, only a hash stays on the suppression list"
ERASE=$(awk -F, 'NR==3 {print $7}' samples/lists/purchased-zoominfo-v2.csv)
listgate suppress erase --email "$ERASE"

step "6. Purge the list's non-responders: dry run first (purge.csv / purge.xlsx say purge or keep, and why)"
listgate purge --vendor ZoomInfo --list "ZoomInfo 2026 Prospects" --report-dir "$REPORTS/purge-dry-run" --quiet
echo "first lines of the dry-run report:"
head -4 "$REPORTS/purge-dry-run/purge.csv" | cut -c1-200

step "7. Execute the purge (one transaction; purge_log keeps vendor, list, id, email hash, time)"
listgate purge --vendor ZoomInfo --list "ZoomInfo 2026 Prospects" --execute --report-dir "$REPORTS/purge" --quiet

step "8. Proof: what the purge log knows about a purged address, and about the erased one"
PURGED=$(awk -F, 'NR>1 && $1=="purge" && $6!="" {print $6; exit}' "$REPORTS/purge/purge.csv")
if [ -n "$PURGED" ]; then listgate purge --proof "$PURGED"; fi
listgate purge --proof "$ERASE"

step "9. A later delivery cannot re-create the erased person: v2 staged again routes that row to suppressed"
listgate stage samples/lists/purchased-zoominfo-v2.csv --pipeline purchased-list --report-dir "$REPORTS/v2-again" --quiet | grep -E 'batch|suppressed'
grep -i "$ERASE" "$REPORTS/v2-again/rows.csv" | cut -c1-160 || true

step "10. A scheduled run over the drop folder: committed files are skipped, the staged one still waits (exit 4)"
code=0
listgate run purchased-list --file "samples/lists/purchased-zoominfo-v*.csv" --auto-commit --log-json --no-wait --quiet || code=$?
echo "listgate run exited with $code (0 committed, 3 already running, 4 left for review, 5 rejects above the policy)"

step "Done. Database: $LISTGATE_DB (rm -rf it when finished); reports: $REPORTS"
