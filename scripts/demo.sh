#!/usr/bin/env bash
# npm run demo: listgate end to end on the samples, in a fresh embedded database (.listgate-demo).
# Needs only `npm ci`. Set LISTGATE_DEMO_DB to use another directory.
set -euo pipefail
cd "$(dirname "$0")/.."

export LISTGATE_DB="${LISTGATE_DEMO_DB:-.listgate-demo}"
unset DATABASE_URL # the demo always runs on its own embedded database
listgate() { bin/listgate.js "$@"; }
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

step "4. Import the suppression list (unsubscribes, competitors)"
listgate suppress import samples/lists/suppressions.csv

step "5. How listgate reads the badge-scan workbook (title rows, mapping, normalized rows)"
listgate inspect samples/lists/tradeshow-badge-scans.xlsx --pipeline tradeshow --rows 2

step "6. Stage the tradeshow badge scans: every row routed, a report written, nothing in the CRM yet"
report_dir="reports/demo-tradeshow"
rm -rf "$report_dir"
listgate stage samples/lists/tradeshow-badge-scans.csv --pipeline tradeshow --report-dir "$report_dir" --quiet
batch=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$report_dir/summary.json','utf8')).batch_id)")

step "7. What the data steward sees: the merge candidates"
listgate review "$batch" | head -n 30

step "8. The steward decides the first candidate (merge); the others are left undecided and skipped"
first_candidate=$(node -e "
const rows=require('fs').readFileSync('$report_dir/rows.csv','utf8').split(/\r?\n/).slice(1);
const hit=rows.find((l)=>l.split(',')[1]==='merge_candidate'); console.log(hit?hit.split(',')[0]:'');")
if [ -n "$first_candidate" ]; then listgate review "$batch" --decide "$first_candidate=merge"; fi

step "9. Commit the batch in one transaction"
listgate commit "$batch" --undecided skip --quiet

step "10. Back to the CRM: the batch as Salesforce Data Loader files (manifest.json lists them in import order)"
export_dir="reports/demo/export-salesforce"
listgate export "$batch" --crm salesforce --out "$export_dir" | sed -n 1,12p
head -n 3 "$export_dir/Lead-upsert.csv"

step "11. Salesforce imports them (a stand-in org: upsert on Listgate_Id__c) and gives its next export"
node --import tsx scripts/demo-salesforce-import.ts "$export_dir" reports/demo/salesforce-export

step "12. Load Salesforce's export: the records listgate created take their Salesforce ids (LG- ids tied back)"
listgate crm load --crm salesforce --quiet \
  --accounts reports/demo/salesforce-export/Account.csv --contacts reports/demo/salesforce-export/Contact.csv \
  --leads reports/demo/salesforce-export/Lead.csv --opportunities reports/demo/salesforce-export/Opportunity.csv | sed '/^  warning/d'

step "13. Stage the same file again: rows now land on the records just created, by their Salesforce ids (no duplicates)"
listgate stage samples/lists/tradeshow-badge-scans.csv --pipeline tradeshow --report-dir reports/demo-tradeshow-again --quiet

step "14. Batches so far"
listgate batches

echo
echo "To take the tradeshow import back out of the CRM:  LISTGATE_DB=$LISTGATE_DB bin/listgate.js undo $batch"
echo "The report is in $report_dir/report.html (open it in a browser), report.xlsx, rows.csv, summary.json."
echo "Vendor lists (refresh, responses, purge) have their own demo: bash scripts/demo-vendor.sh"

step "Done. The demo database is in $LISTGATE_DB; remove it with: rm -rf $LISTGATE_DB"
