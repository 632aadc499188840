import type { CanonicalField } from '../types.js';
import { foldAccents } from '../normalize/text.js';

/**
 * Header spellings of list exports (ZoomInfo, Apollo, LinkedIn Sales Navigator, Dun & Bradstreet,
 * Cvent/Eventbrite badge scans, Dynamics, Salesforce, HubSpot, web forms) for each canonical field,
 * as headerKey makes them. Earlier entries are preferred when several columns of one file match a field
 * ("Direct Phone" wins over "Company HQ Phone").
 */
export const headerSynonyms: Record<CanonicalField, string[]> = {
  first_name: ['firstname', 'fname', 'givenname', 'forename', 'first', 'contactfirstname', 'attendeefirstname', 'leadfirstname', 'personfirstname', 'badgefirstname', 'registrantfirstname', 'vorname', 'prenom', 'nombre', 'firstnamegivenname'],
  last_name: ['lastname', 'lname', 'surname', 'familyname', 'last', 'contactlastname', 'attendeelastname', 'leadlastname', 'personlastname', 'badgelastname', 'registrantlastname', 'nachname', 'nom', 'apellido', 'apellidos', 'lastnamesurname'],
  middle_name: ['middlename', 'middleinitial', 'middle', 'mi', 'secondname'],
  full_name: ['fullname', 'name', 'contactname', 'attendeename', 'personname', 'leadname', 'registrantname', 'badgename', 'displayname', 'contact', 'nameofcontact', 'yourname', 'contactfullname'],
  salutation: ['salutation', 'prefix', 'honorific', 'nameprefix', 'mrms', 'anrede', 'courtesytitle'],
  suffix: ['suffix', 'namesuffix', 'generationalsuffix'],
  email: ['email', 'emailaddress', 'workemail', 'businessemail', 'workemailaddress', 'businessemailaddress', 'primaryemail', 'contactemail', 'attendeeemail', 'emailaddr', 'email1', 'emailaddress1', 'corporateemail', 'officeemail', 'professionalemail', 'personemail', 'leademail', 'registrantemail', 'mail', 'emailid', 'youremail', 'youremailaddress', 'emailwork'],
  secondary_email: ['secondaryemail', 'personalemail', 'email2', 'emailaddress2', 'otheremail', 'alternateemail', 'alternativeemail', 'homeemail', 'supplementalemail', 'secondaryemailaddress', 'personalemailaddress', 'emailpersonal', 'emailhome'],
  phone: ['directphone', 'directphonenumber', 'directdial', 'workdirectphone', 'directline', 'phone', 'phonenumber', 'businessphone', 'workphone', 'officephone', 'telephone', 'telephonenumber', 'tel', 'phone1', 'primaryphone', 'contactphone', 'firstphone', 'attendeephone', 'businessphonenumber', 'workphonenumber', 'phonework', 'telefon', 'telefono', 'telephone1', 'companyphone', 'corporatephone', 'mainphone', 'companyhqphone', 'hqphone', 'companyphonenumber', 'switchboard'],
  phone_ext: ['extension', 'ext', 'phoneextension', 'phoneext', 'directphoneextension', 'businessphoneextension', 'workphoneextension'],
  mobile: ['mobile', 'mobilephone', 'mobilephonenumber', 'mobilenumber', 'cell', 'cellphone', 'cellphonenumber', 'cellnumber', 'mobiletelephone', 'phonemobile', 'handy', 'mobil', 'mobiltelefon', 'celular', 'portable', 'contactmobilephone', 'personalmobile'],
  company: ['company', 'companyname', 'accountname', 'account', 'organization', 'organisation', 'organizationname', 'organisationname', 'org', 'employer', 'companyorganization', 'businessname', 'firm', 'firma', 'empresa', 'unternehmen', 'entreprise', 'societe', 'attendeecompany', 'registrantcompany', 'yourcompany', 'companyaccount', 'employername'],
  website: ['website', 'companywebsite', 'websiteurl', 'url', 'companyurl', 'web', 'webaddress', 'homepage', 'domain', 'companydomain', 'webpage', 'site', 'companywebsiteurl'],
  title: ['jobtitle', 'title', 'position', 'positiontitle', 'jobposition', 'role', 'jobrole', 'designation', 'attendeejobtitle', 'yourtitle', 'businesstitle', 'titleposition'],
  department: ['department', 'departments', 'dept', 'jobfunction', 'function', 'division', 'businessunit', 'companydivisionname'],
  street: ['personstreet', 'street', 'streetaddress', 'address', 'address1', 'addressline1', 'address1street1', 'street1', 'mailingstreet', 'mailingaddress', 'mailingaddressline1', 'workaddress1', 'workaddress', 'businessaddress', 'businessstreet', 'strasse', 'addressstreet', 'billingstreet'],
  street2: ['street2', 'address2', 'addressline2', 'address1street2', 'mailingstreet2', 'workaddress2', 'suite', 'addressline2suite', 'businessstreet2'],
  city: ['personcity', 'city', 'town', 'mailingcity', 'address1city', 'workcity', 'businesscity', 'locality', 'stadt', 'ort', 'ciudad', 'ville', 'billingcity'],
  state: ['personstate', 'state', 'stateprovince', 'province', 'stateorprovince', 'stateregion', 'region', 'mailingstate', 'mailingstateprovince', 'address1stateprovince', 'workstate', 'businessstate', 'statecode', 'stateprovincecode', 'bundesland', 'billingstate', 'billingstateprovince'],
  postal_code: ['personzipcode', 'zip', 'zipcode', 'postalcode', 'postcode', 'zippostalcode', 'postalzipcode', 'mailingzip', 'mailingzipcode', 'mailingpostalcode', 'mailingzippostalcode', 'address1zippostalcode', 'workzip', 'workzipcode', 'workpostalcode', 'businesszip', 'businesspostalcode', 'plz', 'postleitzahl', 'codepostal', 'billingzippostalcode', 'billingpostalcode'],
  country: ['personcountry', 'country', 'countryregion', 'countryname', 'mailingcountry', 'address1countryregion', 'workcountry', 'businesscountry', 'countrycode', 'nation', 'land', 'pais', 'pays', 'billingcountry'],
  vendor_record_id: [],
  lead_source: ['leadsource', 'source', 'originalsource', 'contactsource', 'sourcename'],
  campaign: ['campaign', 'campaignname', 'sourcecampaign', 'primarycampaign', 'utmcampaign', 'event', 'eventname'],
  rating: ['rating', 'leadrating', 'temperature', 'leadtemperature', 'hotwarmcold', 'leadgrade', 'grade', 'priority', 'leadpriority', 'qualification', 'interestlevel', 'levelofinterest'],
  interest: ['interest', 'interests', 'productinterest', 'productsofinterest', 'interestedin', 'areaofinterest', 'areasofinterest', 'solutioninterest'],
  notes: ['notes', 'note', 'comments', 'comment', 'boothnotes', 'leadnotes', 'scannotes', 'remarks', 'description', 'additionalinformation', 'message', 'yourmessage'],
  opt_out: ['optout', 'emailoptout', 'hasoptedoutofemail', 'donotemail', 'unsubscribed', 'unsubscribedfromallemail', 'donotcontact', 'emailoptedout', 'optedout'],
  linkedin_url: ['personlinkedinurl', 'linkedinurl', 'linkedin', 'linkedinprofile', 'linkedinprofileurl', 'linkedincontactprofileurl', 'profileurl', 'linkedinpublicurl', 'salesnavigatorprofileurl'],
  industry: ['industry', 'primaryindustry', 'companyindustry', 'sector', 'industrytype', 'branche'],
  employees: ['employees', 'numberofemployees', 'numberemployees', 'noofemployees', 'employeecount', 'companysize', 'employeesize', 'employeerange', 'headcount', 'employeesallsites', 'employeestotal', 'companyheadcount'],
  revenue: ['revenue', 'annualrevenue', 'revenuerange', 'companyrevenue', 'revenueusd', 'salesusdollars', 'sales', 'annualsales'],
  created_date: ['createddate', 'datecreated', 'createdon', 'createdat', 'createdate', 'createdtime', 'scandate', 'scantime', 'scannedat', 'registrationdate', 'dateregistered', 'registeredon', 'capturedate', 'submittedat', 'submissiondate', 'timestamp', 'date', 'leadcreateddate'],
};

/**
 * The company's own address in person lists (Apollo's "Company Address", "Company City"...): it
 * belongs to the company, not the person, so it is kept with the row but never written on the
 * person's street, city, state, postal code or country.
 */
export const companyAddressHeaders = new Set([
  'companyaddress', 'companystreet', 'companystreetaddress', 'companyaddress1', 'companyaddress2', 'companystreet2',
  'companycity', 'companystate', 'companystateprovince', 'companyregion', 'companycountry', 'companycountryregion',
  'companyzip', 'companyzipcode', 'companypostalcode', 'companypostcode', 'companyhqaddress', 'companyhqcity',
  'companyhqstate', 'companyhqcountry', 'companyhqzip', 'companyhqpostalcode', 'hqaddress', 'hqcity', 'hqstate',
  'hqcountry', 'hqzipcode', 'hqpostalcode', 'headquartersaddress', 'headquarterscity', 'headquartersstate', 'headquarterscountry',
]);

/**
 * Dynamics 365's "Export to Excel" columns (the record's GUID, its row checksum, its modified-on
 * time) that the import uses to find the record again: "(Do Not Modify) Contact" holds a GUID, not
 * the contact's name. Never mapped to a field.
 */
export function isDoNotModifyColumn(header: string): boolean {
  return /^\s*\(\s*do not modify\s*\)/i.test(header);
}

/** Record-id headers of list vendors; used only when the pipeline names a vendor. Earlier is preferred. */
export const vendorIdSynonyms = [
  'zoominfocontactid', 'zoominfopersonid', 'zoominfoid', 'apollocontactid', 'apollopersonid', 'apolloid',
  'salesnavigatorid', 'linkedinmemberid', 'memberid', 'dunsnumber', 'duns', 'dunsno', 'dnbduns',
  'cventid', 'attendeeid', 'attendeenumber', 'registrantid', 'registrationid', 'badgeid', 'badgenumber',
  'contactid', 'personid', 'leadid', 'recordid', 'vendorid', 'vendorrecordid', 'externalid', 'sourceid', 'id',
];

/**
 * A header as a lookup key: accents folded, lower-case, '#' read as "number", punctuation and spaces removed
 * ("E-mail Address" -> "emailaddress", "Mailing State/Province" -> "mailingstateprovince", "# Employees" ->
 * "numberemployees").
 */
export function headerKey(header: string): string {
  return foldAccents(header).toLowerCase().replace(/#/g, ' number ').replace(/^no\.\s/, 'number ').replace(/[^a-z0-9]+/g, '');
}

/** The header without a parenthesized remark: "Revenue (in 000s USD)" -> "revenue". */
export function headerKeyWithoutRemark(header: string): string {
  return headerKey(header.replace(/\([^)]*\)|\[[^\]]*\]/g, ' '));
}

interface SynonymEntry {
  field: CanonicalField;
  rank: number;
}

const synonymIndex: Map<string, SynonymEntry> = (() => {
  const index = new Map<string, SynonymEntry>();
  for (const [field, keys] of Object.entries(headerSynonyms) as Array<[CanonicalField, string[]]>) {
    keys.forEach((key, rank) => {
      if (!index.has(key)) index.set(key, { field, rank });
    });
  }
  return index;
})();

/** The canonical field a header names, and how preferred that spelling is (lower is better). */
export function fieldForHeader(header: string): SynonymEntry | undefined {
  if (isDoNotModifyColumn(header) || companyAddressHeaders.has(headerKey(header))) return undefined;
  return synonymIndex.get(headerKey(header)) ?? synonymIndex.get(headerKeyWithoutRemark(header));
}

/** Rank of a header as a vendor record id column (lower is better), given the vendor's name. */
export function vendorIdRank(header: string, vendor: string): number | undefined {
  const key = headerKey(header);
  const vendorKey = headerKey(vendor);
  if (vendorKey && (key === `${vendorKey}id` || key === `${vendorKey}contactid` || key === `${vendorKey}recordid` || key === `${vendorKey}personid`)) return -1;
  const rank = vendorIdSynonyms.indexOf(key);
  return rank === -1 ? undefined : rank;
}

/** How many cells of a row are known column names: recognizes a header row below title rows. */
export function headerHint(cells: string[]): number {
  let hits = 0;
  for (const cell of cells) if (cell && cell.length < 60 && fieldForHeader(cell)) hits++;
  return hits;
}
