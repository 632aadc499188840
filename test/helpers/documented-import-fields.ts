/**
 * The CRMs' documented object and field names, required fields and choice values, written down
 * from their documentation (sources beside each list) so the tests check listgate's import files
 * against the CRM, not against listgate's own layout files.
 */

export interface DocumentedObject {
  /** field (column) names the CRM documents for the object */
  fields: string[];
  /** fields the CRM requires to create a record; a list inside means "one of these" */
  required: (string | string[])[];
  /** lookup fields -> the relationship name a Data Loader column names a parent by (Account.Ext__c) */
  relationships?: Record<string, string>;
  /** documented choice values, by field */
  choices?: Record<string, string[]>;
  /** the column holding the CRM's own id */
  id: string;
}

export interface DocumentedCrm {
  objects: Record<string, DocumentedObject>;
  /** a custom field the CRM lets an admin add (Salesforce __c, Dynamics publisher-prefixed columns, a HubSpot custom property) */
  isCustomField: (header: string) => boolean;
  /** a column naming a parent by its external id: Salesforce Relationship.Ext__c, Dynamics lookup.altkey */
  parentColumn: (object: string, header: string) => boolean;
  booleans: string[];
}

/*
 * Salesforce: Object Reference for the Salesforce Platform
 *   Lead            https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_lead.htm
 *                   (LastName "Required", Company "Required"; Rating picklist Hot, Warm, Cold; Status defaulted on create)
 *   Contact         .../sforce_api_objects_contact.htm (LastName required; AccountId relationship name Account)
 *   Account         .../sforce_api_objects_account.htm (Name required)
 *   Opportunity     .../sforce_api_objects_opportunity.htm (Name, StageName, CloseDate required; AccountId -> Account)
 *   OpportunityContactRole https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-opportunitycontactrole.html
 *                   (OpportunityId "Required ... cannot be updated"; ContactId, Role, IsPrimary)
 *   CampaignMember  .../sforce_api_objects_campaignmember.htm (CampaignId required, and LeadId or ContactId)
 *   Campaign        .../sforce_api_objects_campaign.htm (Name required)
 * Relating records by an external id (Relationship.ExternalIdField__c columns in Data Loader upserts):
 *   https://developer.salesforce.com/docs/platform/apex-dev/references/apex-dev/langcon-apex-dml-nested-object.html
 */
export const salesforce: DocumentedCrm = {
  objects: {
    Lead: {
      id: 'Id',
      fields: ['Id', 'FirstName', 'LastName', 'Salutation', 'Company', 'Email', 'Phone', 'MobilePhone', 'Title', 'Street', 'City', 'State',
        'PostalCode', 'Country', 'Website', 'Status', 'Rating', 'LeadSource', 'Industry', 'HasOptedOutOfEmail', 'DoNotCall', 'Description', 'OwnerId'],
      required: ['LastName', 'Company'],
      choices: { Rating: ['Hot', 'Warm', 'Cold'] },
    },
    Contact: {
      id: 'Id',
      fields: ['Id', 'AccountId', 'FirstName', 'LastName', 'Salutation', 'Email', 'Phone', 'MobilePhone', 'Title', 'MailingStreet', 'MailingCity',
        'MailingState', 'MailingPostalCode', 'MailingCountry', 'LeadSource', 'HasOptedOutOfEmail', 'DoNotCall', 'Description', 'OwnerId'],
      required: ['LastName'],
      relationships: { AccountId: 'Account' },
    },
    Account: {
      id: 'Id',
      fields: ['Id', 'Name', 'Website', 'Phone', 'BillingStreet', 'BillingCity', 'BillingState', 'BillingPostalCode', 'BillingCountry', 'Type', 'Industry'],
      required: ['Name'],
    },
    Opportunity: {
      id: 'Id',
      fields: ['Id', 'AccountId', 'Name', 'StageName', 'CloseDate', 'LeadSource', 'Amount', 'CampaignId', 'Description', 'OwnerId'],
      required: ['Name', 'StageName', 'CloseDate'],
      relationships: { AccountId: 'Account', CampaignId: 'Campaign' },
    },
    OpportunityContactRole: {
      id: 'Id',
      fields: ['Id', 'OpportunityId', 'ContactId', 'Role', 'IsPrimary'],
      required: ['OpportunityId', 'ContactId'],
      relationships: { OpportunityId: 'Opportunity', ContactId: 'Contact' },
    },
    CampaignMember: {
      id: 'Id',
      fields: ['Id', 'CampaignId', 'LeadId', 'ContactId', 'Status'],
      required: ['CampaignId', ['LeadId', 'ContactId']],
      relationships: { CampaignId: 'Campaign', LeadId: 'Lead', ContactId: 'Contact' },
    },
    Campaign: {
      id: 'Id',
      fields: ['Id', 'Name', 'IsActive', 'Status', 'Type', 'StartDate', 'EndDate'],
      required: ['Name'],
    },
  },
  isCustomField: (header) => /^[A-Za-z][A-Za-z0-9_]*__c$/.test(header),
  parentColumn: (object, header) => {
    const [relationship, field] = header.split('.');
    return Boolean(field) && Object.values(salesforce.objects[object]?.relationships ?? {}).includes(relationship) && salesforce.isCustomField(field);
  },
  booleans: ['true', 'false'],
};

/*
 * Dynamics 365 / Dataverse table reference (logical names):
 *   lead            https://learn.microsoft.com/en-us/dynamics365/sales/developer/entities/lead
 *                   (lastname and subject (Topic) ApplicationRequired; leadqualitycode 1 Hot, 2 Warm, 3 Cold;
 *                    leadsourcecode 1 Advertisement ... 10 Other; donotemail/donotphone two options 0/1)
 *   contact         https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/contact (lastname required; parentcustomerid lookup)
 *   account         .../reference/entities/account (name required)
 *   opportunity     https://learn.microsoft.com/en-us/dynamics365/sales/developer/entities/opportunity (name required; parentaccountid, parentcontactid, estimatedclosedate, stepname)
 *   campaignresponse .../reference/entities/campaignresponse (activityid, subject, regardingobjectid (campaign), customer, responsecode 1 Interested)
 * Lookups in an import resolve through the data map's lookup mapping, to the primary key, the primary name or another
 * column such as an alternate key: https://learn.microsoft.com/en-us/power-apps/developer/data-platform/create-data-maps-for-import
 * Custom columns carry the publisher prefix (lg_listgateid).
 */
export const dynamics: DocumentedCrm = {
  objects: {
    lead: {
      id: 'leadid',
      fields: ['leadid', 'firstname', 'lastname', 'companyname', 'subject', 'emailaddress1', 'emailaddress2', 'telephone1', 'mobilephone', 'jobtitle',
        'address1_line1', 'address1_city', 'address1_stateorprovince', 'address1_postalcode', 'address1_country', 'websiteurl',
        'leadqualitycode', 'leadsourcecode', 'statecode', 'statuscode', 'donotemail', 'donotphone', 'parentaccountid', 'parentcontactid'],
      required: ['lastname', 'subject'],
      choices: { leadqualitycode: ['1', '2', '3'], leadsourcecode: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'], donotemail: ['0', '1'], donotphone: ['0', '1'] },
      relationships: { parentaccountid: 'parentaccountid', parentcontactid: 'parentcontactid' },
    },
    contact: {
      id: 'contactid',
      fields: ['contactid', 'firstname', 'lastname', 'emailaddress1', 'emailaddress2', 'telephone1', 'mobilephone', 'jobtitle', 'address1_line1',
        'address1_city', 'address1_stateorprovince', 'address1_postalcode', 'address1_country', 'donotemail', 'donotphone', 'parentcustomerid'],
      required: ['lastname'],
      choices: { donotemail: ['0', '1'], donotphone: ['0', '1'] },
      relationships: { parentcustomerid: 'parentcustomerid' },
    },
    account: {
      id: 'accountid',
      fields: ['accountid', 'name', 'websiteurl', 'telephone1', 'address1_line1', 'address1_city', 'address1_stateorprovince', 'address1_postalcode', 'address1_country'],
      required: ['name'],
    },
    opportunity: {
      id: 'opportunityid',
      fields: ['opportunityid', 'name', 'stepname', 'parentaccountid', 'parentcontactid', 'customerid', 'estimatedclosedate', 'estimatedvalue'],
      required: ['name'],
      relationships: { parentaccountid: 'parentaccountid', parentcontactid: 'parentcontactid', customerid: 'customerid' },
    },
    campaignresponse: {
      id: 'activityid',
      fields: ['activityid', 'subject', 'regardingobjectid', 'customer', 'responsecode', 'channeltypecode', 'receivedon'],
      required: ['regardingobjectid'],
      choices: { responsecode: ['1', '2', '3', '4'] },
      relationships: { customer: 'customer' },
    },
  },
  isCustomField: (header) => /^[a-z0-9]+_[a-z0-9_]+$/.test(header) && header.startsWith('lg_'),
  parentColumn: (object, header) => {
    const [lookup, field] = header.split('.');
    return Boolean(field) && Object.keys(dynamics.objects[object]?.relationships ?? {}).includes(lookup) && dynamics.isCustomField(field);
  },
  booleans: ['1', '0'],
};

/*
 * HubSpot:
 *   Required properties per object, "Set up your import files":
 *     https://knowledge.hubspot.com/crm-setup/set-up-your-import-file
 *     (Companies: Company domain name; Deals: Deal name, Pipeline, Deal stage; contacts are deduplicated by Email or Record ID)
 *   Default properties (labels as the import maps them):
 *     https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
 *     https://knowledge.hubspot.com/properties/hubspots-default-deal-properties
 *     Lifecycle Stage internal values subscriber, lead, marketingqualifiedlead, salesqualifiedlead, opportunity, customer, evangelist, other;
 *     default pipeline "default", stages appointmentscheduled ... closedlost
 *   Associations in one file: each row holds the associated record's unique identifier (Record ID, or a unique-value property):
 *     https://knowledge.hubspot.com/import-and-export/import-objects
 */
export const hubspot: DocumentedCrm = {
  objects: {
    contacts: {
      id: 'Record ID',
      fields: ['Record ID', 'First Name', 'Last Name', 'Email', 'Phone Number', 'Mobile Phone Number', 'Job Title', 'Street Address', 'City',
        'State/Region', 'Postal Code', 'Country/Region', 'Company Name', 'Website URL', 'Lead Status', 'Lifecycle Stage'],
      required: [['Email', 'Record ID', 'Listgate ID']],
      choices: {
        'Lifecycle Stage': ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'],
        'Lead Status': ['NEW', 'OPEN', 'IN_PROGRESS', 'OPEN_DEAL', 'UNQUALIFIED', 'ATTEMPTED_TO_CONTACT', 'CONNECTED', 'BAD_TIMING'],
      },
      relationships: { 'Company Record ID': 'companies' },
    },
    companies: {
      id: 'Record ID',
      fields: ['Record ID', 'Company name', 'Company Domain Name', 'Phone Number', 'Street Address', 'City', 'State/Region', 'Postal Code', 'Country/Region'],
      required: ['Company Domain Name'],
    },
    deals: {
      id: 'Record ID',
      fields: ['Record ID', 'Deal Name', 'Pipeline', 'Deal Stage', 'Close Date', 'Amount'],
      required: ['Deal Name', 'Pipeline', 'Deal Stage'],
      choices: {
        Pipeline: ['default'],
        'Deal Stage': ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent', 'closedwon', 'closedlost'],
      },
      relationships: { 'Company Record ID': 'companies', 'Contact Record ID': 'contacts' },
    },
  },
  isCustomField: (header) => header === 'Listgate ID',
  // an association column: the associated object's Record ID, or its unique Listgate ID property
  parentColumn: (object, header) => Object.keys(hubspot.objects[object]?.relationships ?? {}).includes(header) || header === 'Contact Listgate ID',
  booleans: ['true', 'false'],
};

export const documentedCrms: Record<'salesforce' | 'dynamics' | 'hubspot', DocumentedCrm> = { salesforce, dynamics, hubspot };
